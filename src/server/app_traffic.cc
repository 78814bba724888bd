// The traffic domain wired into the App: stored flow-log analyses and the traffic API, with the
// platform's clusters. Proposals for edges come from the locality advice once it is wired here
// (TrafficDeps::advisor); until then every edge's proposal is null.
#include "server/app.h"
#include "traffic/edges/traffic_routes.h"

namespace paved::server {

absl::Status App::AddTrafficRoutes() {
  traffic_ = std::make_unique<traffic::edges::TrafficStore>(store_.get());
  router_.Add(traffic::edges::TrafficRoutes({.store = store_.get(),
                                             .clock = clock_,
                                             .audit = audit_.get(),
                                             .traffic = traffic_.get(),
                                             .platform = platform_.get()}));
  return absl::OkStatus();
}

}  // namespace paved::server
