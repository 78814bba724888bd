#include "alerts/routes/slack_interactions.h"

#include <optional>
#include <string>
#include <vector>

#include "alerts/routes/alert_actions.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "providers/slack/slack_client.h"

namespace paved::alerts {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

// The string at `key` of `object`; "" when absent or not a string.
std::string Str(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

struct SlackAction {
  ActionRequest request;
  std::string group, alertname;
};

absl::Status Verify(const AlertsDeps& deps, const http::Request& req) {
  const std::string& secret = deps.config->slack_signing_secret;
  if (secret.empty()) {
    return absl::UnauthenticatedError("Slack interactivity needs slack.signing_secret");
  }
  absl::Status s =
      slack::VerifySignature(secret, req.Header("X-Slack-Request-Timestamp"), req.body,
                             req.Header("X-Slack-Signature"), deps.clock->NowMs() / 1000);
  if (s.ok() || absl::IsUnauthenticated(s)) return s;
  return absl::UnauthenticatedError(std::string(s.message()));
}

absl::StatusOr<nlohmann::json> ParsePayload(const std::string& body) {
  auto form = http::ParseQuery(body);
  auto it = form.find("payload");
  if (it == form.end()) return http::InvalidField("payload", "payload is required");
  auto payload = nlohmann::json::parse(it->second, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return http::InvalidField("payload", "payload must be a JSON object");
  return payload;
}

std::string SlackActor(const nlohmann::json& payload) {
  auto user = payload.find("user");
  if (user == payload.end()) return "slack:unknown";
  for (const char* key : {"username", "name", "id"}) {
    if (std::string name = Str(*user, key); !name.empty()) return "slack:" + name;
  }
  return "slack:unknown";
}

std::optional<SlackAction> ParseAction(const nlohmann::json& action, int64_t now_ms) {
  const std::string id = Str(action, "action_id");
  const std::string value = Str(action, "value");
  size_t bar = value.find('|');
  if (bar == std::string::npos || bar == 0 || bar + 1 == value.size()) return std::nullopt;
  SlackAction out{.group = value.substr(0, bar), .alertname = value.substr(bar + 1)};
  if (id == "ack") {
    out.request.action = AlertAction::kAck;
  } else if (id == "silence_1h" || id == "silence_4h") {
    out.request.action = AlertAction::kSilence;
    out.request.until_ms = now_ms + (id == "silence_1h" ? 1 : 4) * kHourMs;
  } else if (id == "unsilence") {
    out.request.action = AlertAction::kUnsilence;
  } else {
    return std::nullopt;
  }
  return out;
}

// The firing alerts the action applies to.
absl::StatusOr<std::vector<Alert>> Targets(const AlertsDeps& deps, const SlackAction& a,
                                           int64_t now_ms) {
  std::vector<Alert> out;
  AlertFilter filter{
      .alertname = a.alertname, .group_key = a.group, .state = "firing", .limit = 500};
  do {
    ASSIGN_OR_RETURN(AlertPage page, deps.alerts->List(filter));
    for (Alert& alert : page.items) {
      bool applies = alert.status == AlertStatus::kFiring;
      if (a.request.action == AlertAction::kAck) applies = applies && !alert.acknowledged();
      if (a.request.action == AlertAction::kUnsilence) applies = applies && alert.silenced(now_ms);
      if (applies) out.push_back(std::move(alert));
    }
    filter.cursor = page.next_cursor;
  } while (!filter.cursor.empty());
  return out;
}

}  // namespace

absl::StatusOr<http::Response> HandleSlackInteraction(const AlertsDeps& deps, http::Context& ctx) {
  RETURN_IF_ERROR(Verify(deps, ctx.req));
  ASSIGN_OR_RETURN(nlohmann::json payload, ParsePayload(ctx.req.body));
  http::Response ok;
  ok.status = 200;
  auto actions = payload.find("actions");
  if (Str(payload, "type") != "block_actions" || actions == payload.end() || !actions->is_array()) {
    return ok;
  }
  const std::string actor = SlackActor(payload);
  const int64_t now_ms = deps.clock->NowMs();
  for (const auto& raw : *actions) {
    std::optional<SlackAction> action = ParseAction(raw, now_ms);
    if (!action) continue;
    ASSIGN_OR_RETURN(std::vector<Alert> alerts, Targets(deps, *action, now_ms));
    RETURN_IF_ERROR(ApplyAlertAction(deps, alerts, action->request, actor));
  }
  return ok;
}

}  // namespace paved::alerts
