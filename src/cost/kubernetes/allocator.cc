#include "cost/kubernetes/allocator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "cost/kubernetes/pricing.h"
#include "cost/kubernetes/usage_reader.h"
#include "providers/prometheus/prometheus_client.h"
#include "spdlog/spdlog.h"

namespace paved::cost::kubernetes {
namespace {

constexpr int64_t kDay = 86'400;

std::string DayOf(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
}

class Catalog : public TeamResolver {
 public:
  Catalog(catalog::OwnerLookup* owners, catalog::TeamStore* teams)
      : owners_(owners), teams_(teams) {}
  absl::StatusOr<std::string> TeamOfNamespace(const std::string& ns,
                                              const std::string& cluster) override {
    ASSIGN_OR_RETURN(std::optional<catalog::OwnerInfo> owner, owners_->ByNamespace(ns, cluster));
    if (!owner || owner->team.empty()) return std::string();
    return TeamIdOfSlug(owner->team);
  }
  absl::StatusOr<std::string> TeamIdOfSlug(const std::string& slug) override {
    ASSIGN_OR_RETURN(std::optional<catalog::Team> team, teams_->FindBySlug(slug));
    return team ? team->id : std::string();
  }

 private:
  catalog::OwnerLookup* owners_;
  catalog::TeamStore* teams_;
};

}  // namespace

std::unique_ptr<TeamResolver> CatalogTeams(catalog::OwnerLookup* owners,
                                           catalog::TeamStore* teams) {
  return std::make_unique<Catalog>(owners, teams);
}

nlohmann::json DayResultToJson(const DayResult& r) {
  return {{"cluster", r.cluster}, {"day", r.day},   {"hours", r.hours},
          {"nodes", r.nodes},     {"rows", r.rows}, {"total", FormatMoney(r.total)}};
}

absl::StatusOr<int64_t> DayStart(const std::string& day) {
  absl::Time t;
  std::string error;
  if (day.size() != 10 || !absl::ParseTime("%Y-%m-%d", day, absl::UTCTimeZone(), &t, &error) ||
      DayOf(absl::ToUnixSeconds(t)) != day) {
    return absl::InvalidArgumentError(absl::StrCat("day: not a date YYYY-MM-DD: ", day));
  }
  return absl::ToUnixSeconds(t);
}

absl::StatusOr<std::vector<SharedNamespace>> Allocator::SharedByTeamId() {
  std::vector<SharedNamespace> out;
  for (const SharedNamespace& s : deps_.config.shared_namespaces) {
    SharedNamespace resolved{s.namespace_name, {}};
    for (const auto& [slug, weight] : s.weights) {
      ASSIGN_OR_RETURN(std::string id, deps_.teams->TeamIdOfSlug(slug));
      if (id.empty()) {
        spdlog::warn("cost: shared namespace {}: no team {}; its weight is left out",
                     s.namespace_name, slug);
        continue;
      }
      resolved.weights[id] += weight;
    }
    out.push_back(std::move(resolved));
  }
  return out;
}

absl::StatusOr<DayAllocation> Allocator::Compute(int64_t day_start, int hours,
                                                 const std::string& day) {
  const KubernetesCostConfig& c = deps_.config;
  prometheus::PrometheusClient prometheus(deps_.http, c.prometheus_url, c.timeout_ms);
  absl::StatusOr<DayUsage> read = ReadDayUsage(prometheus, c, day_start, hours);
  // Whatever Prometheus did wrong, the day can be tried again later.
  if (!read.ok()) return absl::UnavailableError(read.status().message());
  DayUsage& usage = *read;
  std::vector<std::string> ids;
  for (const NodeDay& n : usage.nodes) {
    if (!n.instance_id.empty()) ids.push_back(n.instance_id);
  }
  ASSIGN_OR_RETURN(auto bills, store_.InstanceCosts(day, ids));
  for (NodeDay& n : usage.nodes) {
    auto bill = bills.find(n.instance_id);
    PriceNode(n, c, bill == bills.end() ? std::nullopt : std::optional<Money>(bill->second));
  }
  TeamOfNamespace teams;
  for (const ContainerHour& ch : usage.containers) {
    if (teams.count(ch.namespace_name)) continue;
    ASSIGN_OR_RETURN(teams[ch.namespace_name],
                     deps_.teams->TeamOfNamespace(ch.namespace_name, c.cluster));
  }
  ASSIGN_OR_RETURN(std::vector<SharedNamespace> shared, SharedByTeamId());
  return Allocate(usage.nodes, usage.containers, shared, teams);
}

absl::StatusOr<DayResult> Allocator::RunDay(const std::string& day, const std::string& actor) {
  const KubernetesCostConfig& c = deps_.config;
  if (!c.enabled) {
    return absl::FailedPreconditionError(
        "kubernetes allocation is not configured (cost.kubernetes.prometheus_url)");
  }
  ASSIGN_OR_RETURN(int64_t start, DayStart(day));
  int64_t now = deps_.clock->NowMs() / 1000;
  if (start > now) return absl::InvalidArgumentError("day: after today: " + day);
  int hours = static_cast<int>(std::min<int64_t>(24, (now - start) / 3600));
  if (hours == 0) return absl::FailedPreconditionError("day: no full hour of " + day + " yet");
  ASSIGN_OR_RETURN(DayAllocation a, Compute(start, hours, day));
  DayResult result{.cluster = c.cluster,
                   .day = day,
                   .hours = hours,
                   .nodes = static_cast<int>(a.nodes.size()),
                   .rows = static_cast<int>(a.rows.size())};
  for (const AllocationRow& r : a.rows) result.total += r.total;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_.Replace(tx, c.cluster, day, a, hours, deps_.clock->NowMs()));
    return deps_.audit->Append(tx, actor, "cost.allocation",
                               absl::StrCat("cluster:", c.cluster, "/", day),
                               DayResultToJson(result));
  }));
  deps_.audit->Published();
  return result;
}

absl::Status Allocator::RunDue() {
  int64_t now = deps_.clock->NowMs() / 1000;
  int64_t today = now - now % kDay;
  ASSIGN_OR_RETURN(
      std::set<std::string> done,
      store_.AllocatedDays(deps_.config.cluster, DayOf(today - deps_.config.backfill_days * kDay),
                           DayOf(today - kDay)));
  for (int back = deps_.config.backfill_days; back >= 1; --back) {
    std::string day = DayOf(today - back * kDay);
    if (done.count(day)) continue;
    RETURN_IF_ERROR(RunDay(day, "paved").status());
  }
  if (now - today < 3600) return absl::OkStatus();
  return RunDay(DayOf(today), "paved").status();
}

void Allocator::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kAllocateJobKind, [this](jobs::JobContext&) {
    absl::Status s = RunDue();
    if (!s.ok()) spdlog::warn("cost: kubernetes allocation: {}", s.ToString());
    return s;
  });
  if (deps_.config.enabled) scheduler.Every(kAllocateJobKind, deps_.config.every_ms);
}

}  // namespace paved::cost::kubernetes
