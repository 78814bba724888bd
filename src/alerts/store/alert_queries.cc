// AlertStore reads: single alerts, filtered pages, groups, the summary, history and the index.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "alerts/hash64.h"
#include "alerts/store/alert_rows.h"
#include "alerts/store/alert_store.h"
#include "core/status_macros.h"

namespace paved::alerts {
namespace {

using internal::kAlertColumns;
using internal::kEventColumns;
using internal::RowToAlert;
using internal::RowToEvent;
using store::ResultSet;

constexpr int64_t kDayMs = 24 * 3600 * 1000;

std::vector<Alert> ToAlerts(const ResultSet& rs) {
  std::vector<Alert> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) out.push_back(RowToAlert(row));
  return out;
}

std::vector<AlertEvent> ToEvents(const ResultSet& rs) {
  std::vector<AlertEvent> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) out.push_back(RowToEvent(row));
  return out;
}

// Builds "WHERE a = $1 AND b = $2 ..." with its parameters.
class Where {
 public:
  void Add(const std::string& condition) { parts_.push_back(condition); }
  // `condition` uses "?" for the next parameter.
  void Add(const std::string& condition, store::Value value) {
    params_.push_back(std::move(value));
    std::string c = condition;
    c.replace(c.find('?'), 1, absl::StrCat("$", params_.size()));
    parts_.push_back(c);
  }
  void Equal(const char* column, const std::string& value) {
    if (!value.empty()) Add(absl::StrCat(column, " = ?"), value);
  }
  std::string Sql() const {
    std::string out;
    for (const auto& p : parts_) absl::StrAppend(&out, out.empty() ? " WHERE " : " AND ", p);
    return out;
  }
  store::Params& params() { return params_; }

 private:
  std::vector<std::string> parts_;
  store::Params params_;
};

absl::Status AddState(Where& w, const std::string& state, int64_t now_ms) {
  if (state.empty()) return absl::OkStatus();
  if (state == "firing" || state == "resolved") {
    w.Add("status = ?", state);
  } else if (state == "acknowledged") {
    w.Add("status = 'firing' AND acked_at IS NOT NULL");
  } else if (state == "silenced") {
    w.Add("status = 'firing' AND silenced_until IS NOT NULL AND silenced_until > ?", now_ms);
  } else if (state == "unowned") {
    w.Add("team = ''");
  } else {
    return absl::InvalidArgumentError(
        "state must be firing, resolved, acknowledged, silenced or unowned");
  }
  return absl::OkStatus();
}

// Cursor "<starts_at>:<fingerprint>" of the last item of a page; pages go newest first.
absl::Status AddCursor(Where& w, const std::string& cursor) {
  if (cursor.empty()) return absl::OkStatus();
  size_t colon = cursor.find(':');
  int64_t starts = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(cursor.substr(0, colon), &starts)) {
    return absl::InvalidArgumentError("invalid cursor");
  }
  std::string fp = cursor.substr(colon + 1);
  w.Add("(starts_at < ? OR (starts_at = $" + std::to_string(w.params().size() + 1) +
            " AND fingerprint < $" + std::to_string(w.params().size() + 2) + "))",
        starts);
  w.params().push_back(fp);
  return absl::OkStatus();
}

std::string SeverityKey(const std::string& s) { return s.empty() ? "other" : s; }

}  // namespace

uint64_t AlertContentHash(const LabelSet& labels, const LabelSet& annotations,
                          const LabelSet& links, const std::string& generator_url) {
  Fnv1a64 h;
  for (const LabelSet* set : {&labels, &annotations, &links}) {
    for (const auto& [k, v] : *set) h.Add(k).AddByte(0xff).Add(v).AddByte(0xff);
    h.AddByte(0xfe);
  }
  return h.Add(generator_url).value();
}

nlohmann::json AlertSummaryToJson(const AlertSummary& s) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : s.groups) {
    auto [cluster, ns] = SplitGroupKey(g.group_key);
    groups.push_back({{"group", g.group_key},
                      {"cluster", cluster},
                      {"namespace", ns},
                      {"team", g.team},
                      {"project", g.project},
                      {"firing", g.firing}});
  }
  return {{"firing", s.firing},
          {"acknowledged", s.acknowledged},
          {"silenced", s.silenced},
          {"unowned", s.unowned},
          {"resolved_last_day", s.resolved_last_day},
          {"by_team", s.firing_by_team},
          {"by_severity", s.firing_by_severity},
          {"groups", groups}};
}

