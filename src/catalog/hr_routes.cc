#include "catalog/hr_routes.h"
#include "catalog/catalog_schemas.h"
#include "catalog/hr_sync.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "jobs/job_schemas.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

class HrSyncApi {
 public:
  HrSyncApi(store::Store* store, jobs::Scheduler* scheduler, std::shared_ptr<HrSync> sync)
      : store_(store), scheduler_(scheduler), sync_(std::move(sync)) {}

  absl::StatusOr<Response> RunNow(Context& ctx) {
    if (!sync_) {
      return http::ApiError(absl::StatusCode::kFailedPrecondition, "conflict",
                            "no HR source is configured: set catalog.hr_source (url or file) in "
                            "the server config file");
    }
    ASSIGN_OR_RETURN(jobs::Job job, scheduler_->RunNow(kHrSyncJob));
    return http::JsonResponse(202, {{"job", jobs::JobToJson(job)}});
  }

  absl::StatusOr<Response> Runs(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ASSIGN_OR_RETURN(auto runs, ListHrSyncRuns(*store_, page.limit));
    nlohmann::json items = nlohmann::json::array();
    for (const HrSyncRun& run : runs) items.push_back(HrSyncRunToJson(run));
    return http::JsonResponse(200, {{"items", items}});
  }

 private:
  store::Store* store_;
  jobs::Scheduler* scheduler_;
  std::shared_ptr<HrSync> sync_;
};

}  // namespace

std::vector<http::Route> HrSyncRoutes(store::Store* store, jobs::Scheduler* scheduler,
                                      std::shared_ptr<HrSync> sync) {
  auto api = std::make_shared<HrSyncApi>(store, scheduler, std::move(sync));
  return {
      {
          .method = "POST",
          .path = "/api/v1/catalog/sync",
          .access = Access::kSre,
          .summary = "Run the HR team sync now",
          .tag = "catalog",
          .response = jobs::QueuedJobSchema(),
          .success = 202,
          .handler = http::Bind(api, &HrSyncApi::RunNow),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/sync",
          .access = Access::kViewer,
          .summary = "Recent HR team sync runs, newest first",
          .tag = "catalog",
          .query = {"limit"},
          .response = HrSyncRunsSchema(),
          .handler = http::Bind(api, &HrSyncApi::Runs),
      },
  };
}

}  // namespace paved::catalog
