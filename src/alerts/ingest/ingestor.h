#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "alerts/alert.h"
#include "alerts/alerts_deps.h"

namespace paved::alerts {

struct IngestResult {
  int received = 0;                 // alerts in the request
  int changed = 0;                  // alerts that differed from what was stored, now written
  std::vector<std::string> groups;  // groups whose message changes because of this request
};

// Stores incoming alerts durably, routed to their owner, at a high rate.
//
// An in-memory index (fingerprint → status, starts_at, ends_at, content hash; no labels) is
// loaded at Start: an alert equal to what the index holds needs no write at all, so the same
// notification delivered twice costs no transaction. Changed alerts go to one writer thread that
// commits every pending request in one transaction (group commit), then wakes the callers:
// Ingest returns only once its alerts are durable. After each commit that changed groups,
// deps.changed(groups) is called (when set) on the writer thread.
//
// Routing: namespace = first of config.namespace_labels present, cluster = config.cluster_label,
// alertname/severity labels; owner (project, team) from deps.owners->ByNamespace, cached ~30 s.
//
// Several replicas (PostgreSQL only): after each commit the changed fingerprints are announced on
// kAlertIndexChannel (store Notify); the other replicas drop them from their index, so their next
// sight of those alerts is compared with the database. Best effort like Notify itself: a lost
// notice leaves one entry stale until that alert next changes. Resolved alerts leave the index
// an hour after they ended (a repeat after that costs one transaction), so it is bounded by the
// alerts firing plus those resolved in the last hour.
// Thread-safe.
inline constexpr char kAlertIndexChannel[] = "paved_alert_index";

class Ingestor {
 public:
  // `deps` needs store, clock, config, alerts (the AlertStore); owners and changed are optional.
  explicit Ingestor(const AlertsDeps& deps);
  ~Ingestor();  // Stop()
  Ingestor(const Ingestor&) = delete;
  Ingestor& operator=(const Ingestor&) = delete;

  // Loads the index and starts the writer. FailedPrecondition when already started.
  absl::Status Start();
  // Commits what is pending, then stops the writer; later Ingest calls return Unavailable.
  void Stop();

  // Routes and stores `alerts` from the configured source `source`. Fingerprints that are empty
  // (or not 16 hex digits) are computed from the labels; starts_at 0 keeps the known start, else
  // now. Returns once every changed alert is committed; on failure nothing of the request may be
  // assumed stored (the source should retry). Unavailable when not started.
  absl::StatusOr<IngestResult> Ingest(const std::string& source, std::vector<IncomingAlert> alerts);

  // Alerts in the index (for tests and metrics).
  size_t IndexSize() const;
  // The clock of the deps (what "now" is for resolving API v2 alerts).
  const Clock* clock() const { return deps_.clock; }

 private:
  struct IndexEntry {
    AlertStatus status = AlertStatus::kFiring;
    int64_t starts_at_ms = 0, ends_at_ms = 0;
    uint64_t content_hash = 0;
    bool operator==(const IndexEntry& o) const {
      return status == o.status && starts_at_ms == o.starts_at_ms && ends_at_ms == o.ends_at_ms &&
             content_hash == o.content_hash;
    }
  };
  struct Shard {
    mutable std::mutex mu;
    absl::flat_hash_map<uint64_t, IndexEntry> map;  // GUARDED_BY(mu)
  };
  static constexpr size_t kShards = 16;
  using Index = std::array<Shard, kShards>;

  // One Ingest call waiting for the writer.
  struct Request {
    std::vector<Alert> alerts;
    std::vector<std::pair<uint64_t, IndexEntry>> entries;  // index updates once committed
    std::set<std::string> own_groups;                      // groups of `alerts`
    std::vector<std::string> groups;                       // changed ones, filled by the writer
    absl::Status status;
    bool done = false;
  };

  struct Owner {
    std::string project, team;
    int64_t expires_ms = 0;
  };

  Shard& ShardOf(uint64_t fp) { return (*index_)[fp % kShards]; }
  std::optional<IndexEntry> Lookup(uint64_t fp);
  void Remember(uint64_t fp, const IndexEntry& e);
  absl::Status Route(const std::string& source, IncomingAlert&& in, Alert& out);
  absl::StatusOr<Owner> OwnerOf(const std::string& ns, const std::string& cluster);
  absl::Status Submit(Request& request);
  void WriterLoop();
  void Commit(std::vector<Request*>& batch);
  absl::StatusOr<std::vector<std::string>> Write(std::vector<Alert>& alerts);
  void Finish(Request& r, absl::Status status, const std::vector<std::string>& changed);
  // Replicas share a PostgreSQL database; SQLite serves one process.
  bool MayHaveReplicas() const;
  // Tells the other replicas which alerts changed (kAlertIndexChannel).
  void Announce(const std::vector<Alert>& alerts);
  absl::Status ListenForOtherReplicas();
  // Drops resolved entries that ended over an hour ago; at most once a minute (writer thread).
  void SweepResolvedIfDue();

  AlertsDeps deps_;
  // Shared with the store's Listen callback, which may outlive this.
  std::shared_ptr<Index> index_ = std::make_shared<Index>();
  const std::string origin_;   // tells this process's own notices apart
  int64_t next_sweep_ms_ = 0;  // writer thread only

  std::mutex owners_mu_;
  std::unordered_map<std::string, Owner> owners_;  // GUARDED_BY(owners_mu_); key cluster/ns

  std::mutex mu_;
  std::condition_variable wake_writer_;  // a request was queued, or stopping
  std::condition_variable committed_;    // a batch finished
  std::deque<Request*> queue_;           // GUARDED_BY(mu_)
  bool running_ = false;                 // GUARDED_BY(mu_)
  bool stopping_ = false;                // GUARDED_BY(mu_)
  std::thread writer_;
};

}  // namespace paved::alerts
