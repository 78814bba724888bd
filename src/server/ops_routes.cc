#include "server/ops_routes.h"

#include "absl/strings/numbers.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "server/app.h"
#include "server/openapi.h"
#include "server/ops_schemas.h"

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

std::vector<http::Route> OpsRoutes(const OpsDeps& deps) {
  OpsDeps d = deps;
  return {
      {
          .method = "GET",
          .path = "/healthz",
          .access = Access::kPublic,
          .summary = "Liveness: the process answers",
          .tag = "platform",
          .response = HealthSchema(),
          .handler =
              [](Context&) {
                return http::JsonResponse(200, {{"status", "ok"}});
              },
      },
      {
          .method = "GET",
          .path = "/readyz",
          .access = Access::kPublic,
          .summary = "Readiness: the store answers",
          .tag = "platform",
          .response = HealthSchema(),
          .handler =
              [d](Context&) {
                absl::Status s = d.store->Ping();
                if (s.ok()) return http::JsonResponse(200, {{"status", "ready"}});
                return http::JsonResponse(
                    503, {{"status", "unavailable"}, {"reason", std::string(s.message())}});
              },
      },
      {
          .method = "GET",
          .path = "/metrics",
          .access = Access::kPublic,
          .summary = "Prometheus metrics of this replica",
          .tag = "platform",
          .produces = "text/plain",
          .handler =
              [d](Context&) {
                return Text(200, "text/plain; version=0.0.4; charset=utf-8",
                            d.metrics->Render(kVersion));
              },
      },
      {
          .method = "GET",
          .path = "/api/v1/openapi.json",
          .access = Access::kPublic,
          .summary = "This API's OpenAPI 3 document",
          .tag = "platform",
          .response = OpenApiSchema(),
          .handler =
              [d](Context&) { return http::JsonResponse(200, BuildOpenApi(*d.router, kVersion)); },
      },
      {
          .method = "GET",
          .path = "/api/v1/audit",
          .access = Access::kViewer,
          .summary = "The audit log, newest first",
          .tag = "audit",
          .query = {"subject", "subject_prefix", "actor", "limit", "cursor"},
          .response = AuditEventPageSchema(),
          .handler = http::Handle([d](Context& c) { return ListAudit(d, c); }),
      },
      {
          .method = "GET",
          .path = "/api/v1/events/stream",
          .access = Access::kViewer,
          .summary = "New audit events as server-sent events (resume with Last-Event-ID)",
          .tag = "audit",
          .query = {"after"},
          .produces = "text/event-stream",
          .handler = http::Handle([d](Context& c) { return Stream(d, c); }),
      },
      {
          .method = "GET",
          .path = "/api/v1/jobs",
          .access = Access::kAdmin,
          .summary = "Durable jobs, newest first",
          .tag = "jobs",
          .query = {"state", "limit", "cursor"},
          .response = JobPageSchema(),
          .handler = http::Handle([d](Context& c) { return ListJobs(d, c); }),
      },
  };
}

}  // namespace paved::server
