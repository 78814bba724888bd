#include "cost/source_routes.h"

#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "jobs/job_schemas.h"

namespace paved::cost {
namespace {

using http::Access;
using http::Context;
using http::Response;
using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema SourceFileSchema() {
  return Named("CostSourceFile", Object({{"key", String()},
                                         {"version", String()},
                                         {"state", Enum({"imported", "failed"})},
                                         {"import_id", String()},
                                         {"error", String()},
                                         {"at_ms", Integer()}}));
}

Schema SourcesSchema() {
  Schema source = Named("CostBillSource", Object({{"name", String()},
                                                  {"kind", Enum({"directory", "s3"})},
                                                  {"location", String()},
                                                  {"files", Array(SourceFileSchema())}}));
  return Named("CostBillSources", Object({{"every_seconds", Integer()}, {"items", Array(source)}}));
}

class SourcesApi {
 public:
  SourcesApi(BillSourceJob* job, store::Store* store, jobs::Scheduler* scheduler)
      : job_(job), store_(store), scheduler_(scheduler) {}

  absl::StatusOr<Response> List(Context&) {
    nlohmann::json items = nlohmann::json::array();
    for (const BillSourceSpec& spec : job_->config().sources) {
      ASSIGN_OR_RETURN(std::vector<SourceFileState> states, SourceFileStates(*store_, spec.name));
      nlohmann::json files = nlohmann::json::array();
      for (const SourceFileState& s : states) {
        files.push_back({{"key", s.key},
                         {"version", s.version},
                         {"state", s.state},
                         {"import_id", s.import_id},
                         {"error", s.error},
                         {"at_ms", s.at_ms}});
      }
      items.push_back({{"name", spec.name},
                       {"kind", sources::SourceKind(spec)},
                       {"location", sources::SourceLocation(spec)},
                       {"files", files}});
    }
    return http::JsonResponse(
        200, {{"every_seconds", job_->config().every_ms / 1000}, {"items", items}});
  }

  absl::StatusOr<Response> Run(Context&) {
    if (job_->config().sources.empty()) {
      return http::ApiError(absl::StatusCode::kFailedPrecondition, "conflict",
                            "no bill source is configured: set cost.bill_sources (directories "
                            "or S3 buckets) in the server config file");
    }
    ASSIGN_OR_RETURN(jobs::Job job, scheduler_->RunNow(BillSourceJob::kKind));
    return http::JsonResponse(202, {{"job", jobs::JobToJson(job)}});
  }

 private:
  BillSourceJob* job_;
  store::Store* store_;
  jobs::Scheduler* scheduler_;
};

}  // namespace

std::vector<http::Route> SourceRoutes(BillSourceJob* job, store::Store* store,
                                      jobs::Scheduler* scheduler) {
  auto api = std::make_shared<SourcesApi>(job, store, scheduler);
  return {
      {
          .method = "GET",
          .path = "/api/v1/cost/sources",
          .access = Access::kSre,
          .summary = "The bill sources (directories, S3 buckets) and the state of their files",
          .tag = "cost",
          .response = SourcesSchema(),
          .handler = http::Bind(api, &SourcesApi::List),
      },
      {
          .method = "POST",
          .path = "/api/v1/cost/sources/run",
          .access = Access::kSre,
          .summary = "Import new bills from the bill sources now",
          .tag = "cost",
          .response = jobs::QueuedJobSchema(),
          .success = 202,
          .handler = http::Bind(api, &SourcesApi::Run),
      },
  };
}

}  // namespace paved::cost
