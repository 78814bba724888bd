#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "alerts/delivery/delivery.h"
#include "core/status_macros.h"

namespace paved::alerts {
namespace {

constexpr size_t kMaxPeriodAlerts = 2000;
constexpr char kAllTeams[] = "*";

bool AlertEventKind(const std::string& kind) {
  return kind == "firing" || kind == "resolved" || kind == "acknowledged" || kind == "silenced" ||
         kind == "unsilenced" || kind == "reminded";
}

std::string Clock(int64_t ms) {
  return absl::FormatTime("%H:%M", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

// The part of the report input that concerns `team` ("*" = every team).
ReportInput ForTeam(const std::string& team, const std::string& title, const ReportInput& all) {
  ReportInput in{
      .title = title, .open = {}, .events = {}, .period_alerts = {}, .now_ms = all.now_ms};
  auto mine = [&](const Alert& a) { return team == kAllTeams || a.team == team; };
  std::set<std::string> fingerprints;
  for (const auto& a : all.open) {
    if (mine(a)) in.open.push_back(a);
  }
  for (const auto& a : all.period_alerts) {
    if (mine(a)) {
      in.period_alerts.push_back(a);
      fingerprints.insert(a.fingerprint);
    }
  }
  for (const auto& a : in.open) fingerprints.insert(a.fingerprint);
  for (const auto& e : all.events) {
    if (fingerprints.count(e.fingerprint)) in.events.push_back(e);
  }
  return in;
}

}  // namespace

absl::Status AlertDelivery::CollectReportAlerts(const std::vector<AlertEvent>& events,
                                                std::vector<Alert>& open,
                                                std::vector<Alert>& period) {
  AlertFilter filter;
  filter.state = "firing";
  filter.limit = 500;
  do {
    ASSIGN_OR_RETURN(AlertPage page, deps_.alerts->List(filter));
    for (auto& a : page.items) open.push_back(std::move(a));
    filter.cursor = page.next_cursor;
  } while (!filter.cursor.empty() && open.size() < kMaxPeriodAlerts);
  std::set<std::string> seen;
  for (const auto& a : open) seen.insert(a.fingerprint);
  for (const auto& e : events) {
    if (e.fingerprint.empty() || !seen.insert(e.fingerprint).second) continue;
    if (period.size() >= kMaxPeriodAlerts) break;
    ASSIGN_OR_RETURN(std::optional<Alert> a, deps_.alerts->Get(e.fingerprint));
    if (a) period.push_back(std::move(*a));
  }
  for (const auto& a : open) period.push_back(a);
  return absl::OkStatus();
}

absl::Status AlertDelivery::Report() {
  const AlertsConfig& config = *deps_.config;
  if (config.report_every_ms <= 0 || (slack_ == nullptr && config.slack_webhook_url.empty())) {
    return absl::OkStatus();
  }
  const int64_t now = deps_.clock->NowMs();
  const int64_t end = now / config.report_every_ms * config.report_every_ms;
  const int64_t from = end - config.report_every_ms;
  // A period that ended before the first alert arrived (a fresh install) has nothing to report.
  ASSIGN_OR_RETURN(bool began, deps_.alerts->AnyEventBefore(end));
  if (!began) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<AlertEvent> raw, deps_.alerts->EventsBetween(from, end));
  ReportInput all{.title = "", .open = {}, .events = {}, .period_alerts = {}, .now_ms = now};
  for (auto& e : raw) {
    if (AlertEventKind(e.kind)) all.events.push_back(std::move(e));
  }
  RETURN_IF_ERROR(CollectReportAlerts(all.events, all.open, all.period_alerts));
  const std::string span = absl::StrCat(Clock(from), "–", Clock(end), " UTC");

  // Team channels (Web API only: an incoming webhook has one channel, which gets the overview).
  std::map<std::string, const Alert*> teams;  // team → one of its alerts
  for (const auto& a : all.period_alerts) {
    if (!a.team.empty()) teams.emplace(a.team, &a);
  }
  for (const auto& [team, sample] : teams) {
    if (slack_ == nullptr || deps_.owners == nullptr) break;
    ASSIGN_OR_RETURN(auto owner, deps_.owners->ByNamespace(sample->ns, sample->cluster));
    if (!owner || owner->chat_channel.empty() || owner->team != team) continue;
    std::string name = owner->team_name.empty() ? team : owner->team_name;
    ReportInput in = ForTeam(team, absl::StrCat("Team ", name, " — alerts ", span), all);
    RETURN_IF_ERROR(ReportOne("report/" + team, owner->chat_channel, in, end));
  }
  std::string overview_channel = slack_ == nullptr ? "webhook" : config.sre_channel;
  if (overview_channel.empty()) return absl::OkStatus();
  ReportInput in = ForTeam(kAllTeams, absl::StrCat("All teams — alerts ", span), all);
  return ReportOne(absl::StrCat("report/", kAllTeams), overview_channel, in, end);
}

absl::Status AlertDelivery::ReportOne(const std::string& key, const std::string& channel,
                                      const ReportInput& input, int64_t period_end_ms) {
  HistoryFilter done_filter{
      .group_key = key, .fingerprint = "", .since_ms = period_end_ms, .until_ms = 0, .limit = 50};
  ASSIGN_OR_RETURN(std::vector<AlertEvent> done, deps_.alerts->History(done_filter));
  for (const auto& e : done) {
    if (e.kind == "report" && e.detail.value("period_end", int64_t{0}) == period_end_ms) {
      return absl::OkStatus();  // already posted for this period
    }
  }
  std::optional<RenderedMessage> rendered = RenderReport(input, *deps_.config);
  if (!rendered) return absl::OkStatus();
  RETURN_IF_ERROR(TakeToken(channel));
  slack::Message m;
  m.channel = channel;
  m.text = rendered->text;
  m.blocks = rendered->blocks;
  nlohmann::json detail = {{"channel", channel}, {"period_end", period_end_ms}};
  if (slack_ != nullptr) {
    auto posted = slack_->PostMessage(m);
    RETURN_IF_ERROR(Transient(posted.status(), 1));
    detail["ts"] = posted->ts;
  } else {
    RETURN_IF_ERROR(
        Transient(slack::PostToIncomingWebhook(deps_.http, deps_.config->slack_webhook_url, m), 1));
  }
  AlertEvent e{.at_ms = deps_.clock->NowMs(), .group_key = key, .kind = "report", .detail = detail};
  return deps_.store->Transaction(
      [&](store::Tx& tx) { return deps_.alerts->AddEvent(tx, e, /*thread_pending=*/false); });
}

}  // namespace paved::alerts
