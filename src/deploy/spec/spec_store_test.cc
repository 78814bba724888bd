#include "deploy/spec/spec_store.h"

#include <chrono>
#include <future>
#include <thread>

#include "deploy/spec/testing/spec_test_fixture.h"

namespace paved::deploy::spec {
namespace {

using testing::EngineParamName;
using testing::SpecFixture;

class SpecStoreTest : public SpecFixture {
 protected:
  absl::StatusOr<SpecVersion> Put(const std::string& yaml, const std::string& author, bool* created,
                                  const std::string& project = "") {
    SpecVersion out;
    absl::Status s = store_->Transaction([&](store::Tx& tx) -> absl::Status {
      auto v = specs_.Put(tx, project.empty() ? project_id_ : project, yaml, author, "m", created);
      if (!v.ok()) return v.status();
      out = *v;
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return out;
  }
  SpecStore specs_{nullptr, nullptr};
  void SetUp() override {
    SpecFixture::SetUp();
    specs_ = SpecStore(store_.get(), &clock_);
  }
};

TEST_P(SpecStoreTest, VersionsGrowAndAnIdenticalPushWritesNothing) {
  bool created = false;
  auto v1 = Put("a: 1\n", "alice", &created);
  ASSERT_OK(v1);
  EXPECT_TRUE(created);
  EXPECT_EQ(v1->version, 1);
  clock_.AdvanceMs(5000);
  auto same = Put("a: 1\n", "bob", &created);
  ASSERT_OK(same);
  EXPECT_FALSE(created);
  EXPECT_EQ(same->version, 1);
  EXPECT_EQ(same->author, "alice");
  auto v2 = Put("a: 2\n", "bob", &created);
  ASSERT_OK(v2);
  EXPECT_TRUE(created);
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->created_at_ms, v1->created_at_ms + 5000);

  auto latest = specs_.Get(project_id_);
  ASSERT_OK(latest);
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->yaml, "a: 2\n");
  EXPECT_EQ(latest->author, "bob");
  auto first = specs_.Get(project_id_, 1);
  ASSERT_OK(first);
  EXPECT_EQ(first->yaml, "a: 1\n");
  EXPECT_EQ(first->message, "m");
  EXPECT_CODE(specs_.Get(project_id_, 3), kNotFound);
  EXPECT_CODE(Put("x", "a", &created, "no-such-project"), kNotFound);
}

TEST_P(SpecStoreTest, ListPagesNewestFirst) {
  bool created = false;
  EXPECT_CODE(specs_.Get(project_id_), kNotFound);
  for (int i = 1; i <= 5; ++i) ASSERT_OK(Put("v: " + std::to_string(i) + "\n", "a", &created));
  auto page = specs_.List(project_id_, 2);
  ASSERT_OK(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].version, 5);
  EXPECT_EQ((*page)[1].version, 4);
  auto rest = specs_.List(project_id_, 10, 4);
  ASSERT_OK(rest);
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].version, 3);
  EXPECT_EQ((*rest)[2].version, 1);
}

// Concurrent pushes to one project get distinct, consecutive versions.
TEST_P(SpecStoreTest, ConcurrentPushesAreSerialisedPerProject) {
  constexpr int kThreads = 4, kEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SpecStore specs(store_.get(), &clock_);
      for (int i = 0; i < kEach; ++i) {
        bool created = false;
        absl::Status s = store_->Transaction([&](store::Tx& tx) -> absl::Status {
          std::string yaml = "t: " + std::to_string(t) + "\ni: " + std::to_string(i) + "\n";
          return specs.Put(tx, project_id_, yaml, "a", "", &created).status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto all = specs_.List(project_id_, 100);
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), static_cast<size_t>(kThreads * kEach));
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].version, static_cast<int64_t>(all->size() - i));
  }
}

// A push that starts while another push to the same project is in flight waits for it (row lock
// on PostgreSQL, BEGIN IMMEDIATE on SQLite) and takes the next version instead of colliding.
TEST_P(SpecStoreTest, APushWaitsForOneInFlight) {
  bool created = false;
  ASSERT_OK(Put("v: 0\n", "a", &created));
  std::promise<void> a_wrote, b_started;
  std::future<void> a_wrote_f = a_wrote.get_future(), b_started_f = b_started.get_future();
  absl::Status a_status, b_status;
  int64_t a_version = 0, b_version = 0;
  std::thread a([&] {
    a_status = store_->Transaction([&](store::Tx& tx) -> absl::Status {
      auto v = specs_.Put(tx, project_id_, "v: a\n", "a", "", nullptr);
      if (!v.ok()) return v.status();
      a_version = v->version;
      a_wrote.set_value();
      // SQLite's B cannot start before A commits: do not wait for it forever.
      b_started_f.wait_for(std::chrono::seconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let B reach its read
      return absl::OkStatus();
    });
  });
  a_wrote_f.wait();
  std::thread b([&] {
    SpecStore specs(store_.get(), &clock_);
    b_status = store_->Transaction([&](store::Tx& tx) -> absl::Status {
      b_started.set_value();
      auto v = specs.Put(tx, project_id_, "v: b\n", "b", "", nullptr);
      if (!v.ok()) return v.status();
      b_version = v->version;
      return absl::OkStatus();
    });
  });
  a.join();
  b.join();
  ASSERT_OK(a_status);
  ASSERT_OK(b_status);
  EXPECT_EQ(a_version, 2);
  EXPECT_EQ(b_version, 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, SpecStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::spec
