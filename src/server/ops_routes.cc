#include "server/ops_routes.h"

#include "absl/strings/numbers.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "server/app.h"
#include "server/openapi.h"

namespace paved::server {
namespace {

using http::Access;
using http::Context;
using http::Response;

absl::StatusOr<Response> ListAudit(const OpsDeps& d, Context& ctx) {
  ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
  audit::EventFilter f{.subject = ctx.req.QueryParam("subject"),
                       .actor = ctx.req.QueryParam("actor"),
                       .limit = page.limit + 1};
  // e.g. "config:chat-gateway/" for every config set of the project, in every environment.
  if (auto prefix = ctx.req.QueryParam("subject_prefix"); prefix && !prefix->empty()) {
    f.subject_prefixes = {*prefix};
  }
  if (!page.cursor.empty()) {
    int64_t seq;
    if (!absl::SimpleAtoi(page.cursor, &seq)) return http::InvalidField("cursor", "bad cursor");
    f.before_seq = seq;
  }
  ASSIGN_OR_RETURN(auto events, d.audit->List(f));
  std::string next;
  if (static_cast<int>(events.size()) > page.limit) {
    events.resize(page.limit);
    next = std::to_string(events.back().seq);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : events) items.push_back(audit::EventToJson(e));
  return http::PageResponse(items, next);
}

absl::StatusOr<Response> Stream(const OpsDeps& d, Context& ctx) {
  int64_t after = -1;
  std::string last = ctx.req.Header("Last-Event-ID");
  if (last.empty()) last = ctx.req.QueryParam("after").value_or("");
  if (!last.empty() && !absl::SimpleAtoi(last, &after)) {
    return http::InvalidField("Last-Event-ID", "Last-Event-ID must be an event seq");
  }
  Response r;
  r.stream = d.feed->Subscribe(after);
  return r;
}

absl::StatusOr<Response> ListJobs(const OpsDeps& d, Context& ctx) {
  ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
  std::optional<jobs::JobState> state;
  if (auto s = ctx.req.QueryParam("state")) {
    for (auto st : {jobs::JobState::kQueued, jobs::JobState::kRunning, jobs::JobState::kSucceeded,
                    jobs::JobState::kDead}) {
      if (jobs::JobStateName(st) == *s) state = st;
    }
    if (!state)
      return http::InvalidField("state", "state must be queued, running, succeeded or dead");
  }
  ASSIGN_OR_RETURN(auto list, d.jobs->List(state, page.limit + 1, page.cursor));
  std::string next;
  if (static_cast<int>(list.size()) > page.limit) {
    list.resize(page.limit);
    next = list.back().id;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& j : list) items.push_back(jobs::JobToJson(j));
  return http::PageResponse(items, next);
}

Response Text(int status, const std::string& content_type, std::string body) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

void RegisterOpsRoutes(http::Router& router, const OpsDeps& deps) {
  OpsDeps d = deps;
  router.Add({"GET",
              "/healthz",
              Access::kPublic,
              "Liveness: the process answers",
              "platform",
              std::nullopt,
              {},
              [](Context&) {
                return http::JsonResponse(200, {{"status", "ok"}});
              }});
  router.Add({"GET",
              "/readyz",
              Access::kPublic,
              "Readiness: the store answers",
              "platform",
              std::nullopt,
              {},
              [d](Context&) {
                absl::Status s = d.store->Ping();
                if (s.ok()) return http::JsonResponse(200, {{"status", "ready"}});
                return http::JsonResponse(
                    503, {{"status", "unavailable"}, {"reason", std::string(s.message())}});
              }});
  router.Add({"GET",
              "/metrics",
              Access::kPublic,
              "Prometheus metrics of this replica",
              "platform",
              std::nullopt,
              {},
              [d](Context&) {
                return Text(200, "text/plain; version=0.0.4; charset=utf-8",
                            d.metrics->Render(kVersion));
              }});
  router.Add(
      {"GET",
       "/api/v1/openapi.json",
       Access::kPublic,
       "This API's OpenAPI 3 document",
       "platform",
       std::nullopt,
       {},
       [d](Context&) { return http::JsonResponse(200, BuildOpenApi(*d.router, kVersion)); }});
  router.Add({"GET",
              "/api/v1/audit",
              Access::kViewer,
              "The audit log, newest first",
              "audit",
              std::nullopt,
              {"subject", "subject_prefix", "actor", "limit", "cursor"},
              http::Handle([d](Context& c) { return ListAudit(d, c); })});
  router.Add({"GET",
              "/api/v1/events/stream",
              Access::kViewer,
              "New audit events as server-sent events (resume with Last-Event-ID)",
              "audit",
              std::nullopt,
              {"after"},
              http::Handle([d](Context& c) { return Stream(d, c); })});
  router.Add({"GET",
              "/api/v1/jobs",
              Access::kAdmin,
              "Durable jobs, newest first",
              "jobs",
              std::nullopt,
              {"state", "limit", "cursor"},
              http::Handle([d](Context& c) { return ListJobs(d, c); })});
}

}  // namespace paved::server
