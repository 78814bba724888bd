#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "http/message.h"
#include "store/store.h"

namespace paved::alerts {

// The store notification channel that carries "group changed" notices between replicas.
inline constexpr char kAlertsNotifyChannel[] = "paved_alerts";

// "event: alert\ndata: {"group":GROUP,"kind":KIND}\n\n"
std::string AlertSseFrame(const std::string& group, const std::string& kind);

// Fans "group changed" notices out to live streams (GET /api/v1/alerts/stream). One per process.
// Publish() tells this process's subscribers at once and every other replica through
// store::Store::Notify on kAlertsNotifyChannel (PostgreSQL NOTIFY; in-process on SQLite); a
// replica's own notices coming back through Listen are recognised by an origin id and skipped.
// Notices carry only group keys: readers re-read the group. Thread-safe.
class AlertStream {
 public:
  // `store` must outlive the Listen registration, i.e. live as long as the process's store.
  explicit AlertStream(store::Store* store);
  ~AlertStream();  // subscribers still open stay valid and receive nothing more
  AlertStream(const AlertStream&) = delete;
  AlertStream& operator=(const AlertStream&) = delete;

  // Starts receiving other replicas' notices. Without it, Publish still reaches this process.
  absl::Status Start();

  // Tells every subscriber (of any replica) that these groups changed. Never blocks on slow
  // subscribers; a failed Notify is logged (other replicas then miss this notice).
  void Publish(const std::vector<std::string>& groups);

  // A stream of "changed" frames for `group` ("<cluster>/<namespace>"), or every group when "".
  std::shared_ptr<EventStream> Subscribe(const std::string& group);

  size_t subscriber_count() const;

  class Hub;  // shared with subscribers and the Listen callback, which may outlive this

 private:
  store::Store* store_;
  std::string origin_;
  std::shared_ptr<Hub> hub_;
};

}  // namespace paved::alerts
