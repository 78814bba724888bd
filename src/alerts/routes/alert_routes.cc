#include "alerts/routes/alert_routes.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "alerts/delivery/current_message.h"
#include "alerts/routes/alert_actions.h"
#include "alerts/routes/alert_history.h"
#include "alerts/routes/alert_schemas.h"
#include "alerts/routes/slack_interactions.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::alerts {
namespace {

using http::Access;
using http::Context;
using http::Response;

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;
constexpr size_t kMaxComment = 1000;

const http::BodySchema kAckBody = {{.name = "comment", .description = "Recorded in the audit log"}};
const http::BodySchema kSilenceBody = {
    {.name = "duration", .required = true, .description = "1m to 30d, e.g. 2h, 1h30m, 7d"},
    {.name = "comment", .description = "Recorded in the audit log"}};
const http::BodySchema kUnsilenceBody = kAckBody;

const char* const kStates[] = {"firing", "resolved", "acknowledged", "silenced", "unowned"};

// Unix milliseconds or RFC 3339; `fallback` when absent.
// A group is (cluster, namespace); `namespace` must be given but may be empty: the group of
// alerts without a namespace label.
absl::Status NamespaceRequired() {
  return http::InvalidField("namespace",
                            "namespace is required (empty: alerts without a namespace label)");
}

absl::StatusOr<int64_t> TimeParam(const http::Request& req, const std::string& name,
                                  int64_t fallback) {
  std::string text = req.QueryParam(name).value_or("");
  if (text.empty()) return fallback;
  int64_t ms = 0;
  if (absl::SimpleAtoi(text, &ms)) return ms;
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return absl::ToUnixMillis(t);
  return http::InvalidField(name,
                            name + " must be RFC 3339 (2026-11-24T09:00:00Z) or Unix milliseconds");
}

// A body that may be empty (every field optional).
absl::StatusOr<nlohmann::json> OptionalBody(const http::Request& req,
                                            const http::BodySchema& schema) {
  if (absl::StripAsciiWhitespace(req.body).empty()) return nlohmann::json::object();
  ASSIGN_OR_RETURN(nlohmann::json body, http::ParseBody(req, schema));
  if (body.value("comment", "").size() > kMaxComment) {
    return http::InvalidField("comment", "comment must be at most 1000 characters");
  }
  return body;
}

absl::StatusOr<int64_t> SilenceDuration(const std::string& text) {
  auto ms = ParseDurationMs(text);
  if (!ms.ok() || *ms < kMinuteMs || *ms > 30 * kDayMs) {
    return http::InvalidField("duration", "duration must be from 1m to 30d, e.g. 30m, 2h, 7d");
  }
  return *ms;
}

absl::StatusOr<AlertFilter> ListFilter(const http::Request& req) {
  ASSIGN_OR_RETURN(auto page, http::ParsePage(req));
  auto q = [&](const char* name) { return req.QueryParam(name).value_or(""); };
  AlertFilter f{.ns = q("namespace"),
                .cluster = q("cluster"),
                .team = q("team"),
                .project = q("project"),
                .severity = q("severity"),
                .alertname = q("alertname"),
                .group_key = q("group"),
                .state = q("state"),
                .limit = page.limit,
                .cursor = page.cursor};
  if (!f.state.empty() &&
      std::find(std::begin(kStates), std::end(kStates), f.state) == std::end(kStates)) {
    return http::InvalidField("state",
                              "state must be firing, resolved, acknowledged, silenced or unowned");
  }
  return f;
}

class AlertsApi {
 public:
  AlertsApi(const AlertsDeps& deps, AlertStream* stream)
      : d_(deps), stream_(stream), teams_(deps.store, deps.clock) {}

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(AlertFilter filter, ListFilter(ctx.req));
    absl::StatusOr<AlertPage> listed = d_.alerts->List(filter);
    if (absl::IsInvalidArgument(listed.status()) && !filter.cursor.empty()) {
      return http::InvalidField("cursor", "cursor is not one this list gave");
    }
    ASSIGN_OR_RETURN(AlertPage page, std::move(listed));
    const int64_t now = d_.clock->NowMs();
    nlohmann::json items = nlohmann::json::array();
    for (const Alert& a : page.items) items.push_back(AlertToJson(a, now));
    return http::PageResponse(items, page.next_cursor);
  }

