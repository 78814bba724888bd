// The resource watch with a resource held in memory: frames on change only, the end after a
// settled resource, the limit on followers, and a resource that goes away.
#include "resources/resource_watch.h"

#include <unistd.h>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace paved::resources {
namespace {

using nlohmann::json;

class ResourceWatchTest : public ::testing::Test {
 protected:
  ResourceWatch::Options Options(size_t max_followers = 10) {
    return {.read = [this](const std::string& id) -> absl::StatusOr<json> {
              absl::MutexLock lock(&mu_);
              if (id != "r1" || gone_) return absl::NotFoundError("no resource " + id);
              return resource_;
            },
            .decorate =
                [](json& r) {
                  r["live"] = {{"state", "asked"}};
                },
            .poll = absl::Milliseconds(5),
            .max_followers = max_followers};
  }
  void Set(const std::string& status, int journal) {
    absl::MutexLock lock(&mu_);
    resource_ = {{"id", "r1"}, {"status", status}, {"journal", json::array()}};
    for (int i = 0; i < journal; ++i) resource_["journal"].push_back(i);
  }
  void Remove() {
    absl::MutexLock lock(&mu_);
    gone_ = true;
  }
  // Waits (up to 5 s) until the stream has frames or is finished, and returns the frames.
  static std::vector<json> Next(EventStream& stream) {
    for (int i = 0; i < 1000; ++i) {
      bool finished = stream.Finished();
      std::vector<std::string> raw = stream.Drain();
      if (!raw.empty() || finished) {
        std::vector<json> out;
        for (const std::string& frame : raw) {
          const std::string prefix = "event: resource\ndata: ";
          EXPECT_EQ(frame.rfind(prefix, 0), 0u) << frame;
          out.push_back(json::parse(frame.substr(prefix.size())));
        }
        return out;
      }
      usleep(5'000);
    }
    return {};
  }

  absl::Mutex mu_;
  json resource_ ABSL_GUARDED_BY(mu_);
  bool gone_ ABSL_GUARDED_BY(mu_) = false;
};

TEST_F(ResourceWatchTest, SendsEachChangeOnceAndEndsWhenSettled) {
  Set("creating", 0);
  ResourceWatch watch(Options());
  auto stream = watch.Follow("r1");
  ASSERT_TRUE(stream.ok()) << stream.status();
  (*stream)->Start([] {});
  std::vector<json> first = Next(**stream);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["status"], "creating");
  EXPECT_EQ(first[0]["live"]["state"], "asked");
  usleep(30'000);  // several polls of an unchanged resource: nothing new
  EXPECT_TRUE((*stream)->Drain().empty());
  EXPECT_FALSE((*stream)->Finished());

  Set("creating", 2);
  std::vector<json> grown = Next(**stream);
  ASSERT_EQ(grown.size(), 1u);
  EXPECT_EQ(grown[0]["journal"].size(), 2u);
  Set("ready", 3);
  std::vector<json> last = Next(**stream);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0]["status"], "ready");
  EXPECT_TRUE((*stream)->Finished());
  (*stream)->Stop();
  EXPECT_EQ(watch.follower_count(), 0u);
}

TEST_F(ResourceWatchTest, AnUnknownResourceIsNotFoundAndAGoneOneEndsItsStream) {
  Set("deleting", 1);
  ResourceWatch watch(Options());
  EXPECT_TRUE(absl::IsNotFound(watch.Follow("nope").status()));
  auto stream = watch.Follow("r1");
  ASSERT_TRUE(stream.ok());
  (*stream)->Start([] {});
  EXPECT_EQ(Next(**stream).size(), 1u);
  Remove();
  EXPECT_TRUE(Next(**stream).empty());
  EXPECT_TRUE((*stream)->Finished());
  (*stream)->Stop();
}

TEST_F(ResourceWatchTest, ASettledResourceNeedsNoFollowerAndTheLimitHolds) {
  Set("ready", 1);
  ResourceWatch watch(Options(/*max_followers=*/1));
  auto settled = watch.Follow("r1");
  ASSERT_TRUE(settled.ok());
  EXPECT_TRUE((*settled)->Finished());
  EXPECT_EQ(watch.follower_count(), 0u);

  Set("creating", 0);
  auto one = watch.Follow("r1");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(watch.follower_count(), 1u);
  EXPECT_EQ(watch.Follow("r1").status().code(), absl::StatusCode::kResourceExhausted);
  (*one)->Stop();
  EXPECT_EQ(watch.follower_count(), 0u);
  EXPECT_TRUE(watch.Follow("r1").ok());
}

}  // namespace
}  // namespace paved::resources
