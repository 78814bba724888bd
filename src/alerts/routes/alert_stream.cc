#include "alerts/routes/alert_stream.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <mutex>
#include <set>

#include "absl/base/thread_annotations.h"
#include "core/queued_event_stream.h"
#include "core/random.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace paved::alerts {
namespace {

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
constexpr size_t kMaxPayloadBytes = 7000;
// A client that stopped reading must not grow memory without bound.
constexpr size_t kMaxQueuedFrames = 10'000;

}  // namespace

std::string AlertSseFrame(const std::string& group, const std::string& kind) {
  nlohmann::json data = {{"group", group}, {"kind", kind}};
  return "event: alert\ndata: " + data.dump() + "\n\n";
}

class AlertSubscriber;

class AlertStream::Hub {
 public:
  void Add(AlertSubscriber* s) {
    std::lock_guard lock(mu_);
    subscribers_.insert(s);
  }
  void Remove(AlertSubscriber* s) {
    std::lock_guard lock(mu_);
    subscribers_.erase(s);
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  size_t count() const {
    std::lock_guard lock(mu_);
    return subscribers_.size();
  }
  void Deliver(const std::vector<std::string>& groups);

 private:
  mutable std::mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::set<AlertSubscriber*> subscribers_ ABSL_GUARDED_BY(mu_);
};

class AlertSubscriber : public QueuedEventStream {
 public:
  AlertSubscriber(std::shared_ptr<AlertStream::Hub> hub, std::string group)
      : QueuedEventStream(kMaxQueuedFrames), hub_(std::move(hub)), group_(std::move(group)) {}
  ~AlertSubscriber() override { hub_->Remove(this); }

  // Called with the hub's lock held.
  void Changed(const std::string& group) {
    if (group_.empty() || group == group_) Push(AlertSseFrame(group, "changed"));
  }

 protected:
  void OnStop() override { hub_->Remove(this); }

 private:
  std::shared_ptr<AlertStream::Hub> hub_;
  const std::string group_;
};

void AlertStream::Hub::Deliver(const std::vector<std::string>& groups) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  for (const std::string& group : groups) {
    for (AlertSubscriber* s : subscribers_) s->Changed(group);
  }
}

AlertStream::AlertStream(store::Store* store)
    : store_(store), origin_(NewId()), hub_(std::make_shared<Hub>()) {}

AlertStream::~AlertStream() { hub_->Close(); }

absl::Status AlertStream::Start() {
  std::weak_ptr<Hub> weak = hub_;
  return store_->Listen(kAlertsNotifyChannel, [weak, origin = origin_](const std::string&,
                                                                       const std::string& payload) {
    auto hub = weak.lock();
    if (!hub) return;
    auto notice = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (!notice.is_object() || notice.value("origin", "") == origin) return;
    auto groups = notice.find("groups");
    if (groups == notice.end() || !groups->is_array()) return;
    std::vector<std::string> keys;
    for (const auto& g : *groups) {
      if (g.is_string()) keys.push_back(g.get<std::string>());
    }
    hub->Deliver(keys);
  });
}

void AlertStream::Publish(const std::vector<std::string>& groups) {
  std::vector<std::string> unique;
  for (const std::string& g : groups) {
    if (std::find(unique.begin(), unique.end(), g) == unique.end()) unique.push_back(g);
  }
  if (unique.empty()) return;
  hub_->Deliver(unique);
  nlohmann::json notice = {{"origin", origin_}, {"groups", nlohmann::json::array()}};
  size_t bytes = notice.dump().size();
  auto send = [&] {
    absl::Status s = store_->Notify(kAlertsNotifyChannel, notice.dump());
    if (!s.ok()) spdlog::warn("alert stream: notify: {}", s.ToString());
    notice["groups"] = nlohmann::json::array();
    bytes = notice.dump().size();
  };
  for (const std::string& g : unique) {
    size_t add = nlohmann::json(g).dump().size() + 1;
    if (!notice["groups"].empty() && bytes + add > kMaxPayloadBytes) send();
    notice["groups"].push_back(g);
    bytes += add;
  }
  send();
}

std::shared_ptr<EventStream> AlertStream::Subscribe(const std::string& group) {
  auto sub = std::make_shared<AlertSubscriber>(hub_, group);
  hub_->Add(sub.get());
  return sub;
}

size_t AlertStream::subscriber_count() const { return hub_->count(); }

}  // namespace paved::alerts
