#include "alerts/ingest/ingestor.h"

#include <chrono>
#include <unordered_map>

#include "alerts/ingest/fingerprint.h"
#include "alerts/store/alert_store.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace paved::alerts {
namespace {

constexpr int64_t kOwnerTtlMs = 30'000;
constexpr size_t kOwnerCacheMax = 10'000;
constexpr size_t kFingerprintsPerNotice = 300;  // ~6 KB: under PostgreSQL's 8000-byte payload
constexpr int64_t kKeepResolvedMs = 60 * 60 * 1000;
constexpr int64_t kSweepEveryMs = 60'000;

std::string LabelOr(const LabelSet& labels, const std::string& name) {
  auto it = labels.find(name);
  return it == labels.end() ? "" : it->second;
}

std::string NamespaceOf(const AlertsConfig& config, const LabelSet& labels) {
  for (const std::string& name : config.namespace_labels) {
    auto it = labels.find(name);
    if (it != labels.end() && !it->second.empty()) return it->second;
  }
  return "";
}

}  // namespace

Ingestor::Ingestor(const AlertsDeps& deps) : deps_(deps), origin_(NewId()) {}

Ingestor::~Ingestor() { Stop(); }

absl::Status Ingestor::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (running_ || stopping_) return absl::FailedPreconditionError("ingestor already started");
  }
  ASSIGN_OR_RETURN(auto rows, deps_.alerts->IndexRows());
  for (const auto& row : rows) {
    auto fp = ParseHex64(row.fingerprint);
    auto hash = ParseHex64(row.content_hash);
    if (!fp || !hash) continue;
    Remember(*fp, {row.status, row.starts_at_ms, row.ends_at_ms, *hash});
  }
  if (MayHaveReplicas()) RETURN_IF_ERROR(ListenForOtherReplicas());
  std::lock_guard<std::mutex> lock(mu_);
  running_ = true;
  writer_ = std::thread([this] { WriterLoop(); });
  return absl::OkStatus();
}

void Ingestor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    stopping_ = true;
  }
  wake_writer_.notify_all();
  if (writer_.joinable()) writer_.join();
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
}

absl::Status Ingestor::ListenForOtherReplicas() {
  std::weak_ptr<Index> weak = index_;
  return deps_.store->Listen(
      kAlertIndexChannel, [weak, origin = origin_](const std::string&, const std::string& payload) {
        auto index = weak.lock();
        if (!index) return;
        auto notice = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
        if (!notice.is_object() || notice.value("origin", "") == origin) return;
        auto fps = notice.find("fingerprints");
        if (fps == notice.end() || !fps->is_array()) return;
        for (const auto& hex : *fps) {
          auto fp = hex.is_string() ? ParseHex64(hex.get<std::string>()) : std::nullopt;
          if (!fp) continue;
          Shard& s = (*index)[*fp % kShards];
          std::lock_guard<std::mutex> lock(s.mu);
          s.map.erase(*fp);
        }
      });
}

bool Ingestor::MayHaveReplicas() const { return deps_.store->SharedByProcesses(); }

void Ingestor::Announce(const std::vector<Alert>& alerts) {
  if (!MayHaveReplicas()) return;
  nlohmann::json fps = nlohmann::json::array();
  auto send = [&] {
    if (fps.empty()) return;
    nlohmann::json notice = {{"origin", origin_}, {"fingerprints", std::move(fps)}};
    absl::Status s = deps_.store->Notify(kAlertIndexChannel, notice.dump());
    if (!s.ok()) spdlog::warn("alert ingest: notify other replicas: {}", s.ToString());
    fps = nlohmann::json::array();
  };
  for (const Alert& a : alerts) {
    fps.push_back(a.fingerprint);
    if (fps.size() == kFingerprintsPerNotice) send();
  }
  send();
}

void Ingestor::SweepResolvedIfDue() {
  int64_t now = deps_.clock->NowMs();
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + kSweepEveryMs;
  for (Shard& s : *index_) {
    std::lock_guard<std::mutex> lock(s.mu);
    absl::erase_if(s.map, [&](const auto& kv) {
      return kv.second.status == AlertStatus::kResolved &&
             kv.second.ends_at_ms < now - kKeepResolvedMs;
    });
  }
}

size_t Ingestor::IndexSize() const {
  size_t n = 0;
  for (const Shard& s : *index_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.map.size();
  }
  return n;
}

std::optional<Ingestor::IndexEntry> Ingestor::Lookup(uint64_t fp) {
  Shard& s = ShardOf(fp);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.map.find(fp);
  if (it == s.map.end()) return std::nullopt;
  return it->second;
}

void Ingestor::Remember(uint64_t fp, const IndexEntry& e) {
  Shard& s = ShardOf(fp);
  std::lock_guard<std::mutex> lock(s.mu);
  s.map[fp] = e;
}

