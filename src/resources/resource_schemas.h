#pragma once

#include "http/schema.h"

namespace paved::resources {

// Response schemas of the resources routes (see http/schema.h).
http::Schema ResourceSchema();
// A creation's answer: a Redis's `auth_token` is in it, and in no other answer.
http::Schema CreatedResourceSchema();
http::Schema ResourcePageSchema();
http::Schema ResourceDetailSchema();
http::Schema ResourceProfileSchema();
http::Schema ResourceProfileListSchema();
// One file of a local static site, and the list of them.
http::Schema SiteFileSchema();
http::Schema SiteFileListSchema();

}  // namespace paved::resources
