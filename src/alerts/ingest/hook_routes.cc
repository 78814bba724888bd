#include "alerts/ingest/hook_routes.h"

#include <cstdlib>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "alerts/ingest/hook_schemas.h"
#include "alerts/ingest/parse.h"
#include "core/hashing.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::alerts {
namespace {

using http::Context;
using http::Response;

using Parser = std::function<absl::StatusOr<std::vector<IncomingAlert>>(const std::string& body)>;

enum class Answer { kCounts, kEmpty };

std::string TokenOf(const http::Request& req) {
  std::string auth = req.Header("Authorization");
  if (auth.size() > 7 && absl::EqualsIgnoreCase(auth.substr(0, 7), "bearer ")) {
    return std::string(absl::StripAsciiWhitespace(auth.substr(7)));
  }
  return req.QueryParam("token").value_or("");
}

const SourceConfig* Authenticate(const AlertsConfig& config, const http::Request& req) {
  std::string token = TokenOf(req);
  if (token.empty()) return nullptr;
  return config.SourceByTokenHash(Sha256Hex(token));
}

// The configured header, or the first of Grafana's usual names that the request carries.
std::string HeaderOr(const http::Request& req, const std::string& configured,
                     std::initializer_list<const char*> usual) {
  if (!configured.empty()) return req.Header(configured);
  for (const char* name : usual) {
    std::string value = req.Header(name);
    if (!value.empty()) return value;
  }
  return "";
}

// "" when the request carries a valid signature, else why not.
std::string SignatureProblem(const SourceConfig& source, const http::Request& req, int64_t now_ms) {
  if (source.signature_secret.empty()) return "";
  std::string sent = absl::AsciiStrToLower(HeaderOr(
      req, source.signature_header, {"X-Grafana-Alerting-Signature", "X-Grafana-Alert-Signature"}));
  if (sent.empty()) return "missing signature";
  std::string timestamp = HeaderOr(req, source.timestamp_header,
                                   {"X-Grafana-Alerting-Timestamp", "X-Grafana-Alert-Timestamp"});
  if (timestamp.empty() && !source.timestamp_header.empty()) return "missing signature timestamp";
  std::string signed_data = timestamp.empty() ? req.body : timestamp + ":" + req.body;
  if (!ConstantTimeEquals(sent, HmacSha256Hex(source.signature_secret, signed_data))) {
    return "invalid signature";
  }
  if (timestamp.empty()) return "";
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(timestamp, &seconds)) return "signature timestamp is not Unix seconds";
  if (std::abs(now_ms - seconds * 1000) > source.max_signature_age_ms) {
    return "signature timestamp is too far from now (replayed or clock skew)";
  }
  return "";
}

Response Unauthenticated(const std::string& message) {
  return http::ErrorResponse(401, "unauthenticated", message);
}

// A source's requirements (token, then signature and timestamp when configured) hold on every
// hook route: a signed source is never accepted unsigned because it posted to another route.
Response HandleHook(Ingestor* ingestor, const AlertsConfig* config, const Clock* clock,
                    const Parser& parse, Answer answer, Context& ctx) {
  const SourceConfig* source = Authenticate(*config, ctx.req);
  if (source == nullptr) return Unauthenticated("missing or unknown alert source token");
  std::string problem = SignatureProblem(*source, ctx.req, clock->NowMs());
  if (!problem.empty()) return Unauthenticated(problem);
  auto alerts = parse(ctx.req.body);
  if (!alerts.ok()) {
    Response r = http::ErrorFromStatus(alerts.status());
    r.status = 400;  // a malformed body never earns a retry
    return r;
  }
  auto result = ingestor->Ingest(source->name, std::move(*alerts));
  if (!result.ok()) return http::ErrorFromStatus(result.status());
  if (answer == Answer::kEmpty) {
    Response r;
    r.status = 200;
    return r;
  }
  return http::JsonResponse(200, {{"received", result->received}, {"changed", result->changed}});
}

// The handler of a webhook route: parses with `parse`, answers as `answer` says.
http::RouteHandler Hook(Ingestor* ingestor, const AlertsConfig* config, Parser parse,
                        Answer answer) {
  return [=](Context& ctx) {
    return HandleHook(ingestor, config, ingestor->clock(), parse, answer, ctx);
  };
}

}  // namespace

std::vector<http::Route> HookRoutes(Ingestor* ingestor, const AlertsConfig* config) {
  Parser alertmanager = [](const std::string& body) { return ParseAlertmanagerWebhook(body); };
  Parser grafana = [](const std::string& body) { return ParseGrafanaWebhook(body); };
  const Clock* clock = ingestor->clock();
  Parser postable = [clock](const std::string& body) {
    return ParsePostableAlerts(body, clock->NowMs());
  };
  return {
      {
          .method = "POST",
          .path = "/hooks/alertmanager",
          .access = http::Access::kPublic,
          .summary = "Receive an Alertmanager webhook (version 4)",
          .tag = "alerts",
          .query = {"token"},
          .response = HookCountsSchema(),
          .handler = Hook(ingestor, config, alertmanager, Answer::kCounts),
          .authenticates_itself = true,
      },
      {
          .method = "POST",
          .path = "/hooks/grafana",
          .access = http::Access::kPublic,
          .summary = "Receive a Grafana webhook contact point (version 1)",
          .tag = "alerts",
          .query = {"token"},
          .response = HookCountsSchema(),
          .handler = Hook(ingestor, config, grafana, Answer::kCounts),
          .authenticates_itself = true,
      },
      {
          .method = "PUT",
          .path = "/hooks/grafana",
          .access = http::Access::kPublic,
          .summary = "Receive a Grafana webhook contact point (version 1)",
          .tag = "alerts",
          .query = {"token"},
          .response = HookCountsSchema(),
          .handler = Hook(ingestor, config, grafana, Answer::kCounts),
          .authenticates_itself = true,
      },
      {
          .method = "POST",
          .path = "/api/v2/alerts",
          .access = http::Access::kPublic,
          .summary = "Receive alerts as Alertmanager's API v2 (Prometheus)",
          .tag = "alerts",
          .query = {"token"},
          .produces = "",
          .handler = Hook(ingestor, config, postable, Answer::kEmpty),
          .authenticates_itself = true,
      },
  };
}

}  // namespace paved::alerts
