#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "http/message.h"

namespace paved::http {

// An EventStream whose producers Push() ready frames from any thread and whose connection
// Drain()s them. A client that stops reading keeps only the newest `max_frames`, so memory stays
// bounded. Subclasses unsubscribe from their source in OnStop().
class QueuedEventStream : public EventStream {
 public:
  explicit QueuedEventStream(size_t max_frames, std::vector<std::string> backlog = {})
      : max_frames_(max_frames), frames_(backlog.begin(), backlog.end()) {}

  // Wakes the connection at once when frames are already queued.
  void Start(std::function<void()> wake) override;
  std::vector<std::string> Drain() override;
  // No wake after this returns; then OnStop().
  void Stop() override;
  void Push(std::string frame);

 protected:
  virtual void OnStop() {}

 private:
  const size_t max_frames_;
  std::mutex mu_;
  std::deque<std::string> frames_ ABSL_GUARDED_BY(mu_);
  std::function<void()> wake_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::http