  absl::StatusOr<Response> Summary(Context&) {
    ASSIGN_OR_RETURN(AlertSummary s, d_.alerts->Summary());
    return http::JsonResponse(200, AlertSummaryToJson(s));
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(Alert alert, Load(ctx.Param("fingerprint")));
    nlohmann::json out = AlertToJson(alert, d_.clock->NowMs());
    ASSIGN_OR_RETURN(auto events, d_.alerts->History({.fingerprint = alert.fingerprint}));
    out["events"] = nlohmann::json::array();
    for (const AlertEvent& e : events) out["events"].push_back(AlertEventToJson(e));
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> Ack(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, OptionalBody(ctx.req, kAckBody));
    return Control(ctx, {.action = AlertAction::kAck, .comment = body.value("comment", "")});
  }

  absl::StatusOr<Response> Silence(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kSilenceBody));
    ASSIGN_OR_RETURN(int64_t duration, SilenceDuration(body["duration"].get<std::string>()));
    if (body.value("comment", "").size() > kMaxComment) {
      return http::InvalidField("comment", "comment must be at most 1000 characters");
    }
    return Control(ctx, {.action = AlertAction::kSilence,
                         .until_ms = d_.clock->NowMs() + duration,
                         .comment = body.value("comment", "")});
  }

  absl::StatusOr<Response> Unsilence(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, OptionalBody(ctx.req, kUnsilenceBody));
    return Control(ctx, {.action = AlertAction::kUnsilence, .comment = body.value("comment", "")});
  }

  absl::StatusOr<Response> History(Context& ctx) {
    std::optional<std::string> cluster = ctx.req.QueryParam("cluster");
    std::optional<std::string> ns = ctx.req.QueryParam("namespace");
    if (!ns) return NamespaceRequired();
    GroupHistoryQuery q{
        .ns = *ns, .cluster = cluster.value_or(""), .all_clusters = !cluster.has_value()};
    const int64_t now = d_.clock->NowMs();
    ASSIGN_OR_RETURN(q.until_ms, TimeParam(ctx.req, "until", now));
    ASSIGN_OR_RETURN(q.since_ms, TimeParam(ctx.req, "since", q.until_ms - kDayMs));
    if (q.since_ms > q.until_ms)
      return http::InvalidField("since", "since must not be after until");
    ASSIGN_OR_RETURN(nlohmann::json out, GroupHistory(d_, q));
    return http::JsonResponse(200, out);
  }

  // The group's chat message as the delivery would post it now, and where it would go.
  absl::StatusOr<Response> Message(Context& ctx) {
    std::optional<std::string> ns = ctx.req.QueryParam("namespace");
    if (!ns) return NamespaceRequired();
    const std::string group = ctx.req.QueryParam("cluster").value_or("") + "/" + *ns;
    ASSIGN_OR_RETURN(CurrentMessage m, RenderCurrentMessage(d_, group));
    if (m.alerts.empty()) return absl::NotFoundError("no alerts in group " + group);
    const AlertsConfig& config = *d_.config;
    std::string chat = !config.slack_bot_token.empty()     ? "slack"
                       : !config.slack_webhook_url.empty() ? "incoming_webhook"
                                                           : "none";
    return http::JsonResponse(200, {{"group", group},
                                    {"chat", chat},
                                    {"destination",
                                     {{"notify", m.destination.notify},
                                      {"channel", m.destination.channel},
                                      {"mention", m.destination.mention},
                                      {"unowned", m.destination.unowned}}},
                                    {"text", m.rendered.text},
                                    {"blocks", m.rendered.blocks}});
  }

  absl::StatusOr<Response> Stream(Context& ctx) {
    if (!stream_) return absl::UnavailableError("the alert stream is not running");
    Response r;
    r.stream = stream_->Subscribe(ctx.req.QueryParam("group").value_or(""));
    return r;
  }

  absl::StatusOr<Response> Slack(Context& ctx) { return HandleSlackInteraction(d_, ctx); }

 private:
  absl::StatusOr<Response> Control(Context& ctx, const ActionRequest& request) {
    ASSIGN_OR_RETURN(Alert alert, Load(ctx.Param("fingerprint")));
    RETURN_IF_ERROR(CheckAlertControl(*ctx.caller, alert, teams_));
    RETURN_IF_ERROR(ApplyAlertAction(d_, {alert}, request, ctx.caller->login));
    ASSIGN_OR_RETURN(alert, Load(alert.fingerprint));
    return http::JsonResponse(200, AlertToJson(alert, d_.clock->NowMs()));
  }

  absl::StatusOr<Alert> Load(const std::string& fingerprint) {
    ASSIGN_OR_RETURN(auto alert, d_.alerts->Get(fingerprint));
    if (!alert) return absl::NotFoundError("no alert " + fingerprint);
    return *alert;
  }

  AlertsDeps d_;
  AlertStream* stream_;
  catalog::TeamStore teams_;
};

}  // namespace