absl::StatusOr<IngestResult> Ingestor::Ingest(const std::string& source,
                                              std::vector<IncomingAlert> alerts) {
  IngestResult result{.received = static_cast<int>(alerts.size())};
  int64_t now = deps_.clock->NowMs();
  // Changed alerts by fingerprint; a later duplicate in the request replaces an earlier one.
  std::unordered_map<uint64_t, size_t> position;
  Request request;
  for (IncomingAlert& in : alerts) {
    auto parsed = ParseHex64(in.fingerprint);
    uint64_t fp = parsed ? *parsed : LabelsFingerprint(in.labels);
    in.fingerprint = Hex64(fp);
    auto known = Lookup(fp);
    if (in.starts_at_ms == 0) in.starts_at_ms = known ? known->starts_at_ms : now;
    IndexEntry entry{in.status, in.starts_at_ms, in.ends_at_ms,
                     AlertContentHash(in.labels, in.annotations, in.links, in.generator_url)};
    if (known && *known == entry && !position.count(fp)) continue;
    Alert routed;
    RETURN_IF_ERROR(Route(source, std::move(in), routed));
    auto [it, inserted] = position.emplace(fp, request.alerts.size());
    if (inserted) {
      request.alerts.push_back(std::move(routed));
      request.entries.emplace_back(fp, entry);
    } else {
      request.alerts[it->second] = std::move(routed);
      request.entries[it->second].second = entry;
    }
  }
  result.changed = static_cast<int>(request.alerts.size());
  if (request.alerts.empty()) return result;
  for (const Alert& a : request.alerts) request.own_groups.insert(a.group_key());
  RETURN_IF_ERROR(Submit(request));
  result.groups = std::move(request.groups);
  return result;
}

absl::Status Ingestor::Route(const std::string& source, IncomingAlert&& in, Alert& out) {
  const AlertsConfig& config = *deps_.config;
  out.fingerprint = std::move(in.fingerprint);
  out.source = source;
  out.status = in.status;
  out.alertname = LabelOr(in.labels, "alertname");
  out.severity = LabelOr(in.labels, "severity");
  out.ns = NamespaceOf(config, in.labels);
  out.cluster = LabelOr(in.labels, config.cluster_label);
  out.labels = std::move(in.labels);
  out.annotations = std::move(in.annotations);
  out.links = std::move(in.links);
  out.generator_url = std::move(in.generator_url);
  out.starts_at_ms = in.starts_at_ms;
  out.ends_at_ms = in.ends_at_ms;
  ASSIGN_OR_RETURN(Owner owner, OwnerOf(out.ns, out.cluster));
  out.project = std::move(owner.project);
  out.team = std::move(owner.team);
  return absl::OkStatus();
}

absl::StatusOr<Ingestor::Owner> Ingestor::OwnerOf(const std::string& ns,
                                                  const std::string& cluster) {
  if (ns.empty() || deps_.owners == nullptr) return Owner{};
  std::string key = cluster + "/" + ns;
  int64_t now = deps_.clock->NowMs();
  {
    std::lock_guard<std::mutex> lock(owners_mu_);
    auto it = owners_.find(key);
    if (it != owners_.end() && it->second.expires_ms > now) return it->second;
  }
  ASSIGN_OR_RETURN(auto info, deps_.owners->ByNamespace(ns, cluster));
  Owner owner{.expires_ms = now + kOwnerTtlMs};
  if (info) {
    owner.project = info->project;
    owner.team = info->team;
  }
  std::lock_guard<std::mutex> lock(owners_mu_);
  if (owners_.size() >= kOwnerCacheMax) owners_.clear();
  owners_[key] = owner;
  return owner;
}

absl::Status Ingestor::Submit(Request& request) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!running_ || stopping_) return absl::UnavailableError("alert ingest is not running");
  queue_.push_back(&request);
  wake_writer_.notify_one();
  committed_.wait(lock, [&] { return request.done; });
  return request.status;
}

void Ingestor::WriterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_writer_.wait_for(lock, std::chrono::milliseconds(kSweepEveryMs),
                          [&] { return stopping_ || !queue_.empty(); });
    if (stopping_ && queue_.empty()) return;
    std::vector<Request*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    lock.unlock();
    if (!batch.empty()) Commit(batch);
    SweepResolvedIfDue();
    lock.lock();
    committed_.notify_all();
  }
}

void Ingestor::Commit(std::vector<Request*>& batch) {
  static const std::vector<std::string> kNone;
  std::vector<Alert> all;
  for (Request* r : batch) {
    for (Alert& a : r->alerts) all.push_back(std::move(a));
  }
  auto changed = Write(all);
  if (changed.ok() || batch.size() == 1) {
    for (Request* r : batch) Finish(*r, changed.status(), changed.ok() ? *changed : kNone);
    return;
  }
  // One request must not fail the others: give each its own transaction.
  spdlog::warn("alert ingest: batch of {} requests failed ({}); committing one by one",
               batch.size(), changed.status().ToString());
  auto next = all.begin();
  for (Request* r : batch) {
    std::vector<Alert> own(std::make_move_iterator(next),
                           std::make_move_iterator(next + r->entries.size()));
    next += r->entries.size();
    auto result = Write(own);
    Finish(*r, result.status(), result.ok() ? *result : kNone);
  }
}

absl::StatusOr<std::vector<std::string>> Ingestor::Write(std::vector<Alert>& alerts) {
  std::vector<std::string> changed;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(changed, deps_.alerts->Upsert(tx, alerts, deps_.clock->NowMs()));
    return absl::OkStatus();
  }));
  Announce(alerts);
  if (!changed.empty() && deps_.changed) deps_.changed(changed);
  return changed;
}

void Ingestor::Finish(Request& r, absl::Status status, const std::vector<std::string>& changed) {
  if (status.ok()) {
    for (const auto& [fp, entry] : r.entries) Remember(fp, entry);
    for (const std::string& g : changed) {
      if (r.own_groups.count(g)) r.groups.push_back(g);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  r.status = std::move(status);
  r.done = true;
}

}  // namespace paved::alerts