absl::StatusOr<std::optional<Alert>> AlertStore::Get(const std::string& fingerprint) {
  ASSIGN_OR_RETURN(ResultSet rs, store_->Query(absl::StrCat("SELECT ", kAlertColumns,
                                                            " FROM alerts WHERE fingerprint = $1"),
                                               {fingerprint}));
  if (rs.empty()) return std::nullopt;
  return RowToAlert(rs.front());
}

absl::StatusOr<AlertPage> AlertStore::List(const AlertFilter& f) {
  Where w;
  w.Equal("namespace", f.ns);
  w.Equal("cluster", f.cluster);
  w.Equal("team", f.team);
  w.Equal("project", f.project);
  w.Equal("severity", f.severity);
  w.Equal("alertname", f.alertname);
  w.Equal("group_key", f.group_key);
  RETURN_IF_ERROR(AddState(w, f.state, clock_->NowMs()));
  RETURN_IF_ERROR(AddCursor(w, f.cursor));
  int limit = std::clamp(f.limit, 1, 500);
  ASSIGN_OR_RETURN(
      ResultSet rs,
      store_->Query(absl::StrCat("SELECT ", kAlertColumns, " FROM alerts", w.Sql(),
                                 " ORDER BY starts_at DESC, fingerprint DESC LIMIT ", limit + 1),
                    w.params()));
  AlertPage page{.items = ToAlerts(rs)};
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    const Alert& last = page.items.back();
    page.next_cursor = absl::StrCat(last.starts_at_ms, ":", last.fingerprint);
  }
  return page;
}

absl::StatusOr<std::vector<Alert>> AlertStore::Group(const std::string& group_key,
                                                     int64_t resolved_keep_ms) {
  ASSIGN_OR_RETURN(
      ResultSet rs,
      store_->Query(absl::StrCat("SELECT ", kAlertColumns,
                                 " FROM alerts WHERE group_key = $1 AND (status = 'firing' OR "
                                 "resolved_at >= $2) ORDER BY starts_at, fingerprint"),
                    {group_key, clock_->NowMs() - resolved_keep_ms}));
  return ToAlerts(rs);
}

absl::StatusOr<AlertSummary> AlertStore::Summary() {
  int64_t now = clock_->NowMs();
  ASSIGN_OR_RETURN(
      ResultSet rs,
      store_->Query("SELECT team, project, severity, group_key, CASE WHEN acked_at IS NULL THEN 0 "
                    "ELSE 1 END AS acked, CASE WHEN silenced_until IS NOT NULL AND "
                    "silenced_until > $1 THEN 1 ELSE 0 END AS silenced, COUNT(*) AS n FROM alerts "
                    "WHERE status = 'firing' GROUP BY 1, 2, 3, 4, 5, 6",
                    {now}));
  AlertSummary s;
  std::map<std::string, AlertSummary::Group> groups;
  for (const auto& row : rs.rows) {
    int64_t n = row.Int("n");
    std::string team = row.Text("team");
    s.firing += n;
    if (row.Int("acked")) s.acknowledged += n;
    if (row.Int("silenced")) s.silenced += n;
    if (team.empty()) s.unowned += n;
    if (!team.empty()) s.firing_by_team[team] += n;
    s.firing_by_severity[SeverityKey(row.Text("severity"))] += n;
    std::string group = row.Text("group_key");
    s.firing_by_group[group] += n;
    auto& g = groups[group];
    g.group_key = group;
    if (g.team.empty()) g.team = team;
    if (g.project.empty()) g.project = row.Text("project");
    g.firing += n;
  }
  for (auto& [key, g] : groups) s.groups.push_back(std::move(g));
  std::stable_sort(s.groups.begin(), s.groups.end(),
                   [](const auto& a, const auto& b) { return a.firing > b.firing; });
  ASSIGN_OR_RETURN(ResultSet resolved,
                   store_->Query("SELECT COUNT(*) AS n FROM alerts WHERE status = 'resolved' AND "
                                 "resolved_at >= $1",
                                 {now - kDayMs}));
  s.resolved_last_day = resolved.empty() ? 0 : resolved.front().Int("n");
  return s;
}