std::vector<http::Route> AlertRoutes(const AlertsDeps& deps, AlertStream* stream) {
  auto api = std::make_shared<AlertsApi>(deps, stream);
  return {
      {
          .method = "GET",
          .path = "/api/v1/alerts",
          .access = Access::kViewer,
          .summary = "List alerts",
          .tag = "alerts",
          .query = {"namespace", "cluster", "team", "project", "severity", "alertname", "group",
                    "state", "limit", "cursor"},
          .response = AlertPageSchema(),
          .handler = http::Bind(api, &AlertsApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/alerts/summary",
          .access = Access::kViewer,
          .summary = "Alert counts, by team, severity and group",
          .tag = "alerts",
          .response = AlertSummarySchema(),
          .handler = http::Bind(api, &AlertsApi::Summary),
      },
      {
          .method = "GET",
          .path = "/api/v1/alerts/history",
          .access = Access::kViewer,
          .summary = "A namespace's alert events with its project's deploys and config changes",
          .tag = "alerts",
          .query = {"namespace", "cluster", "since", "until"},
          .response = AlertHistorySchema(),
          .handler = http::Bind(api, &AlertsApi::History),
      },
      {
          .method = "GET",
          .path = "/api/v1/alerts/message",
          .access = Access::kViewer,
          .summary = "A group's chat message as it would be posted now, and its destination",
          .tag = "alerts",
          .query = {"namespace", "cluster"},
          .response = AlertMessageSchema(),
          .handler = http::Bind(api, &AlertsApi::Message),
      },
      {
          .method = "GET",
          .path = "/api/v1/alerts/stream",
          .access = Access::kViewer,
          .summary = "Live alert changes (server-sent events)",
          .tag = "alerts",
          .query = {"group"},
          .produces = "text/event-stream",
          .handler = http::Bind(api, &AlertsApi::Stream),
      },
      {
          .method = "GET",
          .path = "/api/v1/alerts/{fingerprint}",
          .access = Access::kViewer,
          .summary = "An alert with its events",
          .tag = "alerts",
          .response = AlertDetailSchema(),
          .handler = http::Bind(api, &AlertsApi::Get),
      },
      {
          .method = "POST",
          .path = "/api/v1/alerts/{fingerprint}/ack",
          .access = Access::kDeveloper,
          .summary = "Acknowledge an alert",
          .tag = "alerts",
          .request = kAckBody,
          .response = AlertSchema(),
          .handler = http::Bind(api, &AlertsApi::Ack),
      },
      {
          .method = "POST",
          .path = "/api/v1/alerts/{fingerprint}/silence",
          .access = Access::kDeveloper,
          .summary = "Silence an alert for a while",
          .tag = "alerts",
          .request = kSilenceBody,
          .response = AlertSchema(),
          .handler = http::Bind(api, &AlertsApi::Silence),
      },
      {
          .method = "POST",
          .path = "/api/v1/alerts/{fingerprint}/unsilence",
          .access = Access::kDeveloper,
          .summary = "End an alert's silence",
          .tag = "alerts",
          .request = kUnsilenceBody,
          .response = AlertSchema(),
          .handler = http::Bind(api, &AlertsApi::Unsilence),
      },
      // The one public route: Slack's request signature is checked by the handler.
      {
          .method = "POST",
          .path = "/api/v1/slack/interactions",
          .access = Access::kPublic,
          .summary = "Slack buttons (signed by Slack)",
          .tag = "alerts",
          .produces = "",
          .handler = http::Bind(api, &AlertsApi::Slack),
          .authenticates_itself = true,
      },
  };
}

}  // namespace paved::alerts
