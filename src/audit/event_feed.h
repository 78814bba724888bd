#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "audit/audit_log.h"
#include "core/queued_event_stream.h"

namespace paved::audit {

class Subscriber;

// Fans new audit events out to live streams (SSE). One per process. It wakes when a change is
// published in this process or — on PostgreSQL — in any replica (LISTEN/NOTIFY), and polls every
// `poll_ms` as a fallback, then reads the events after the last one it has seen.
class EventFeed {
 public:
  EventFeed(AuditLog* log, store::Store* store, int64_t poll_ms = 1000);
  ~EventFeed();  // Stop()s

  absl::Status Start();
  void Stop();

  // A stream of events with seq > after_seq (the SSE Last-Event-ID), or only new ones when
  // after_seq is negative.
  std::shared_ptr<EventStream> Subscribe(int64_t after_seq);

  size_t subscriber_count() const;

 private:
  friend class Subscriber;
  void Loop();
  void Unsubscribe(Subscriber* s);
  AuditLog* log_;
  store::Store* store_;
  int64_t poll_ms_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool pending_ ABSL_GUARDED_BY(mu_) = false;
  int64_t last_seq_ ABSL_GUARDED_BY(mu_) = 0;
  std::set<Subscriber*> subscribers_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// "id: SEQ\nevent: audit\ndata: JSON\n\n"
std::string SseFrame(const Event& e);

}  // namespace paved::audit