absl::StatusOr<std::vector<AlertEvent>> AlertStore::History(const HistoryFilter& f) {
  Where w;
  if (!f.group_key.empty()) {
    w.Equal("group_key", f.group_key);
  } else if (!f.fingerprint.empty()) {
    w.Equal("fingerprint", f.fingerprint);
  } else {
    return absl::InvalidArgumentError("history needs a group or a fingerprint");
  }
  w.Add("at >= ?", f.since_ms);
  w.Add("at <= ?", f.until_ms > 0 ? f.until_ms : clock_->NowMs());
  int limit = std::clamp(f.limit, 1, 10'000);
  ASSIGN_OR_RETURN(ResultSet rs,
                   store_->Query(absl::StrCat("SELECT ", kEventColumns, " FROM alert_events",
                                              w.Sql(), " ORDER BY seq DESC LIMIT ", limit),
                                 w.params()));
  std::vector<AlertEvent> events = ToEvents(rs);
  std::reverse(events.begin(), events.end());
  return events;
}

absl::StatusOr<std::vector<AlertEvent>> AlertStore::PendingThreadEvents(
    const std::string& group_key) {
  ASSIGN_OR_RETURN(ResultSet rs, store_->Query(absl::StrCat("SELECT ", kEventColumns,
                                                            " FROM alert_events WHERE thread = "
                                                            "'pending' AND group_key = $1 ORDER "
                                                            "BY seq"),
                                               {group_key}));
  return ToEvents(rs);
}

absl::StatusOr<std::vector<Alert>> AlertStore::FiringUnhandled() {
  ASSIGN_OR_RETURN(
      ResultSet rs,
      store_->Query(absl::StrCat("SELECT ", kAlertColumns,
                                 " FROM alerts WHERE status = 'firing' AND acked_at IS NULL AND "
                                 "(silenced_until IS NULL OR silenced_until <= $1) ORDER BY "
                                 "group_key, starts_at"),
                    {clock_->NowMs()}));
  return ToAlerts(rs);
}

absl::StatusOr<std::vector<AlertEvent>> AlertStore::EventsBetween(int64_t from_ms, int64_t to_ms) {
  ASSIGN_OR_RETURN(ResultSet rs,
                   store_->Query(absl::StrCat("SELECT ", kEventColumns,
                                              " FROM alert_events WHERE at >= $1 AND at < $2 "
                                              "ORDER BY seq"),
                                 {from_ms, to_ms}));
  return ToEvents(rs);
}

absl::StatusOr<std::vector<std::string>> AlertStore::GroupsOfNamespace(const std::string& ns) {
  ASSIGN_OR_RETURN(ResultSet rs,
                   store_->Query("SELECT DISTINCT group_key FROM alerts WHERE namespace = $1 "
                                 "ORDER BY group_key",
                                 {ns}));
  std::vector<std::string> groups;
  for (const auto& row : rs.rows) groups.push_back(row.Text("group_key"));
  return groups;
}

absl::StatusOr<bool> AlertStore::AnyEventBefore(int64_t ms) {
  ASSIGN_OR_RETURN(ResultSet rs,
                   store_->Query("SELECT seq FROM alert_events WHERE at < $1 LIMIT 1", {ms}));
  return !rs.empty();
}

absl::StatusOr<std::vector<AlertStore::IndexRow>> AlertStore::IndexRows() {
  ASSIGN_OR_RETURN(ResultSet rs, store_->Query("SELECT fingerprint, starts_at, ends_at, "
                                               "content_hash FROM alerts WHERE status = 'firing'"));
  std::vector<IndexRow> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) {
    out.push_back(IndexRow{.fingerprint = row.Text("fingerprint"),
                           .status = AlertStatus::kFiring,
                           .starts_at_ms = row.Int("starts_at"),
                           .ends_at_ms = row.Int("ends_at"),
                           .content_hash = row.Text("content_hash")});
  }
  return out;
}

}  // namespace paved::alerts
