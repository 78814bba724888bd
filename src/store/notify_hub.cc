#include "store/notify_hub.h"

namespace paved::store {

NotifyHub::~NotifyHub() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NotifyHub::Subscribe(const std::string& channel, NotifyCallback callback) {
  std::lock_guard lock(mu_);
  subscribers_[channel].push_back(std::move(callback));
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void NotifyHub::Publish(const std::string& channel, const std::string& payload) {
  {
    std::lock_guard lock(mu_);
    if (subscribers_.find(channel) == subscribers_.end()) return;
    pending_.emplace_back(channel, payload);
  }
  cv_.notify_all();
}

void NotifyHub::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    auto [channel, payload] = std::move(pending_.front());
    pending_.pop_front();
    std::vector<NotifyCallback> callbacks = subscribers_[channel];
    lock.unlock();
    for (const auto& callback : callbacks) callback(channel, payload);
    lock.lock();
  }
}

}  // namespace paved::store
