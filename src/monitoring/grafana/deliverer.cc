#include "monitoring/grafana/deliverer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/hashing.h"
#include "core/status_macros.h"
#include "monitoring/dashboards/dashboard_uid.h"
#include "spdlog/spdlog.h"

namespace paved::monitoring::grafana {
namespace {

bool StopsEverything(const absl::Status& status) {
  return absl::IsUnauthenticated(status) || absl::IsPermissionDenied(status);
}

Delivery RowOf(const dashboards::GeneratedDashboard& d, const Folder& folder,
               std::optional<Delivery> last) {
  Delivery row = last.value_or(Delivery{});
  row.uid = d.uid;
  row.title = d.title;
  row.kind = dashboards::KindName(d.kind);
  row.team = d.team;
  row.project = d.project;
  row.cluster = d.cluster;
  row.ns = d.ns;
  row.folder_uid = folder.uid;
  return row;
}

std::string EditedDetail(const CurrentDashboard& current, int64_t delivered_version) {
  std::string who = current.updated_by.empty() ? "someone" : current.updated_by;
  if (delivered_version == 0) {
    return absl::StrCat("Grafana already holds this uid (version ", current.version,
                        "), not delivered by Paved");
  }
  return absl::StrCat("edited in Grafana by ", who, ": version ", current.version,
                      ", Paved delivered version ", delivered_version);
}

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCreated:
      return "created";
    case Outcome::kUpdated:
      return "updated";
    case Outcome::kUnchanged:
      return "unchanged";
    case Outcome::kEditedInGrafana:
      return "edited-in-grafana";
    case Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

int DeliveryReport::Count(Outcome outcome) const {
  return static_cast<int>(std::count_if(dashboards.begin(), dashboards.end(),
                                        [&](const auto& d) { return d.outcome == outcome; }));
}

Folder TeamFolder(const std::string& folder_prefix, const std::string& team) {
  std::string name = team.empty() ? "platform" : team;
  return Folder{dashboards::DashboardUid("team", name), absl::StrCat(folder_prefix, " · ", name)};
}

std::string ContentHash(const dashboards::GeneratedDashboard& d) {
  return Sha256Hex(d.model.dump());
}

Deliverer::Deliverer(Client* grafana, DeliveryStore* store, const Clock* clock,
                     std::string folder_prefix)
    : grafana_(grafana), store_(store), clock_(clock), folder_prefix_(std::move(folder_prefix)) {}

absl::StatusOr<DeliveryReport> Deliverer::Deliver(
    const std::vector<dashboards::GeneratedDashboard>& all, const std::string& reason) {
  folders_seen_.clear();
  DeliveryReport report;
  for (const auto& d : all) {
    ASSIGN_OR_RETURN(DashboardOutcome outcome, DeliverOne(d, reason));
    report.dashboards.push_back(std::move(outcome));
  }
  return report;
}

absl::Status Deliverer::EnsureFolder(const Folder& folder) {
  if (std::find(folders_seen_.begin(), folders_seen_.end(), folder.uid) != folders_seen_.end()) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto existing, grafana_->GetFolder(folder.uid));
  if (!existing) RETURN_IF_ERROR(grafana_->CreateFolder(folder.uid, folder.title).status());
  folders_seen_.push_back(folder.uid);
  return absl::OkStatus();
}

absl::StatusOr<DashboardOutcome> Deliverer::DeliverOne(const dashboards::GeneratedDashboard& d,
                                                       const std::string& reason) {
  Folder folder = TeamFolder(folder_prefix_, d.team);
  ASSIGN_OR_RETURN(auto last, store_->Get(d.uid));
  Delivery row = RowOf(d, folder, last);
  row.checked_at = clock_->NowMs();
  absl::Status folder_status = EnsureFolder(folder);
  if (StopsEverything(folder_status)) return folder_status;
  if (!folder_status.ok()) return Record(row, Outcome::kFailed, folder_status.ToString());
  auto current = grafana_->GetDashboard(d.uid);
  if (StopsEverything(current.status())) return current.status();
  if (!current.ok()) return Record(row, Outcome::kFailed, current.status().ToString());
  if (!*current) return Save(d, row, 0, reason);
  row.grafana_version = (*current)->version;
  if ((*current)->version != row.version) {
    return Record(row, Outcome::kEditedInGrafana, EditedDetail(**current, row.version));
  }
  if (row.content_hash == ContentHash(d) && row.state != kFailed) {
    return Record(row, Outcome::kUnchanged, "");
  }
  return Save(d, row, (*current)->version, reason);
}

absl::StatusOr<DashboardOutcome> Deliverer::Save(const dashboards::GeneratedDashboard& d,
                                                 Delivery row, int64_t current_version,
                                                 const std::string& reason) {
  nlohmann::json model = d.model;
  model["version"] = current_version;
  std::string hash = ContentHash(d);
  std::string message = absl::StrCat("Paved: ", reason, " (content ", hash.substr(0, 12), ")");
  auto saved = grafana_->SaveDashboard(model, row.folder_uid, /*overwrite=*/false, message);
  if (StopsEverything(saved.status())) return saved.status();
  if (PreconditionStatus(saved.status()) == "version-mismatch") {
    auto now = grafana_->GetDashboard(d.uid);
    if (now.ok() && *now) {
      row.grafana_version = (**now).version;
      return Record(row, Outcome::kEditedInGrafana, EditedDetail(**now, row.version));
    }
  }
  if (!saved.ok()) return Record(row, Outcome::kFailed, saved.status().ToString());
  row.version = saved->version;
  row.grafana_version = saved->version;
  row.url = saved->url;
  row.content_hash = hash;
  row.delivered_at = clock_->NowMs();
  return Record(row, current_version == 0 ? Outcome::kCreated : Outcome::kUpdated, "");
}

absl::StatusOr<DashboardOutcome> Deliverer::Record(Delivery row, Outcome outcome,
                                                   std::string detail) {
  row.detail = detail;
  row.state = outcome == Outcome::kEditedInGrafana ? kEditedInGrafana
              : outcome == Outcome::kFailed        ? kFailed
                                                   : kDelivered;
  if (outcome == Outcome::kEditedInGrafana) {
    spdlog::warn("monitoring: dashboard {} ({}) {}; not overwritten", row.uid, row.title, detail);
  } else if (outcome == Outcome::kFailed) {
    spdlog::warn("monitoring: dashboard {} ({}) not delivered: {}", row.uid, row.title, detail);
  }
  RETURN_IF_ERROR(store_->Put(row));
  return DashboardOutcome{row.uid, row.title, outcome, row.grafana_version, std::move(detail)};
}

}  // namespace paved::monitoring::grafana
