#include "resources/resource_watch.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "spdlog/spdlog.h"

namespace paved::resources {
namespace {

using nlohmann::json;

// A follower gets one frame per change; a client that stopped reading keeps the newest few.
constexpr size_t kMaxQueuedFrames = 100;

bool Settled(const json& resource) {
  std::string status = resource.value("status", "");
  return status == "ready" || status == "failed" || status == "deleted";
}

}  // namespace

std::string ResourceSseFrame(const json& resource) {
  return "event: resource\ndata: " + resource.dump() + "\n\n";
}

class Follower : public QueuedEventStream {
 public:
  Follower(std::shared_ptr<ResourceWatch::Hub> hub, std::string id)
      : QueuedEventStream(kMaxQueuedFrames), hub_(std::move(hub)), id_(std::move(id)) {}

  const std::string& id() const { return id_; }

  // Pushes `resource` when it differs from the last one pushed, and closes after a settled one.
  // Called by one thread at a time (Follow, then the watch's thread).
  void Offer(json resource, const std::function<void(json&)>& decorate) {
    std::string seen = resource.dump();
    if (seen == last_) return;
    last_ = std::move(seen);
    if (decorate) decorate(resource);
    Push(ResourceSseFrame(resource));
    if (Settled(resource)) Close();
  }

 protected:
  void OnStop() override;

 private:
  std::shared_ptr<ResourceWatch::Hub> hub_;
  const std::string id_;
  std::string last_;
};

class ResourceWatch::Hub {
 public:
  explicit Hub(Options options) : options_(std::move(options)) {}

  const Options& options() const { return options_; }

  bool Add(std::shared_ptr<Follower> f) {
    absl::MutexLock lock(&mu_);
    if (followers_.size() >= options_.max_followers) return false;
    followers_.insert(std::move(f));
    return true;
  }
  void Remove(Follower* f) {
    absl::MutexLock lock(&mu_);
    for (auto it = followers_.begin(); it != followers_.end(); ++it) {
      if (it->get() == f) {
        followers_.erase(it);
        return;
      }
    }
  }
  size_t size() {
    absl::MutexLock lock(&mu_);
    return followers_.size();
  }
  void Stop() {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    followers_.clear();
  }

  // Until Stop(): waits for followers, then reads each one's resource every `poll`.
  void Loop() {
    while (true) {
      std::vector<std::shared_ptr<Follower>> round;
      {
        absl::MutexLock lock(&mu_);
        auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
        mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.poll);
        if (stopping_) return;
        round.assign(followers_.begin(), followers_.end());
      }
      for (const std::shared_ptr<Follower>& f : round) Poll(*f);
    }
  }

 private:
  void Poll(Follower& f) {
    if (f.Finished()) return;
    absl::StatusOr<json> read = options_.read(f.id());
    if (absl::IsNotFound(read.status())) {
      f.Close();
    } else if (!read.ok()) {
      spdlog::warn("resource stream {}: {}", f.id(), read.status().ToString());
    } else {
      f.Offer(*std::move(read), options_.decorate);
    }
  }

  const Options options_;
  absl::Mutex mu_;
  std::set<std::shared_ptr<Follower>> followers_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

void Follower::OnStop() { hub_->Remove(this); }

ResourceWatch::ResourceWatch(Options options)
    : hub_(std::make_shared<Hub>(std::move(options))), thread_([hub = hub_] { hub->Loop(); }) {}

ResourceWatch::~ResourceWatch() {
  hub_->Stop();
  thread_.join();
}

absl::StatusOr<std::shared_ptr<EventStream>> ResourceWatch::Follow(const std::string& id) {
  absl::StatusOr<json> now = hub_->options().read(id);
  if (!now.ok()) return now.status();
  auto follower = std::make_shared<Follower>(hub_, id);
  follower->Offer(*std::move(now), hub_->options().decorate);
  if (follower->Finished()) return follower;
  if (!hub_->Add(follower)) {
    return absl::ResourceExhaustedError("too many resource streams are open; try again later");
  }
  return follower;
}

size_t ResourceWatch::follower_count() const { return hub_->size(); }

}  // namespace paved::resources
