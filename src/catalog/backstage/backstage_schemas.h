#pragma once

#include "http/schema.h"

namespace paved::catalog::backstage {

// POST /api/v1/catalog/import: what ImportResult::ToJson writes.
http::Schema ImportResultSchema();
// GET /api/v1/catalog/entities: a page of imported entities with their documents.
http::Schema EntityPageSchema();

}  // namespace paved::catalog::backstage
