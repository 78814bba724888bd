#include "monitoring/dashboards/namespace_dashboard.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "monitoring/dashboards/dashboard_uid.h"

namespace paved::monitoring::dashboards {
namespace {

// Each query on its own panel, two to a line.
void AddPanels(DashboardBuilder& b, const std::vector<PanelQuery>& queries) {
  for (const PanelQuery& q : queries) b.Timeseries(q.title, {q});
}

std::string Header(const NamespaceInput& in) {
  std::string services = in.services.empty() ? "none declared" : absl::StrJoin(in.services, ", ");
  std::string text =
      absl::StrCat("**Project** ", in.project, " · **Team** ", in.team, " · **Cluster** ",
                   in.cluster, " · **Namespace** ", in.ns, "\n\n**Services** ", services);
  if (!in.project_url.empty()) absl::StrAppend(&text, "\n\n[Open in Paved](", in.project_url, ")");
  return text;
}

}  // namespace

GeneratedDashboard NamespaceDashboard(const NamespaceInput& in) {
  GeneratedDashboard d;
  d.uid = DashboardUid("ns", absl::StrCat(in.cluster, "/", in.ns));
  d.title = absl::StrCat(in.project, " · ", in.ns, " (", in.cluster, ")");
  d.team = in.team;
  d.project = in.project;
  d.cluster = in.cluster;
  d.ns = in.ns;
  d.kind = DashboardKind::kNamespace;
  DashboardBuilder b(d.uid, d.title, {"paved", "team:" + in.team, "project:" + in.project});
  if (!in.project_url.empty()) b.Link("Project in Paved", in.project_url);
  b.Text("About", Header(in));
  b.Row("Requests (rate, errors, duration)");
  AddPanels(b, in.red);
  b.Row("Saturation");
  AddPanels(b, in.saturation);
  if (!in.capacity.empty()) {
    b.Row("Capacity");
    AddPanels(b, in.capacity);
  }
  b.Row("Firing alerts");
  b.AlertList("Alerts in " + in.ns, absl::StrCat("namespace=\"", in.ns, "\""));
  if (!in.extra_panels.empty()) {
    b.Row("From incidents");
    for (const ExtraPanel& p : in.extra_panels)
      b.Timeseries(p.title, {{p.title, p.promql, p.unit}});
  }
  d.model = b.Build();
  return d;
}

}  // namespace paved::monitoring::dashboards
