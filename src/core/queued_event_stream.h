#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace paved {

// A server-sent-events source. The server calls Start() once with a thread-safe `wake` function;
// the source calls wake() whenever it has new frames; the server then calls Drain() on its own
// thread and writes what it returns. Stop() is called when the client goes away or the server
// shuts down; after it, the source must not call wake().
class EventStream {
 public:
  virtual ~EventStream() = default;
  virtual void Start(std::function<void()> wake) = 0;
  // Ready-to-write SSE frames ("id: 1\nevent: x\ndata: {...}\n\n"). Empty when nothing is new.
  virtual std::vector<std::string> Drain() = 0;
  virtual void Stop() = 0;
  // True once the source will send nothing more: the server then writes what Drain() returns
  // and ends the response. A source that turns true after its last frame must wake() again.
  virtual bool Finished() { return false; }
};

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
  // Ends the stream once the frames pushed before it are written. No Push() after it.
  void Close();
  bool Finished() override;

 protected:
  virtual void OnStop() {}

 private:
  const size_t max_frames_;
  absl::Mutex mu_;
  std::deque<std::string> frames_ ABSL_GUARDED_BY(mu_);
  std::function<void()> wake_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace paved
