#include "core/queued_event_stream.h"

namespace paved {

void QueuedEventStream::Start(std::function<void()> wake) {
  std::function<void()> now;
  {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
    if (!frames_.empty()) now = wake_;
  }
  if (now) now();
}

std::vector<std::string> QueuedEventStream::Drain() {
  std::lock_guard lock(mu_);
  std::vector<std::string> out(std::make_move_iterator(frames_.begin()),
                               std::make_move_iterator(frames_.end()));
  frames_.clear();
  return out;
}

void QueuedEventStream::Stop() {
  {
    std::lock_guard lock(mu_);
    wake_ = nullptr;
  }
  OnStop();
}

void QueuedEventStream::Push(std::string frame) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    frames_.push_back(std::move(frame));
    while (frames_.size() > max_frames_) frames_.pop_front();
    wake = wake_;
  }
  if (wake) wake();
}

}  // namespace paved
