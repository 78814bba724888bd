#include "traffic/sources/source_routes.h"

#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "jobs/job_schemas.h"

namespace paved::traffic::sources {
namespace {

using http::Access;
using http::Context;
using http::Response;
using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema FileSchema() {
  return Named("TrafficSourceFile", Object({{"key", String()},
                                            {"version", String()},
                                            {"state", Enum({"analysed", "failed"})},
                                            {"days", Array(String())},
                                            {"analysis_id", String()},
                                            {"error", String()},
                                            {"at_ms", Integer()}}));
}

Schema RunSchema() {
  return Named("TrafficSourceRun", Object({{"at_ms", Integer()},
                                           {"state", Enum({"ok", "failed"})},
                                           {"analysis_id", String()},
                                           {"analysed", Integer()},
                                           {"failed", Integer()},
                                           {"reread", Integer()},
                                           {"error", String()}}));
}

Schema SourcesSchema() {
  Schema source = Named("TrafficSource", Object({{"name", String()},
                                                 {"cluster", String()},
                                                 {"kind", Enum({"directory", "s3"})},
                                                 {"location", String()},
                                                 {"pod_history", Enum({"documents", "provider"})},
                                                 {"last_run", Nullable(RunSchema())},
                                                 {"files_analysed", Integer()},
                                                 {"files_failed", Integer()},
                                                 {"files", Array(FileSchema())}}));
  return Named("TrafficSources", Object({{"every_seconds", Integer()}, {"items", Array(source)}}));
}

nlohmann::json FileJson(const FlowFileState& f) {
  return {{"key", f.key},    {"version", f.version},         {"state", f.state},
          {"days", f.days},  {"analysis_id", f.analysis_id}, {"error", f.error},
          {"at_ms", f.at_ms}};
}

nlohmann::json RunJson(const std::optional<SourceRun>& run) {
  if (!run) return nullptr;
  return {{"at_ms", run->at_ms},       {"state", run->state},   {"analysis_id", run->analysis_id},
          {"analysed", run->analysed}, {"failed", run->failed}, {"reread", run->reread},
          {"error", run->error}};
}

class SourcesApi {
 public:
  SourcesApi(TrafficSourceJob* job, SourceFileStore* files, jobs::Scheduler* scheduler)
      : job_(job), files_(files), scheduler_(scheduler) {}

  absl::StatusOr<Response> List(Context&) {
    nlohmann::json items = nlohmann::json::array();
    for (const TrafficSourceSpec& spec : job_->config().sources) {
      ASSIGN_OR_RETURN(nlohmann::json item, SourceJson(spec));
      items.push_back(std::move(item));
    }
    return http::JsonResponse(
        200, {{"every_seconds", job_->config().every_ms / 1000}, {"items", items}});
  }

  absl::StatusOr<Response> Sync(Context& ctx) {
    const std::string name = ctx.Param("name");
    bool known = false;
    for (const TrafficSourceSpec& spec : job_->config().sources) known |= spec.where.name == name;
    if (!known) {
      return http::ApiError(absl::StatusCode::kNotFound, "not_found",
                            "no traffic source '" + name +
                                "': sources are set in traffic.sources of the server config file",
                            "name");
    }
    ASSIGN_OR_RETURN(jobs::Job job,
                     scheduler_->RunNow(TrafficSourceJob::kKind, {{"source", name}}));
    return http::JsonResponse(202, {{"job", jobs::JobToJson(job)}});
  }

 private:
  absl::StatusOr<nlohmann::json> SourceJson(const TrafficSourceSpec& spec) {
    ASSIGN_OR_RETURN(std::vector<FlowFileState> states, files_->Files(spec.where.name));
    ASSIGN_OR_RETURN(std::optional<SourceRun> run, files_->LastRun(spec.where.name));
    nlohmann::json files = nlohmann::json::array();
    int64_t analysed = 0, failed = 0;
    for (const FlowFileState& f : states) {
      (f.state == "failed" ? failed : analysed) += 1;
      files.push_back(FileJson(f));
    }
    return nlohmann::json{{"name", spec.where.name},
                          {"cluster", spec.cluster},
                          {"kind", paved::sources::SourceKind(spec.where)},
                          {"location", paved::sources::SourceLocation(spec.where)},
                          {"pod_history", spec.pods.empty() ? "provider" : "documents"},
                          {"last_run", RunJson(run)},
                          {"files_analysed", analysed},
                          {"files_failed", failed},
                          {"files", files}};
  }

  TrafficSourceJob* job_;
  SourceFileStore* files_;
  jobs::Scheduler* scheduler_;
};

}  // namespace

std::vector<http::Route> SourceRoutes(TrafficSourceJob* job, SourceFileStore* files,
                                      jobs::Scheduler* scheduler) {
  auto api = std::make_shared<SourcesApi>(job, files, scheduler);
  return {
      {
          .method = "GET",
          .path = "/api/v1/traffic/sources",
          .access = Access::kSre,
          .summary = "The flow-log sources (directories, S3 buckets), their last runs and the "
                     "state of their files",
          .tag = "traffic",
          .response = SourcesSchema(),
          .handler = http::Bind(api, &SourcesApi::List),
      },
      {
          .method = "POST",
          .path = "/api/v1/traffic/sources/{name}/sync",
          .access = Access::kSre,
          .summary = "Analyse a flow-log source's new files now",
          .tag = "traffic",
          .response = jobs::QueuedJobSchema(),
          .success = 202,
          .handler = http::Bind(api, &SourcesApi::Sync),
      },
  };
}

}  // namespace paved::traffic::sources
