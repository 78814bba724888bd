#include "core/queued_event_stream.h"

namespace paved {

void QueuedEventStream::Start(std::function<void()> wake) {
  std::function<void()> now;
  {
    absl::MutexLock lock(&mu_);
    wake_ = std::move(wake);
    if (!frames_.empty()) now = wake_;
  }
  if (now) now();
}

std::vector<std::string> QueuedEventStream::Drain() {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out(std::make_move_iterator(frames_.begin()),
                               std::make_move_iterator(frames_.end()));
  frames_.clear();
  return out;
}

void QueuedEventStream::Stop() {
  {
    absl::MutexLock lock(&mu_);
    wake_ = nullptr;
  }
  OnStop();
}

void QueuedEventStream::Push(std::string frame) {
  std::function<void()> wake;
  {
    absl::MutexLock lock(&mu_);
    frames_.push_back(std::move(frame));
    while (frames_.size() > max_frames_) frames_.pop_front();
    wake = wake_;
  }
  if (wake) wake();
}

void QueuedEventStream::Close() {
  std::function<void()> wake;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    wake = wake_;
  }
  if (wake) wake();
}

bool QueuedEventStream::Finished() {
  absl::MutexLock lock(&mu_);
  return closed_;
}

}  // namespace paved
