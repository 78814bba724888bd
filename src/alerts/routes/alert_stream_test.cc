#include "alerts/routes/alert_stream.h"

#include <condition_variable>
#include <mutex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/route_fixture.h"

namespace paved::alerts {
namespace {

using test_support::EngineParamName;
using ::testing::ElementsAre;

// Counts wake-ups so a test can wait for frames delivered on another thread.
class Waker {
 public:
  std::function<void()> Fn() {
    return [this] {
      std::lock_guard lock(mu_);
      ++wakes_;
      cv_.notify_all();
    };
  }
  // Waits until at least `n` wake-ups happened; false after a generous bound.
  bool WaitFor(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return wakes_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int wakes_ = 0;
};

TEST(AlertSseFrame, IsOneAlertEventWithJsonData) {
  EXPECT_EQ(AlertSseFrame("kr1/chat", "changed"),
            "event: alert\ndata: {\"group\":\"kr1/chat\",\"kind\":\"changed\"}\n\n");
}

class AlertStreamTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }
  std::unique_ptr<store::Store> store_;
};

// Frames `sub` hands out until it has `n` (or a generous bound passes).
std::vector<std::string> DrainUntil(EventStream& sub, Waker& waker, size_t n) {
  std::vector<std::string> frames;
  for (int want = 1; frames.size() < n && waker.WaitFor(want); ++want) {
    for (auto& f : sub.Drain()) frames.push_back(std::move(f));
  }
  return frames;
}

TEST_P(AlertStreamTest, PublishReachesEveryReplicaOnceAndFiltersByGroup) {
  AlertStream stream(store_.get());
  AlertStream other(store_.get());  // another replica on the same database
  ASSERT_TRUE(stream.Start().ok());
  ASSERT_TRUE(other.Start().ok());
  auto all = stream.Subscribe("");
  auto chat = stream.Subscribe("kr1/chat");
  auto remote = other.Subscribe("");
  Waker remote_waker;
  all->Start([] {});
  chat->Start([] {});
  remote->Start(remote_waker.Fn());

  stream.Publish({"kr1/chat", "kr1/ads", "kr1/chat"});
  // Local subscribers hear at once.
  EXPECT_THAT(all->Drain(), ElementsAre(AlertSseFrame("kr1/chat", "changed"),
                                        AlertSseFrame("kr1/ads", "changed")));
  EXPECT_THAT(chat->Drain(), ElementsAre(AlertSseFrame("kr1/chat", "changed")));
  // The other replica hears through the store.
  EXPECT_THAT(
      DrainUntil(*remote, remote_waker, 2),
      ElementsAre(AlertSseFrame("kr1/chat", "changed"), AlertSseFrame("kr1/ads", "changed")));
  // The notice also came back to `stream` (its callback runs first): nothing twice.
  EXPECT_TRUE(all->Drain().empty());
  EXPECT_TRUE(chat->Drain().empty());

  all->Stop();
  chat->Stop();
  remote->Stop();
  EXPECT_EQ(stream.subscriber_count(), 0u);
  EXPECT_EQ(other.subscriber_count(), 0u);
}

TEST_P(AlertStreamTest, ManyGroupsAreSplitAcrossNotifications) {
  AlertStream stream(store_.get());
  AlertStream other(store_.get());
  ASSERT_TRUE(stream.Start().ok());
  ASSERT_TRUE(other.Start().ok());
  auto remote = other.Subscribe("");
  Waker waker;
  remote->Start(waker.Fn());
  std::vector<std::string> groups;
  for (int i = 0; i < 600; ++i) groups.push_back("cluster-" + std::to_string(i) + "/namespace");
  stream.Publish(groups);
  std::vector<std::string> frames = DrainUntil(*remote, waker, groups.size());
  ASSERT_EQ(frames.size(), groups.size());
  EXPECT_EQ(frames.front(), AlertSseFrame(groups.front(), "changed"));
  EXPECT_EQ(frames.back(), AlertSseFrame(groups.back(), "changed"));
  remote->Stop();
}

TEST_P(AlertStreamTest, SubscribersOutliveTheStream) {
  std::shared_ptr<EventStream> sub;
  {
    AlertStream stream(store_.get());
    ASSERT_TRUE(stream.Start().ok());
    sub = stream.Subscribe("");
    sub->Start([] {});
  }
  AlertStream witness(store_.get());
  ASSERT_TRUE(witness.Start().ok());
  auto seen = witness.Subscribe("");
  Waker waker;
  seen->Start(waker.Fn());
  AlertStream next(store_.get());
  next.Publish({"kr1/chat"});
  // The dead stream's Listen callback runs before the witness's (registration order).
  ASSERT_TRUE(waker.WaitFor(1));
  EXPECT_TRUE(sub->Drain().empty());
  seen->Stop();
  sub->Stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, AlertStreamTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::alerts
