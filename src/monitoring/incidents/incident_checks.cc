#include "monitoring/incidents/incident_checks.h"

#include <regex>

#include "absl/strings/str_cat.h"
#include "core/bounded_regex.h"
#include "core/days.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "monitoring/promql_shape.h"

namespace paved::monitoring::incidents {
namespace {

bool Matches(const std::string& value, const char* pattern, size_t max_bytes) {
  if (value.size() > max_bytes) return false;
  return BoundedRegexMatch(value, std::regex(pattern));
}

// A typed expression with a PromQL shape (monitoring/promql_shape.h), or an invalid `field`.
absl::Status CheckExpression(const std::string& field, const std::string& expr) {
  absl::Status s = CheckPromqlShape(expr);
  if (s.ok()) return s;
  return InvalidField(field, absl::StrCat(field, " is not PromQL: ", s.message()));
}

}  // namespace

absl::Status CheckText(const std::string& field, const std::string& value, size_t max_bytes,
                       bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return MissingField(field);
  }
  if (value.size() > max_bytes) {
    return InvalidField(field, absl::StrCat(field, " is at most ", max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckList(const std::string& field, const std::vector<std::string>& items) {
  if (items.size() > kMaxListItems) {
    return InvalidField(field, absl::StrCat(field, " has at most ", kMaxListItems, " items"));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    absl::Status s = CheckText(absl::StrCat(field, "[", i, "]"), items[i], kMaxTextBytes, true);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckDay(const std::string& field, const std::string& value) {
  if (value.empty()) return MissingField(field);
  if (!ParseDay(value)) return InvalidField(field, field + " is a day YYYY-MM-DD");
  return absl::OkStatus();
}

absl::Status CheckPanel(const ExtraPanel& p) {
  if (absl::Status s = CheckText("panel.title", p.title, kMaxTitleBytes, true); !s.ok()) return s;
  if (absl::Status s = CheckText("panel.promql", p.promql, kMaxPromqlBytes, true); !s.ok()) {
    return s;
  }
  RETURN_IF_ERROR(CheckExpression("panel.promql", p.promql));
  if (!p.unit.empty() && !Matches(p.unit, "[A-Za-z0-9_./:-]+", 40)) {
    return InvalidField("panel.unit", "panel.unit is a Grafana unit such as s or percentunit");
  }
  return absl::OkStatus();
}

absl::Status CheckRule(const ExtraRule& r) {
  if (r.name.empty()) return MissingField("rule.name");
  if (!Matches(r.name, "[A-Za-z_][A-Za-z0-9_]*", 100)) {
    return InvalidField("rule.name", "rule.name is letters, digits and _ (an alert name)");
  }
  if (absl::Status s = CheckText("rule.expr", r.expr, kMaxPromqlBytes, true); !s.ok()) return s;
  RETURN_IF_ERROR(CheckExpression("rule.expr", r.expr));
  if (!r.for_.empty() && !Matches(r.for_, "([0-9]+(ms|s|m|h|d|w|y))+", 20)) {
    return InvalidField("rule.for", "rule.for is a Prometheus duration such as 5m");
  }
  if (r.severity != "critical" && r.severity != "warning" && r.severity != "info") {
    return InvalidField("rule.severity", "rule.severity is critical, warning or info");
  }
  return absl::OkStatus();
}

}  // namespace paved::monitoring::incidents
