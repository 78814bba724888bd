#include "monitoring/dashboards/dashboard_json.h"

#include <utility>

namespace paved::monitoring::dashboards {
namespace {

constexpr int kSchemaVersion = 39;
constexpr int kGridWidth = 24;
constexpr int kPanelHeight = 8;

nlohmann::json DatasourceRef() {
  return {{"type", "prometheus"}, {"uid", std::string("${") + kDatasourceVariable + "}"}};
}

nlohmann::json Target(const PanelQuery& q, int index) {
  nlohmann::json t = {{"datasource", DatasourceRef()},
                      {"expr", q.promql},
                      {"refId", std::string(1, static_cast<char>('A' + index % 26))}};
  if (!q.legend.empty()) t["legendFormat"] = q.legend;
  return t;
}

nlohmann::json Targets(const std::vector<PanelQuery>& queries) {
  nlohmann::json targets = nlohmann::json::array();
  for (size_t i = 0; i < queries.size(); ++i) targets.push_back(Target(queries[i], i));
  return targets;
}

nlohmann::json FieldConfig(const std::string& unit) {
  nlohmann::json defaults = nlohmann::json::object();
  if (!unit.empty()) defaults["unit"] = unit;
  return {{"defaults", defaults}, {"overrides", nlohmann::json::array()}};
}

nlohmann::json DatasourceVariable() {
  return {{"name", kDatasourceVariable},
          {"label", "Data source"},
          {"type", "datasource"},
          {"query", "prometheus"},
          {"hide", 0},
          {"refresh", 1},
          {"skipUrlSync", false}};
}

// Grafana's own annotations (those Paved posts for deploys and config changes among them).
nlohmann::json BuiltInAnnotations() {
  return {{"builtIn", 1},
          {"datasource", {{"type", "grafana"}, {"uid", "-- Grafana --"}}},
          {"enable", true},
          {"hide", true},
          {"iconColor", "rgba(0, 211, 255, 1)"},
          {"name", "Annotations & Alerts"},
          {"type", "dashboard"}};
}

}  // namespace

DashboardBuilder::DashboardBuilder(std::string uid, std::string title,
                                   std::vector<std::string> tags)
    : uid_(std::move(uid)), title_(std::move(title)), tags_(std::move(tags)) {
  variables_.push_back(DatasourceVariable());
}

DashboardBuilder& DashboardBuilder::Add(nlohmann::json panel, int width, int height) {
  if (x_ + width > kGridWidth) {
    x_ = 0;
    y_ += row_height_;
    row_height_ = 0;
  }
  panel["id"] = next_id_++;
  panel["gridPos"] = {{"h", height}, {"w", width}, {"x", x_}, {"y", y_}};
  panels_.push_back(std::move(panel));
  x_ += width;
  if (height > row_height_) row_height_ = height;
  return *this;
}

DashboardBuilder& DashboardBuilder::Row(const std::string& title) {
  if (x_ > 0) {
    x_ = 0;
    y_ += row_height_;
    row_height_ = 0;
  }
  nlohmann::json row = {
      {"type", "row"}, {"title", title}, {"collapsed", false}, {"panels", nlohmann::json::array()}};
  Add(std::move(row), kGridWidth, 1);
  x_ = kGridWidth;  // the next panel starts a new line under the row
  return *this;
}

DashboardBuilder& DashboardBuilder::Timeseries(const std::string& title,
                                               const std::vector<PanelQuery>& queries, int width) {
  std::string unit = queries.empty() ? "" : queries.front().unit;
  return Add({{"type", "timeseries"},
              {"title", title},
              {"datasource", DatasourceRef()},
              {"targets", Targets(queries)},
              {"fieldConfig", FieldConfig(unit)},
              {"options",
               {{"legend", {{"displayMode", "list"}, {"placement", "bottom"}}},
                {"tooltip", {{"mode", "multi"}, {"sort", "desc"}}}}}},
             width, kPanelHeight);
}

DashboardBuilder& DashboardBuilder::Stat(const PanelQuery& query, int width) {
  return Add({{"type", "stat"},
              {"title", query.title},
              {"datasource", DatasourceRef()},
              {"targets", Targets({query})},
              {"fieldConfig", FieldConfig(query.unit)},
              {"options",
               {{"reduceOptions", {{"calcs", {"lastNotNull"}}, {"values", false}}},
                {"graphMode", "area"},
                {"colorMode", "value"}}}},
             width, kPanelHeight / 2);
}

DashboardBuilder& DashboardBuilder::AlertList(const std::string& title, const std::string& filter,
                                              int width) {
  return Add({{"type", "alertlist"},
              {"title", title},
              {"options",
               {{"viewMode", "list"},
                {"groupMode", "default"},
                {"maxItems", 50},
                {"sortOrder", 1},
                {"dashboardAlerts", false},
                {"alertInstanceLabelFilter", "{" + filter + "}"},
                {"stateFilter",
                 {{"firing", true},
                  {"pending", true},
                  {"noData", false},
                  {"normal", false},
                  {"error", true}}}}}},
             width, kPanelHeight);
}

DashboardBuilder& DashboardBuilder::Text(const std::string& title, const std::string& markdown,
                                         int width) {
  return Add({{"type", "text"},
              {"title", title},
              {"options", {{"mode", "markdown"}, {"content", markdown}}}},
             width, kPanelHeight / 2);
}

DashboardBuilder& DashboardBuilder::Link(const std::string& title, const std::string& url) {
  links_.push_back({{"title", title},
                    {"type", "link"},
                    {"url", url},
                    {"icon", "external link"},
                    {"tags", nlohmann::json::array()},
                    {"asDropdown", false},
                    {"includeVars", false},
                    {"keepTime", false},
                    {"targetBlank", true},
                    {"tooltip", ""}});
  return *this;
}

DashboardBuilder& DashboardBuilder::LabelVariable(const std::string& name,
                                                  const std::string& metric,
                                                  const std::string& label) {
  variables_.push_back({{"name", name},
                        {"label", name},
                        {"type", "query"},
                        {"datasource", DatasourceRef()},
                        {"query", "label_values(" + metric + ", " + label + ")"},
                        {"includeAll", true},
                        {"multi", true},
                        {"hide", 0},
                        {"refresh", 2},
                        {"sort", 1},
                        {"skipUrlSync", false}});
  return *this;
}

nlohmann::json DashboardBuilder::Build() const {
  return {{"uid", uid_},
          {"title", title_},
          {"tags", tags_},
          {"schemaVersion", kSchemaVersion},
          {"version", 0},
          {"editable", true},
          {"graphTooltip", 1},
          {"timezone", "browser"},
          {"refresh", "1m"},
          {"time", {{"from", "now-6h"}, {"to", "now"}}},
          {"templating", {{"list", variables_}}},
          {"annotations", {{"list", {BuiltInAnnotations()}}}},
          {"links", links_},
          {"panels", panels_}};
}

}  // namespace paved::monitoring::dashboards
