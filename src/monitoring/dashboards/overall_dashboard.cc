#include "monitoring/dashboards/overall_dashboard.h"

#include "absl/strings/str_cat.h"
#include "monitoring/dashboards/dashboard_json.h"
#include "monitoring/dashboards/dashboard_uid.h"

namespace paved::monitoring::dashboards {
namespace {

constexpr int kTop = 20;

std::string By(const BurnRateRules& r) {
  return absl::StrCat(r.namespace_label, ", ", r.service_label);
}

PanelQuery Ranked(const BurnRateRules& r, const std::string& rule, const std::string& window) {
  return {absl::StrCat("Top ", kTop, " error-budget burn (", window, ")"),
          absl::StrCat("sort_desc(topk(", kTop, ", max by (", By(r), ") (", rule, ")))"), "short",
          absl::StrCat("{{", r.namespace_label, "}}/{{", r.service_label, "}}")};
}

PanelQuery Burning(const BurnRateRules& r, double over) {
  return {
      absl::StrCat("Services burning > ", over, "x (1h)"),
      absl::StrCat("count(max by (", By(r), ") (", r.burn_rate_1h, ") > ", over, ") or vector(0)"),
      "short", ""};
}

}  // namespace

GeneratedDashboard OverallDashboard(const BurnRateRules& r, const std::string& paved_url) {
  GeneratedDashboard d;
  d.uid = DashboardUid("overall", "slo");
  d.title = "Paved · error-budget burn, every service";
  d.kind = DashboardKind::kOverall;
  DashboardBuilder b(d.uid, d.title, {"paved", "slo"});
  if (!paved_url.empty()) b.Link("Paved", paved_url);
  b.Row("Who is burning");
  b.Stat(Burning(r, 1)).Stat(Burning(r, 14.4));
  b.Timeseries(Ranked(r, r.burn_rate_1h, "1h").title, {Ranked(r, r.burn_rate_1h, "1h")}, 24);
  b.Timeseries(Ranked(r, r.burn_rate_6h, "6h").title, {Ranked(r, r.burn_rate_6h, "6h")}, 24);
  if (!r.burn_rate_3d.empty()) {
    b.Timeseries(Ranked(r, r.burn_rate_3d, "3d").title, {Ranked(r, r.burn_rate_3d, "3d")}, 24);
  }
  b.Row("Firing SLO alerts");
  b.AlertList("SLO alerts", "slo=~\".+\"");
  d.model = b.Build();
  return d;
}

}  // namespace paved::monitoring::dashboards
