#include "store/notify_hub.h"

namespace paved::store {

NotifyHub::~NotifyHub() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;  // under mu_, so Run()'s Await sees it
  }
  if (thread_.joinable()) thread_.join();
}

void NotifyHub::Subscribe(const std::string& channel, NotifyCallback callback) {
  absl::MutexLock lock(&mu_);
  subscribers_[channel].push_back(std::move(callback));
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void NotifyHub::Publish(const std::string& channel, const std::string& payload) {
  absl::MutexLock lock(&mu_);
  if (subscribers_.find(channel) == subscribers_.end()) return;
  pending_.emplace_back(channel, payload);
}

void NotifyHub::Run() {
  auto ready = [this]()
                   ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !pending_.empty(); };
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(&ready));
    if (stopping_) return;
    auto [channel, payload] = std::move(pending_.front());
    pending_.pop_front();
    std::vector<NotifyCallback> callbacks = subscribers_[channel];
    mu_.Unlock();
    for (const auto& callback : callbacks) callback(channel, payload);
    mu_.Lock();
  }
}

}  // namespace paved::store
