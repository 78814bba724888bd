#pragma once

#include "http/json_body.h"
#include "http/schema.h"

namespace paved::monitoring::incidents {

// Request bodies and answers of the incidents API, for validation and the OpenAPI document.
extern const http::BodySchema kOpenRequest;         // POST /api/v1/incidents
extern const http::BodySchema kProjectOpenRequest;  // POST /api/v1/projects/{slug}/incidents
extern const http::BodySchema kPatchRequest;
extern const http::BodySchema kActionRequest;
extern const http::BodySchema kActionPatchRequest;
extern const http::BodySchema kLessonRequest;
extern const http::BodySchema kNoteRequest;

http::Schema IncidentSchema();
http::Schema IncidentListSchema();
http::Schema TimelineSchema();
http::Schema NoteSchema();
http::Schema ActionListSchema();

}  // namespace paved::monitoring::incidents
