#pragma once

#include <deque>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "store/store.h"

namespace paved::store {

// In-process publish/subscribe for Store::Notify/Listen. Callbacks run on one background thread,
// in publish order, never on the publisher's thread (so a callback may itself publish or query).
class NotifyHub {
 public:
  NotifyHub() = default;
  ~NotifyHub();  // stops the dispatcher; undelivered notifications are dropped
  NotifyHub(const NotifyHub&) = delete;
  NotifyHub& operator=(const NotifyHub&) = delete;

  void Subscribe(const std::string& channel, NotifyCallback callback);
  void Publish(const std::string& channel, const std::string& payload);

 private:
  void Run();

  absl::Mutex mu_;
  std::map<std::string, std::vector<NotifyCallback>> subscribers_ ABSL_GUARDED_BY(mu_);
  std::deque<std::pair<std::string, std::string>> pending_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // started by the first Subscribe
};

}  // namespace paved::store
