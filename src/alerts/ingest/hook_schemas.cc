#include "alerts/ingest/hook_schemas.h"

namespace paved::alerts {

http::Schema HookCountsSchema() {
  return http::Object({{"received", http::Integer()}, {"changed", http::Integer()}});
}

}  // namespace paved::alerts
