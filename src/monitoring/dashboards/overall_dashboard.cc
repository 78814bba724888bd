#include "monitoring/dashboards/overall_dashboard.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "monitoring/dashboards/dashboard_json.h"
#include "monitoring/dashboards/dashboard_uid.h"

namespace paved::monitoring::dashboards {
namespace {

constexpr int kTop = 20;
constexpr char kBy[] = "namespace, service";

// Namespaces by budget.
std::map<double, std::vector<std::string>> ByBudget(const RecordedSli& sli) {
  std::map<double, std::vector<std::string>> out;
  for (const auto& [ns, budget] : sli.budgets) out[budget].push_back(ns);
  return out;
}

// `namespace=~"a|b"` over names Kubernetes allows ([a-z0-9-]: nothing to escape).
std::string Namespaces(const std::vector<std::string>& names) {
  return absl::StrCat("{namespace=~\"", absl::StrJoin(names, "|"), "\"}");
}

PanelQuery Ranked(const RecordedSli& sli, const std::string& window) {
  return {absl::StrCat("Top ", kTop, " ", sli.title, " budget burn (", window, ")"),
          absl::StrCat("sort_desc(topk(", kTop, ", max by (", kBy, ") (", BurnRateExpr(sli, window),
                       ")))"),
          "short", "{{namespace}}/{{service}}"};
}

PanelQuery Burning(const RecordedSli& sli, double over) {
  return {absl::StrCat("Services burning > ", over, "x (1h)"),
          absl::StrCat("count(max by (", kBy, ") (", BurnRateExpr(sli, "1h"), ") > ", over,
                       ") or vector(0)"),
          "short", ""};
}

}  // namespace

std::string BurnRateExpr(const RecordedSli& sli, const std::string& window) {
  const std::string& record = sli.record.at(window);
  auto groups = ByBudget(sli);
  if (groups.empty()) return absl::StrCat(record, " / 0.001");
  auto common = groups.begin();
  for (auto it = groups.begin(); it != groups.end(); ++it) {
    if (it->second.size() > common->second.size()) common = it;
  }
  std::vector<std::string> others;
  std::vector<std::string> terms;
  for (auto it = groups.begin(); it != groups.end(); ++it) {
    if (it == common) continue;
    others.insert(others.end(), it->second.begin(), it->second.end());
    terms.push_back(absl::StrCat("(", record, Namespaces(it->second), " / ", it->first, ")"));
  }
  std::string main = absl::StrCat("(", record, " / ", common->first, ")");
  if (!others.empty()) {
    main = absl::StrCat("(", main, " unless on (namespace) ", record, Namespaces(others), ")");
  }
  terms.insert(terms.begin(), main);
  return absl::StrJoin(terms, " or ");
}

GeneratedDashboard OverallDashboard(const OverallInput& in) {
  GeneratedDashboard d;
  d.uid = DashboardUid("overall", "slo");
  d.title = "Paved · error-budget burn, every service";
  d.kind = DashboardKind::kOverall;
  DashboardBuilder b(d.uid, d.title, {"paved", "slo"});
  if (!in.paved_url.empty()) b.Link("Paved", in.paved_url);
  b.Row("Who is burning");
  b.Stat(Burning(in.availability, 1)).Stat(Burning(in.availability, 14.4));
  for (const RecordedSli* sli : {&in.availability, &in.latency}) {
    b.Row(absl::StrCat("Burn of the ", sli->title, " budget"));
    for (const char* window : {"1h", "6h", "3d"}) {
      if (!sli->record.count(window)) continue;
      PanelQuery q = Ranked(*sli, window);
      b.Timeseries(q.title, {q}, 24);
    }
  }
  b.Row("Firing SLO alerts");
  b.AlertList("SLO alerts", "slo=~\".+\"");
  d.model = b.Build();
  return d;
}

}  // namespace paved::monitoring::dashboards
