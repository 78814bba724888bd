#pragma once

#include "http/schema.h"

namespace paved::resources {

// Response schemas of the resources routes (see http/schema.h).
http::Schema ResourceSchema();
http::Schema ResourcePageSchema();
http::Schema ResourceDetailSchema();
http::Schema ResourceProfileSchema();
http::Schema ResourceProfileListSchema();

}  // namespace paved::resources
