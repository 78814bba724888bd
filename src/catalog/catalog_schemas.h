#pragma once

#include "http/schema.h"

namespace paved::catalog {

// The JSON bodies the catalog API answers with (teams, projects, ownership, cloud resources,
// HR sync). Named shapes are documented once in OpenAPI.

http::Schema TeamSchema();        // TeamToJson
http::Schema TeamPageSchema();    // GET /teams
http::Schema TeamDetailSchema();  // GET /teams/{slug}: the team, its members and projects
http::Schema TeamMemberSchema();  // POST /teams/{slug}/members: {"login","role"}

http::Schema ProjectSchema();      // ProjectToJson
http::Schema ProjectPageSchema();  // GET /projects: a page, with "facets" when asked for

http::Schema OwnerInfoSchema();              // OwnerInfoToJson: GET /catalog/owner
http::Schema OwnershipHistoryPageSchema();   // GET /projects/{slug}/ownership-history
http::Schema RelationPageSchema();           // GET /projects/{slug}/relations
http::Schema OrphanPageSchema();             // GET /catalog/orphans
http::Schema ScorecardsSchema();             // GET /catalog/scorecards
http::Schema CloudResourceSchema();          // CloudResourceToJson
http::Schema CloudResourcePageSchema();      // GET /catalog/resources
http::Schema CloudResourceOwnerSetSchema();  // PATCH /catalog/resources/{id}: + "tags_written"
http::Schema HrSyncRunsSchema();             // GET /catalog/sync: {"items": [run]}

}  // namespace paved::catalog
