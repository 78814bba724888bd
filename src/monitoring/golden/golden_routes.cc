#include "monitoring/golden/golden_routes.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "catalog/projects.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "deploy/rollout/deployment_store.h"
#include "http/json_body.h"
#include "monitoring/golden/golden_schemas.h"
#include "monitoring/golden/golden_signals.h"
#include "monitoring/targets.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring {
namespace {

using http::Access;
using http::Context;
using http::Response;
using nlohmann::json;

constexpr int64_t kDefaultWindowSeconds = int64_t{6} * 3600;
constexpr int64_t kDefaultPoints = 240;
constexpr int64_t kMinStepSeconds = 15;
// Deployments read back from the newest while looking for those in the window.
constexpr int kMaxDeploymentsScanned = 500;

// ?`name`= as a whole number ≥ 0 (absent: nullopt); else invalid_field "`name` must be `what`".
absl::StatusOr<std::optional<int64_t>> SecondsQuery(const http::Request& req,
                                                    const std::string& name, const char* what) {
  std::optional<std::string> raw = req.QueryParam(name);
  if (!raw || raw->empty()) return std::optional<int64_t>();
  int64_t v = 0;
  if (!absl::SimpleAtoi(*raw, &v) || v < 0) {
    return InvalidField(name, name + " must be " + what);
  }
  return std::optional<int64_t>(v);
}

absl::StatusOr<SignalWindow> WindowQuery(const http::Request& req, int64_t now) {
  ASSIGN_OR_RETURN(std::optional<int64_t> to, SecondsQuery(req, "to", "unix seconds"));
  ASSIGN_OR_RETURN(std::optional<int64_t> from, SecondsQuery(req, "from", "unix seconds"));
  ASSIGN_OR_RETURN(std::optional<int64_t> step, SecondsQuery(req, "step", "a number of seconds"));
  SignalWindow w{.to = to.value_or(now)};
  w.from = from.value_or(w.to - kDefaultWindowSeconds);
  if (w.from >= w.to) return InvalidField("from", "from must be before to");
  if (w.to - w.from > kMaxWindowSeconds) {
    return InvalidField("from", "the window may be at most 31 days");
  }
  w.step = step.value_or(std::max(kMinStepSeconds, (w.to - w.from) / kDefaultPoints));
  if (w.step < 1) return InvalidField("step", "step must be at least 1 second");
  if ((w.to - w.from) / w.step + 1 > kMaxPointsPerSeries) {
    return InvalidField("step", "step too small: at most 2000 points per series");
  }
  return w;
}

json PanelJson(const SignalPanel& p) {
  json series = json::array();
  for (const SignalSeries& s : p.series) {
    json points = json::array();
    for (const auto& [t, v] : s.points) {
      points.push_back({t, std::isfinite(v) ? json(v) : json(nullptr)});
    }
    series.push_back({{"service", s.service}, {"points", std::move(points)}});
  }
  return {{"key", p.signal.key},
          {"title", p.signal.title},
          {"unit", p.signal.unit},
          {"group", p.group},
          {"promql", p.signal.promql},
          {"series", std::move(series)},
          {"error", p.error.empty() ? json(nullptr) : json(p.error)}};
}

json Optional(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

json SlosJson(const GoldenSignals& g) {
  json out = json::array();
  for (const SloStatus& s : g.slos) {
    json item = {{"service", s.service}};
    for (const SloBudget& b : s.budgets) {
      item[b.sli] = {{"objective", b.objective},
                     {"error_budget", b.error_budget},
                     {"bad_ratio", Optional(b.bad_ratio)},
                     {"budget_remaining", Optional(b.budget_remaining)},
                     {"burn_rate_1h", Optional(b.burn_rate_1h)}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

json CapacityJson(const GoldenSignals& g) {
  json out = json::array();
  for (const CapacityEstimate& c : g.capacity) {
    out.push_back({{"resource", c.resource},
                   {"service", c.service},
                   {"used", std::isfinite(c.used) ? json(c.used) : json(nullptr)},
                   {"days_left", c.days_left ? json(*c.days_left) : json(nullptr)}});
  }
  return out;
}

class GoldenSignalsApi {
 public:
  explicit GoldenSignalsApi(GoldenSignalsDeps d) : d_(std::move(d)) {}

  absl::StatusOr<Response> Signals(Context& ctx) {
    ASSIGN_OR_RETURN(SignalWindow window, WindowQuery(ctx.req, d_.clock->NowMs() / 1000));
    ASSIGN_OR_RETURN(std::vector<Target> targets,
                     TargetsOf(*d_.store, *d_.config, ctx.Param("slug")));
    ASSIGN_OR_RETURN(const Target* target, Chosen(ctx, targets));
    json body = {{"project", ctx.Param("slug")},
                 {"targets", TargetsJson(targets)},
                 {"window", {{"from", window.from}, {"to", window.to}, {"step", window.step}}},
                 {"prometheus_configured", !d_.config->prometheus_url.empty()},
                 {"cluster", nullptr},
                 {"namespace", nullptr},
                 {"dashboard_url", nullptr},
                 {"panels", json::array()},
                 {"capacity", json::array()},
                 {"capacity_error", nullptr},
                 {"slo_window_days", nullptr},
                 {"slos", json::array()},
                 {"slo_error", nullptr},
                 {"deploys", json::array()}};
    if (target == nullptr) return http::JsonResponse(200, body);
    body["cluster"] = target->cluster;
    body["namespace"] = target->ns;
    body["slo_window_days"] = target->slo.window_days;
    if (d_.dashboard_url) {
      std::string url = d_.dashboard_url(target->cluster, target->ns);
      if (!url.empty()) body["dashboard_url"] = url;
    }
    ASSIGN_OR_RETURN(body["deploys"], Deploys(*target, window));
    if (d_.config->prometheus_url.empty()) return http::JsonResponse(200, body);
    GoldenSignals g =
        ReadGoldenSignals({.http = d_.http, .url = d_.config->prometheus_url}, *target, window);
    for (const SignalPanel& p : g.panels) body["panels"].push_back(PanelJson(p));
    body["capacity"] = CapacityJson(g);
    if (!g.capacity_error.empty()) body["capacity_error"] = g.capacity_error;
    body["slos"] = SlosJson(g);
    if (!g.slo_error.empty()) body["slo_error"] = g.slo_error;
    return http::JsonResponse(200, body);
  }

 private:
  // The target ?cluster= and ?namespace= name, else the first; nullptr when the project has
  // none. A cluster or namespace the project does not have is 404 naming the field.
  static absl::StatusOr<const Target*> Chosen(Context& ctx, const std::vector<Target>& targets) {
    std::string cluster = ctx.req.QueryParam("cluster").value_or("");
    std::string ns = ctx.req.QueryParam("namespace").value_or("");
    for (const Target& t : targets) {
      if ((cluster.empty() || t.cluster == cluster) && (ns.empty() || t.ns == ns)) return &t;
    }
    if (cluster.empty() && ns.empty()) return static_cast<const Target*>(nullptr);
    return DomainError(absl::StatusCode::kNotFound, "not_found",
                       "the project has no namespace " + (ns.empty() ? "*" : Shortened(ns)) +
                           " on cluster " + (cluster.empty() ? "*" : Shortened(cluster)),
                       cluster.empty() ? "namespace" : "cluster");
  }

  static json TargetsJson(const std::vector<Target>& targets) {
    json out = json::array();
    for (const Target& t : targets) {
      out.push_back({{"cluster", t.cluster}, {"namespace", t.ns}, {"environment", t.environment}});
    }
    return out;
  }

  // The project's deployments to the target's cluster and namespace that started or finished
  // in the window, oldest first.
  absl::StatusOr<json> Deploys(const Target& t, const SignalWindow& w) {
    catalog::ProjectStore projects(d_.store, d_.clock);
    ASSIGN_OR_RETURN(std::optional<catalog::Project> p, projects.FindBySlug(t.project));
    if (!p) return json::array();
    deploy::rollout::DeploymentStore store(d_.store, d_.clock);
    deploy::rollout::DeploymentFilter f{.project_id = p->id, .cluster = t.cluster, .limit = 100};
    json out = json::array();
    for (int scanned = 0; scanned < kMaxDeploymentsScanned;) {
      ASSIGN_OR_RETURN(std::vector<deploy::rollout::Deployment> page, store.List(f));
      for (const auto& d : page) {
        int64_t at = d.started_at_ms.value_or(d.created_at_ms) / 1000;
        if (at < w.from) return Reversed(std::move(out));
        if (at <= w.to && d.namespace_name == t.ns) out.push_back(DeployJson(d, at));
      }
      scanned += static_cast<int>(page.size());
      if (static_cast<int>(page.size()) < f.limit) break;
      f.cursor = page.back().id;
    }
    return Reversed(std::move(out));
  }

  static json DeployJson(const deploy::rollout::Deployment& d, int64_t at) {
    return {{"id", d.id},
            {"time", at},
            {"environment", d.environment},
            {"state", deploy::rollout::StateName(d.state)},
            {"digest", d.digest},
            {"requester", d.requester},
            {"rollback", !d.rollback_of.empty()}};
  }

  static json Reversed(json a) {
    std::reverse(a.begin(), a.end());
    return a;
  }

  GoldenSignalsDeps d_;
};

}  // namespace

std::vector<http::Route> GoldenSignalsRoutes(const GoldenSignalsDeps& deps) {
  auto api = std::make_shared<GoldenSignalsApi>(deps);
  return {
      {.method = "GET",
       .path = "/api/v1/projects/{slug}/monitoring/signals",
       .access = Access::kViewer,
       .summary = "A namespace's golden signals from Prometheus, days until it runs out of CPU, "
                  "memory or disk, and the deployments in the window",
       .tag = "monitoring",
       .query = {"cluster", "namespace", "from", "to", "step"},
       .response = GoldenSignalsSchema(),
       .handler = http::Bind(api, &GoldenSignalsApi::Signals)},
  };
}

}  // namespace paved::monitoring
