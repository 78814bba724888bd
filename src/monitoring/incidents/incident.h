#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::monitoring::incidents {

// A panel a lesson asks for on the namespace's generated dashboard.
struct ExtraPanel {
  std::string title;
  std::string promql;
  std::string unit;  // Grafana unit ("s", "percentunit", "reqps"); "" = none
};

// An alerting rule a lesson asks for in the namespace's generated rules.
struct ExtraRule {
  std::string name;  // alertname
  std::string expr;  // PromQL
  std::string for_;  // Prometheus duration ("5m"); "" = fire at once
  std::string severity;
};

struct Lesson {
  int number = 0;  // 1, 2, … within the incident
  std::string text;
  std::optional<ExtraPanel> panel;
  std::optional<ExtraRule> rule;
  std::string created_by;
  int64_t created_at_ms = 0;
};

// A follow-up action, owned by a user (login) or a team (slug).
struct Action {
  int number = 0;  // 1, 2, … within the incident
  std::string title;
  std::string owner_kind;  // user | team
  std::string owner;
  std::string due;    // YYYY-MM-DD
  std::string state;  // open | done
  std::optional<int64_t> done_at_ms;
  std::string created_by;
  int64_t created_at_ms = 0;
  // Filled on reads of actions across incidents (overdue lists).
  std::string incident_id, incident_title, project;
};

struct Incident {
  std::string id;
  std::string project_id;
  std::string project;        // slug, filled on reads
  std::string team;           // the project's owner team slug, filled on reads
  std::string owner_team_id;  // filled on reads
  std::string title;
  std::string severity = "sev3";  // sev1 (worst) … sev4
  std::string state = "open";     // open | mitigated | resolved
  std::string impact;
  int64_t opened_at_ms = 0;
  int64_t started_at_ms = 0;
  std::optional<int64_t> resolved_at_ms;
  std::string opened_by;
  std::string alert_group;           // "<cluster>/<namespace>" it was opened from; "" by hand
  std::vector<std::string> whys;     // ordered: why 1, why 2, …
  std::vector<std::string> factors;  // contributing factors, not one root cause
  int64_t updated_at_ms = 0;
  // Filled by the full read only.
  std::vector<Lesson> lessons;
  std::vector<Action> actions;
};

extern const std::vector<std::string> kSeverities;  // sev1 … sev4
extern const std::vector<std::string> kStates;      // open, mitigated, resolved
bool IsSeverity(std::string_view s);
bool IsState(std::string_view s);

// JSON of the API (times RFC 3339). `Incident` with its lessons and actions when read in full.
nlohmann::json PanelToJson(const ExtraPanel& p);
nlohmann::json RuleToJson(const ExtraRule& r);
nlohmann::json LessonToJson(const Lesson& l);
nlohmann::json ActionToJson(const Action& a);
nlohmann::json IncidentToJson(const Incident& i);

}  // namespace paved::monitoring::incidents
