#include "audit/event_feed.h"

#include "core/queued_event_stream.h"
#include "spdlog/spdlog.h"

namespace paved::audit {

// A client that stopped reading must not grow memory without bound.
constexpr size_t kMaxQueuedFrames = 10'000;

std::string SseFrame(const Event& e) {
  return "id: " + std::to_string(e.seq) + "\nevent: audit\ndata: " + EventToJson(e).dump() + "\n\n";
}

class Subscriber : public QueuedEventStream {
 public:
  Subscriber(EventFeed* feed, std::vector<std::string> backlog)
      : QueuedEventStream(kMaxQueuedFrames, std::move(backlog)), feed_(feed) {}

 protected:
  void OnStop() override { feed_->Unsubscribe(this); }

 private:
  EventFeed* feed_;
};

EventFeed::EventFeed(AuditLog* log, store::Store* store, int64_t poll_ms)
    : log_(log), store_(store), poll_ms_(poll_ms) {}

EventFeed::~EventFeed() { Stop(); }

absl::Status EventFeed::Start() {
  auto latest = log_->LatestSeq();
  if (!latest.ok()) return latest.status();
  {
    std::lock_guard lock(mu_);
    last_seq_ = *latest;
  }
  absl::Status listen =
      store_->Listen(kNotifyChannel, [this](const std::string&, const std::string&) {
        std::lock_guard lock(mu_);
        pending_ = true;
        cv_.notify_one();
      });
  if (!listen.ok()) return listen;
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void EventFeed::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void EventFeed::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_),
                 [this] { return stopping_ || pending_; });
    if (stopping_) break;
    pending_ = false;
    int64_t after = last_seq_;
    lock.unlock();
    auto events = log_->After(after, 1000);
    lock.lock();
    if (!events.ok()) {
      spdlog::warn("event feed: {}", events.status().ToString());
      continue;
    }
    for (const Event& e : *events) {
      std::string frame = SseFrame(e);
      for (Subscriber* s : subscribers_) s->Push(frame);
      last_seq_ = e.seq;
    }
    if (events->size() == 1000) pending_ = true;  // more to read
  }
}

std::shared_ptr<EventStream> EventFeed::Subscribe(int64_t after_seq) {
  std::lock_guard lock(mu_);
  std::vector<std::string> backlog;
  if (after_seq >= 0 && after_seq < last_seq_) {
    // Catch-up reads happen under the lock so no event is missed or sent twice.
    auto events = log_->After(after_seq, 1000);
    if (events.ok()) {
      for (const Event& e : *events) {
        if (e.seq <= last_seq_) backlog.push_back(SseFrame(e));
      }
    }
  }
  auto sub = std::make_shared<Subscriber>(this, std::move(backlog));
  subscribers_.insert(sub.get());
  return sub;
}

void EventFeed::Unsubscribe(Subscriber* s) {
  std::lock_guard lock(mu_);
  subscribers_.erase(s);
}

size_t EventFeed::subscriber_count() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace paved::audit
