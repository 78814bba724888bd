#include "catalog/backstage/backstage_schemas.h"

namespace paved::catalog::backstage {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema ImportResultSchema() {
  Schema problem = Named("CatalogProblem", Object({{"document", Integer()},
                                                   {"entity", String()},
                                                   {"line", Integer()},
                                                   {"field", String()},
                                                   {"message", String()},
                                                   {"origin", Optional(String())}}));
  return Named("CatalogImportResult", Object({{"location", String()},
                                              {"created", Array(String())},
                                              {"updated", Array(String())},
                                              {"unchanged", Array(String())},
                                              {"orphaned", Array(String())},
                                              {"errors", Array(problem)},
                                              {"warnings", Array(problem)}}));
}

Schema EntityPageSchema() {
  return PageOf(Named("CatalogEntity", Object({{"ref", String()},
                                               {"kind", String()},
                                               {"namespace", String()},
                                               {"name", String()},
                                               {"location", String()},
                                               {"orphaned", Boolean()},
                                               {"orphaned_at", Nullable(String())},
                                               {"created_at", String()},
                                               {"updated_at", String()},
                                               {"document", Any()}})));
}

}  // namespace paved::catalog::backstage
