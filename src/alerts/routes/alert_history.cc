#include "alerts/routes/alert_history.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/status_macros.h"

namespace paved::alerts {
namespace {

struct Item {
  int64_t at_ms = 0;
  nlohmann::json json;
};

std::string DetailTime(const nlohmann::json& detail, const char* key) {
  auto it = detail.find(key);
  if (it == detail.end()) return "";
  if (it->is_number_integer()) return FormatTimeMs(it->get<int64_t>());
  if (it->is_string()) return it->get<std::string>();
  return "";
}

// alertname of each fingerprint the events name; "" when the alert is gone.
absl::StatusOr<std::map<std::string, std::string>> AlertNames(
    AlertStore& store, const std::vector<AlertEvent>& events) {
  std::map<std::string, std::string> names;
  for (const AlertEvent& e : events) {
    if (e.fingerprint.empty() || names.count(e.fingerprint)) continue;
    ASSIGN_OR_RETURN(auto alert, store.Get(e.fingerprint));
    names[e.fingerprint] = alert ? alert->alertname : "";
  }
  return names;
}

absl::StatusOr<std::vector<Item>> AlertItems(const AlertsDeps& deps, const std::string& group,
                                             const GroupHistoryQuery& q) {
  ASSIGN_OR_RETURN(
      auto events,
      deps.alerts->History({.group_key = group, .since_ms = q.since_ms, .until_ms = q.until_ms}));
  ASSIGN_OR_RETURN(auto names, AlertNames(*deps.alerts, events));
  std::vector<Item> items;
  for (const AlertEvent& e : events) {
    items.push_back({e.at_ms,
                     {{"at", FormatTimeMs(e.at_ms)},
                      {"kind", e.kind},
                      {"group", group},
                      {"fingerprint", e.fingerprint},
                      {"alertname", e.fingerprint.empty() ? "" : names[e.fingerprint]},
                      {"actor", e.actor},
                      {"text", EventText(e)}}});
  }
  return items;
}

absl::StatusOr<std::vector<Item>> ChangeItems(const AlertsDeps& deps, const std::string& project,
                                              const GroupHistoryQuery& q) {
  std::vector<Item> items;
  if (project.empty() || !deps.recent_changes) return items;
  ASSIGN_OR_RETURN(auto changes, deps.recent_changes(project, q.cluster, q.since_ms));
  for (const RecentChange& c : changes) {
    if (c.at_ms < q.since_ms || c.at_ms > q.until_ms) continue;
    items.push_back({c.at_ms,
                     {{"at", FormatTimeMs(c.at_ms)},
                      {"kind", c.kind},
                      {"group", ""},
                      {"fingerprint", ""},
                      {"alertname", ""},
                      {"actor", c.actor},
                      {"text", c.environment.empty() ? c.text : c.environment + ": " + c.text}}});
  }
  std::reverse(items.begin(), items.end());  // newest first → oldest first
  return items;
}

}  // namespace

std::string EventText(const AlertEvent& e) {
  if (auto text = e.detail.find("text"); text != e.detail.end() && text->is_string()) {
    return text->get<std::string>();
  }
  if (e.kind == "acknowledged") return "acknowledged by " + e.actor;
  if (e.kind == "silenced") {
    std::string until = DetailTime(e.detail, "until");
    return "silenced" + (until.empty() ? "" : " until " + until) + " by " + e.actor;
  }
  if (e.kind == "unsilenced") return "silence removed by " + e.actor;
  if (e.kind == "reminded") return "reminder sent";
  if (e.kind == "message") return "chat message " + e.detail.value("action", "updated");
  return e.kind;  // firing, resolved
}

absl::StatusOr<nlohmann::json> GroupHistory(const AlertsDeps& deps, const GroupHistoryQuery& q) {
  std::vector<std::string> groups = {q.cluster + "/" + q.ns};
  if (q.all_clusters) {
    ASSIGN_OR_RETURN(groups, deps.alerts->GroupsOfNamespace(q.ns));
  }
  const std::string group = groups.size() == 1 ? groups.front() : "*/" + q.ns;
  ASSIGN_OR_RETURN(auto owner, deps.owners->ByNamespace(q.ns, q.cluster));
  std::vector<Item> items;
  for (const std::string& g : groups) {
    ASSIGN_OR_RETURN(std::vector<Item> of_group, AlertItems(deps, g, q));
    items.insert(items.end(), of_group.begin(), of_group.end());
  }
  ASSIGN_OR_RETURN(std::vector<Item> changes,
                   ChangeItems(deps, owner ? owner->project : std::string(), q));
  items.insert(items.end(), changes.begin(), changes.end());
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.at_ms < b.at_ms; });
  nlohmann::json out = {{"group", group},
                        {"groups", groups},
                        {"owner", owner ? catalog::OwnerInfoToJson(*owner) : nlohmann::json()},
                        {"since", FormatTimeMs(q.since_ms)},
                        {"until", FormatTimeMs(q.until_ms)},
                        {"items", nlohmann::json::array()}};
  for (Item& item : items) out["items"].push_back(std::move(item.json));
  return out;
}

}  // namespace paved::alerts
