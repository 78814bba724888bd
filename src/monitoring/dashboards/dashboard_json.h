#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::monitoring::dashboards {

// One query panel's content: a title, a PromQL expression (may use `$datasource`-independent
// Grafana variables) and a Grafana unit ("reqps", "percentunit", "s", "bytes", "short", ...).
struct PanelQuery {
  std::string title;
  std::string promql;
  std::string unit;
  std::string legend;  // legendFormat, e.g. "{{service}}"; "" = Grafana's default
};

// Builds a dashboard in Grafana's classic JSON model (schemaVersion 39): rows of panels laid out
// left to right on the 24-column grid, a `datasource` template variable of type prometheus that
// every query panel uses, tags and links. Output is deterministic: the same calls give the same
// bytes (keys sorted, panel ids in order of addition).
class DashboardBuilder {
 public:
  // REQUIRES: uid ≤ 40 characters (see dashboard_uid.h).
  DashboardBuilder(std::string uid, std::string title, std::vector<std::string> tags);

  // Starts a new row titled `title`; the panels added next go under it.
  DashboardBuilder& Row(const std::string& title);
  // A time series of each query (one target per query, refIds A, B, ...), `width` columns of 24.
  DashboardBuilder& Timeseries(const std::string& title, const std::vector<PanelQuery>& queries,
                               int width = 12);
  // A single value (the query's last value), `width` columns.
  DashboardBuilder& Stat(const PanelQuery& query, int width = 6);
  // Grafana's firing alerts, filtered by the label matchers `filter` (e.g. `namespace="shop"`).
  DashboardBuilder& AlertList(const std::string& title, const std::string& filter, int width = 24);
  // Markdown text.
  DashboardBuilder& Text(const std::string& title, const std::string& markdown, int width = 24);
  // A link in the dashboard's header.
  DashboardBuilder& Link(const std::string& title, const std::string& url);
  // A template variable of type query, reading `label_values(<metric>, <label>)`.
  DashboardBuilder& LabelVariable(const std::string& name, const std::string& metric,
                                  const std::string& label);

  // The finished dashboard model (no `id`, `version` 0: Grafana assigns them).
  nlohmann::json Build() const;

 private:
  DashboardBuilder& Add(nlohmann::json panel, int width, int height);

  std::string uid_;
  std::string title_;
  std::vector<std::string> tags_;
  nlohmann::json panels_ = nlohmann::json::array();
  nlohmann::json links_ = nlohmann::json::array();
  nlohmann::json variables_ = nlohmann::json::array();
  int next_id_ = 1;
  int x_ = 0;
  int y_ = 0;
  int row_height_ = 0;
};

// The template variable every query panel reads: `${datasource}`.
inline constexpr char kDatasourceVariable[] = "datasource";

}  // namespace paved::monitoring::dashboards
