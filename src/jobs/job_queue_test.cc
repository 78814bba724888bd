// The job queue contract, run against every store engine.
#include "jobs/job_queue.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "store/migrate.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::jobs {
namespace {

using store::Engine;
using test_support::EngineName;
using test_support::NewDatabaseUrl;

constexpr int64_t kLeaseMs = 30'000;

EnqueueOptions MaxAttempts(int n) {
  EnqueueOptions options;
  options.max_attempts = n;
  return options;
}
EnqueueOptions Delayed(int64_t ms) {
  EnqueueOptions options;
  options.delay_ms = ms;
  return options;
}
EnqueueOptions Deduped(const std::string& key) {
  EnqueueOptions options;
  options.dedupe_key = key;
  return options;
}

using test_support::Eventually;

class JobQueueTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto url = NewDatabaseUrl(GetParam());
    ASSERT_OK(url);
    url_ = *url;
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store::Migrate(*store_, store::AllMigrations()));
    queue_ = std::make_unique<JobQueue>(store_.get(), &clock_);
  }

  std::unique_ptr<store::Store> Open() {
    auto store = store::OpenStore(url_);
    EXPECT_OK(store);
    return store.ok() ? std::move(*store) : nullptr;
  }

  Job MustEnqueue(const std::string& kind, const EnqueueOptions& options = {}) {
    auto job = queue_->Enqueue(kind, {{"n", 1}}, options);
    EXPECT_OK(job);
    return job.ok() ? *job : Job{};
  }

  std::optional<Job> MustClaim(const std::string& worker, int64_t lease_ms = kLeaseMs,
                               const std::vector<std::string>& kinds = {}) {
    auto claimed = queue_->Claim(worker, lease_ms, kinds);
    EXPECT_OK(claimed);
    return claimed.ok() ? *claimed : std::nullopt;
  }

  Job MustGet(const std::string& id) {
    auto job = queue_->Get(id);
    EXPECT_OK(job);
    return job.ok() && job->has_value() ? **job : Job{};
  }

  std::string url_;
  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<JobQueue> queue_;
};

TEST_P(JobQueueTest, EnqueueClaimComplete) {
  auto enqueued = queue_->Enqueue("deploy", {{"release", "r-1"}, {"n", 3}});
  ASSERT_OK(enqueued);
  EXPECT_EQ(enqueued->state, JobState::kQueued);
  EXPECT_EQ(enqueued->attempts, 0);
  EXPECT_EQ(enqueued->created_at_ms, clock_.NowMs());
  ASSERT_EQ(*queue_->Depth(), 1);

  std::optional<Job> job = MustClaim("w1");
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->id, enqueued->id);
  EXPECT_EQ(job->state, JobState::kRunning);
  EXPECT_EQ(job->attempts, 1);
  EXPECT_EQ(job->lease_owner, "w1");
  EXPECT_EQ(job->lease_until_ms, clock_.NowMs() + kLeaseMs);
  EXPECT_EQ(job->payload["release"], "r-1");
  EXPECT_EQ(job->payload["n"], 3);
  EXPECT_FALSE(MustClaim("w2").has_value());  // leased

  ASSERT_OK(queue_->Complete(job->id, "w1"));
  Job done = MustGet(job->id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_EQ(done.finished_at_ms, clock_.NowMs());
  EXPECT_CODE(queue_->Complete(job->id, "w1"), kFailedPrecondition);  // never twice
  EXPECT_EQ(*queue_->Depth(), 0);
  EXPECT_FALSE(MustClaim("w1").has_value());
}

TEST_P(JobQueueTest, ClaimWaitsForRunAtAndFiltersKinds) {
  Job later = MustEnqueue("report", Delayed(5000));
  EXPECT_FALSE(MustClaim("w").has_value());
  Job now = MustEnqueue("notify");
  EXPECT_FALSE(MustClaim("w", kLeaseMs, {"report"}).has_value());
  std::optional<Job> notify = MustClaim("w", kLeaseMs, {"report", "notify"});
  ASSERT_TRUE(notify.has_value());
  EXPECT_EQ(notify->id, now.id);
  clock_.AdvanceMs(5000);
  std::optional<Job> report = MustClaim("w", kLeaseMs, {"report"});
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->id, later.id);
}

TEST_P(JobQueueTest, UnknownJobIsNotFound) {
  EXPECT_CODE(queue_->Complete("nope", "w"), kNotFound);
  EXPECT_CODE(queue_->Heartbeat("nope", "w", 1000), kNotFound);
  EXPECT_CODE(queue_->Fail("nope", "w", "e"), kNotFound);
  auto missing = queue_->Get("nope");
  ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(JobQueueTest, ExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt) {
  Job job = MustEnqueue("rollout");
  ASSERT_TRUE(MustClaim("old", 1000).has_value());
  clock_.AdvanceMs(800);
  ASSERT_OK(queue_->Heartbeat(job.id, "old", 1000));  // lease now ends at +1800
  clock_.AdvanceMs(900);
  EXPECT_FALSE(MustClaim("new", 1000).has_value());
  clock_.AdvanceMs(100);  // exactly at lease end: expired

  std::optional<Job> taken = MustClaim("new", 1000);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->id, job.id);
  EXPECT_EQ(taken->attempts, 2);
  EXPECT_CODE(queue_->Complete(job.id, "old"), kFailedPrecondition);
  EXPECT_CODE(queue_->Heartbeat(job.id, "old", 1000), kFailedPrecondition);
  EXPECT_CODE(queue_->Fail(job.id, "old", "late"), kFailedPrecondition);
  ASSERT_OK(queue_->Complete(job.id, "new"));
  EXPECT_CODE(queue_->Complete(job.id, "new"), kFailedPrecondition);
  EXPECT_EQ(MustGet(job.id).state, JobState::kSucceeded);
}

TEST_P(JobQueueTest, FailureBacksOffExponentiallyThenDies) {
  Job job = MustEnqueue("import", MaxAttempts(3));
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "boom 1", 1000));
  Job queued = MustGet(job.id);
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.run_at_ms, clock_.NowMs() + 1000);
  EXPECT_EQ(queued.last_error, "boom 1");
  EXPECT_EQ(queued.lease_owner, "");
  clock_.AdvanceMs(999);
  EXPECT_FALSE(MustClaim("w").has_value());
  clock_.AdvanceMs(1);
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "boom 2", 1000));
  EXPECT_EQ(MustGet(job.id).run_at_ms, clock_.NowMs() + 2000);  // 1000 * 2^(2-1)
  clock_.AdvanceMs(2000);
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "boom 3", 1000));

  Job dead = MustGet(job.id);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.last_error, "boom 3");
  EXPECT_TRUE(dead.finished_at_ms.has_value());
  EXPECT_EQ(*queue_->Depth(), 0);
  clock_.AdvanceMs(24 * 3'600'000);
  EXPECT_FALSE(MustClaim("w").has_value());
  auto dead_list = queue_->List(JobState::kDead, 10);
  ASSERT_OK(dead_list);
  ASSERT_EQ(dead_list->size(), 1u);
  EXPECT_EQ(dead_list->front().id, job.id);
}

TEST_P(JobQueueTest, BackoffIsCappedAtOneHour) {
  Job job = MustEnqueue("sync", MaxAttempts(10));
  const int64_t base = 2'000'000;
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "e", base));
  EXPECT_EQ(MustGet(job.id).run_at_ms, clock_.NowMs() + base);
  clock_.AdvanceMs(base);
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "e", base));
  EXPECT_EQ(MustGet(job.id).run_at_ms, clock_.NowMs() + 3'600'000);  // not 4'000'000
}

TEST_P(JobQueueTest, AnExplicitDelayReplacesTheBackoff) {
  Job job = MustEnqueue("deliver", MaxAttempts(10));
  ASSERT_TRUE(MustClaim("w").has_value());
  absl::Status slow = RetryAfter(absl::UnavailableError("429"), 7'000);
  ASSERT_EQ(RetryDelayMs(slow), 7'000);
  EXPECT_EQ(RetryDelayMs(absl::UnavailableError("no payload")), std::nullopt);
  ASSERT_OK(queue_->Fail(job.id, "w", slow.ToString(), 1'000, RetryDelayMs(slow)));
  EXPECT_EQ(MustGet(job.id).run_at_ms, clock_.NowMs() + 7'000);
}

// A peer's failure: its own delay kept, transient ones doubled up to a minute, the rest final.
TEST(RetryTransientTest, APeersDelayIsKeptTransientFailuresBackOffOthersAreFinal) {
  EXPECT_EQ(RetryDelayMs(RetryTransient(RetryAfter(absl::ResourceExhaustedError("429"), 7'000), 3)),
            7'000);
  EXPECT_EQ(RetryDelayMs(RetryTransient(absl::UnavailableError("503"), 0)), 1'000);
  EXPECT_EQ(RetryDelayMs(RetryTransient(absl::DeadlineExceededError("slow"), 3)), 8'000);
  EXPECT_EQ(RetryDelayMs(RetryTransient(absl::UnavailableError("503"), 20)), 60'000);
  absl::Status final_error = RetryTransient(absl::FailedPreconditionError("channel_not_found"), 1);
  EXPECT_EQ(final_error.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RetryDelayMs(final_error), std::nullopt);
}

TEST_P(JobQueueTest, APollIsRescheduledWithoutUsingAnAttempt) {
  Job job = MustEnqueue("wait-for-cache", MaxAttempts(1));
  for (int poll = 0; poll < 3; ++poll) {
    ASSERT_TRUE(MustClaim("w").has_value()) << poll;
    ASSERT_OK(queue_->Reschedule(job.id, "w", 60'000));
    Job waiting = MustGet(job.id);
    EXPECT_EQ(waiting.state, JobState::kQueued);
    EXPECT_EQ(waiting.attempts, 0);
    EXPECT_EQ(waiting.run_at_ms, clock_.NowMs() + 60'000);
    EXPECT_FALSE(MustClaim("w").has_value());  // not before its time
    clock_.AdvanceMs(60'000);
  }
  // Still its one attempt left: a failure now is its first and last.
  ASSERT_TRUE(MustClaim("w").has_value());
  ASSERT_OK(queue_->Fail(job.id, "w", "gave up"));
  EXPECT_EQ(MustGet(job.id).state, JobState::kDead);
  EXPECT_EQ(PollDelayMs(PollAgain(5)), 5);
  EXPECT_EQ(PollDelayMs(absl::UnavailableError("no payload")), std::nullopt);
  EXPECT_FALSE(PollAgain(5).ok());
}

TEST_P(JobQueueTest, OnlyTheLeaseHolderReschedules) {
  Job job = MustEnqueue("wait");
  ASSERT_TRUE(MustClaim("w").has_value());
  EXPECT_EQ(queue_->Reschedule(job.id, "other", 1).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MustGet(job.id).state, JobState::kRunning);
}

TEST_P(JobQueueTest, WorkerDyingOnTheLastAttemptMakesTheJobDead) {
  Job job = MustEnqueue("flaky", MaxAttempts(1));
  ASSERT_TRUE(MustClaim("crashed", 1000).has_value());
  clock_.AdvanceMs(1000);
  EXPECT_FALSE(MustClaim("w").has_value());
  Job dead = MustGet(job.id);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_NE(dead.last_error.find("crashed"), std::string::npos) << dead.last_error;
}

TEST_P(JobQueueTest, DedupeKeyReturnsTheLiveJob) {
  Job first = MustEnqueue("bill", Deduped("bill:2026-01"));
  Job again = MustEnqueue("bill", Deduped("bill:2026-01"));
  EXPECT_EQ(again.id, first.id);
  Job other = MustEnqueue("bill", Deduped("bill:2026-02"));
  EXPECT_NE(other.id, first.id);
  EXPECT_EQ(*queue_->Depth(), 2);
  std::optional<Job> running = MustClaim("w");
  ASSERT_TRUE(running.has_value());
  std::string key = running->id == first.id ? "bill:2026-01" : "bill:2026-02";
  EXPECT_EQ(MustEnqueue("bill", Deduped(key)).id, running->id);  // running still counts
  ASSERT_OK(queue_->Complete(running->id, "w"));
  EXPECT_NE(MustEnqueue("bill", Deduped(key)).id, running->id);  // finished: a new job
}

TEST_P(JobQueueTest, AChangeDedupedIntoARunningJobRunsItOnceMore) {
  EnqueueOptions again = Deduped("deliver:g1");
  again.run_again_if_running = true;
  Job job = MustEnqueue("deliver", again);
  EXPECT_EQ(MustEnqueue("deliver", again).id, job.id);  // still queued: nothing to mark
  std::optional<Job> run = MustClaim("w");
  ASSERT_TRUE(run.has_value());
  clock_.AdvanceMs(5'000);
  EXPECT_EQ(MustEnqueue("deliver", again).id, job.id);  // deduped into the running job
  EXPECT_EQ(MustEnqueue("deliver", again).id, job.id);  // twice asks for one more run only

  ASSERT_OK(queue_->Complete(job.id, "w"));
  Job requeued = MustGet(job.id);
  EXPECT_EQ(requeued.state, JobState::kQueued);
  EXPECT_EQ(requeued.attempts, 0);
  EXPECT_EQ(requeued.run_at_ms, clock_.NowMs());
  EXPECT_FALSE(requeued.finished_at_ms.has_value());
  EXPECT_EQ(requeued.lease_owner, "");

  std::optional<Job> rerun = MustClaim("w2");
  ASSERT_TRUE(rerun.has_value());
  EXPECT_EQ(rerun->id, job.id);
  ASSERT_OK(queue_->Complete(job.id, "w2"));
  EXPECT_EQ(MustGet(job.id).state, JobState::kSucceeded);  // nothing new: done
  EXPECT_FALSE(MustClaim("w").has_value());

  // Without the option a running job absorbs the change, as before.
  Job plain = MustEnqueue("deliver", Deduped("deliver:g2"));
  ASSERT_TRUE(MustClaim("w").has_value());
  EXPECT_EQ(MustEnqueue("deliver", Deduped("deliver:g2")).id, plain.id);
  ASSERT_OK(queue_->Complete(plain.id, "w"));
  EXPECT_EQ(MustGet(plain.id).state, JobState::kSucceeded);
}

TEST_P(JobQueueTest, AFailedRunClearsTheRequestToRunAgain) {
  EnqueueOptions again = Deduped("deliver:g1");
  again.run_again_if_running = true;
  Job job = MustEnqueue("deliver", again);
  ASSERT_TRUE(MustClaim("w").has_value());
  MustEnqueue("deliver", again);
  ASSERT_OK(queue_->Fail(job.id, "w", "slack down", 1000));
  clock_.AdvanceMs(1'000);
  ASSERT_TRUE(MustClaim("w").has_value());  // the retry sees the change
  ASSERT_OK(queue_->Complete(job.id, "w"));
  EXPECT_EQ(MustGet(job.id).state, JobState::kSucceeded);
}
TEST_P(JobQueueTest, EnqueueTxExistsOnlyIfTheCallerCommits) {
  absl::Status status = store_->Transaction([&](store::Tx& tx) -> absl::Status {
    auto job = queue_->EnqueueTx(tx, "deploy", {{"x", 1}});
    if (!job.ok()) return job.status();
    return absl::AbortedError("caller failed");
  });
  EXPECT_CODE(status, kAborted);
  EXPECT_EQ(*queue_->Depth(), 0);
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) {
    return queue_->EnqueueTx(tx, "deploy", {{"x", 1}}).status();
  }));
  EXPECT_EQ(*queue_->Depth(), 1);
}

TEST_P(JobQueueTest, RejectsBadArguments) {
  EXPECT_CODE(queue_->Enqueue("", {}), kInvalidArgument);
  EXPECT_CODE(queue_->Enqueue("k", {}, MaxAttempts(0)), kInvalidArgument);
  EXPECT_CODE(queue_->Claim("", kLeaseMs), kInvalidArgument);
}

TEST_P(JobQueueTest, ListPagesNewestFirstWithACursor) {
  std::set<std::string> all;
  for (int i = 0; i < 5; ++i) all.insert(MustEnqueue("k").id);
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 4; ++page) {
    auto jobs = queue_->List(std::nullopt, 2, cursor);
    ASSERT_OK(jobs);
    if (jobs->empty()) break;
    EXPECT_LE(jobs->size(), 2u);
    for (const Job& job : *jobs) seen.push_back(job.id);
    cursor = jobs->back().id;
  }
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), all);
  EXPECT_EQ(seen.size(), 5u);
  auto running = queue_->List(JobState::kRunning, 10);
  ASSERT_OK(running);
  EXPECT_TRUE(running->empty());
}

TEST_P(JobQueueTest, ConcurrentClaimersFromTwoReplicasClaimEachJobOnce) {
  constexpr int kJobs = 200, kThreadsPerReplica = 4;
  for (int i = 0; i < kJobs; ++i) MustEnqueue("work");
  std::unique_ptr<store::Store> replica = Open();
  ASSERT_NE(replica, nullptr);
  JobQueue other_queue(replica.get(), &clock_);
  std::mutex mu;
  std::vector<std::string> claimed;
  std::atomic<int> errors{0};
  auto claimer = [&](JobQueue* queue, std::string worker) {
    while (true) {
      auto job = queue->Claim(worker, kLeaseMs);
      if (!job.ok()) {
        ++errors;
        ADD_FAILURE() << job.status();
        return;
      }
      if (!job->has_value()) return;
      if (!queue->Complete((*job)->id, worker).ok()) ++errors;
      std::lock_guard lock(mu);
      claimed.push_back((*job)->id);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreadsPerReplica; ++t) {
    threads.emplace_back(claimer, queue_.get(), "a-" + std::to_string(t));
    threads.emplace_back(claimer, &other_queue, "b-" + std::to_string(t));
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(),
            static_cast<size_t>(kJobs));
  auto succeeded = store_->Query(
      "SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded' "
      "AND attempts = 1");
  ASSERT_OK(succeeded);
  EXPECT_EQ(succeeded->front().Int("n"), kJobs);
}

TEST_P(JobQueueTest, WakeMakesIdleWorkersClaimBeforeTheirNextPoll) {
  WorkerPoolOptions options;
  options.worker_prefix = "test";
  options.poll_interval_ms = 3'600'000;  // without Wake() a new job would wait an hour
  WorkerPool pool(queue_.get(), options);
  std::atomic<int> ran{0};
  pool.Register("now", [&](JobContext&) {
    ++ran;
    return absl::OkStatus();
  });
  pool.Start();
  ASSERT_TRUE(Eventually([&] {
    auto depth = queue_->Depth();
    return depth.ok() && *depth == 0;
  }));
  MustEnqueue("now");
  pool.Wake();
  bool finished = Eventually([&] { return ran.load() == 1; });
  pool.Stop();
  EXPECT_TRUE(finished);
}

TEST_P(JobQueueTest, WorkerPoolRunsHandlersAndRecordsFailures) {
  WorkerPoolOptions options;
  options.worker_prefix = "test";
  options.poll_interval_ms = 10;
  WorkerPool pool(queue_.get(), options);
  std::mutex mu;
  std::vector<int> seen;
  std::atomic<bool> heartbeat_ok{true};
  pool.Register("echo", [&](JobContext& ctx) {
    heartbeat_ok = heartbeat_ok && ctx.heartbeat();
    std::lock_guard lock(mu);
    seen.push_back(ctx.job.payload["n"].get<int>());
    return absl::OkStatus();
  });
  pool.Register("boom", [](JobContext&) { return absl::InternalError("it broke"); });
  std::atomic<int> polls{0};
  pool.Register("poll", [&](JobContext&) { return ++polls < 3 ? PollAgain(0) : absl::OkStatus(); });
  Job poller = MustEnqueue("poll", MaxAttempts(1));
  std::vector<std::string> ids;
  for (int n = 0; n < 3; ++n) ids.push_back(queue_->Enqueue("echo", {{"n", n}})->id);
  Job boom = MustEnqueue("boom", MaxAttempts(1));
  Job unhandled = MustEnqueue("nobody-handles-this");
  pool.Start();
  bool finished = Eventually([&] {
    auto depth = queue_->Depth();
    return depth.ok() && *depth == 1;  // only the unhandled job is left
  });
  pool.Stop();
  ASSERT_TRUE(finished);
  for (const auto& id : ids) EXPECT_EQ(MustGet(id).state, JobState::kSucceeded);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(heartbeat_ok);
  Job dead = MustGet(boom.id);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_NE(dead.last_error.find("it broke"), std::string::npos);
  EXPECT_EQ(MustGet(unhandled.id).state, JobState::kQueued);
  EXPECT_EQ(MustGet(poller.id).state, JobState::kSucceeded);  // two polls used no attempt
  EXPECT_EQ(polls, 3);
}

// A handler slower than its lease (a peer hanging until its timeout) keeps its job: the pool
// renews the lease while the handler runs, so no other worker runs the same job meanwhile.
TEST_P(JobQueueTest, WorkerPoolKeepsTheLeaseOfAHandlerSlowerThanTheLease) {
  WorkerPoolOptions options;
  options.worker_prefix = "slow";
  options.poll_interval_ms = 10;
  options.lease_ms = 3000;  // renewed every second of real time
  WorkerPool pool(queue_.get(), options);
  std::atomic<int> started{0};
  std::atomic<bool> release{false};
  pool.Register("slow", [&](JobContext&) {
    ++started;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return absl::OkStatus();
  });
  Job job = MustEnqueue("slow", MaxAttempts(5));
  pool.Start();
  ASSERT_TRUE(Eventually([&] { return started.load() == 1; }));
  std::optional<Job> intruder;
  for (int i = 0; i < 3 && !intruder; ++i) {  // 6 s of the queue's clock: two leases
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    clock_.AdvanceMs(2000);
    intruder = MustClaim("intruder", kLeaseMs, {"slow"});
  }
  release = true;
  bool finished = Eventually([&] { return MustGet(job.id).state == JobState::kSucceeded; });
  pool.Stop();
  EXPECT_FALSE(intruder.has_value()) << "the running job was claimed by another worker";
  EXPECT_TRUE(finished);
  EXPECT_EQ(started.load(), 1);
  EXPECT_EQ(MustGet(job.id).attempts, 1);
}

TEST_P(JobQueueTest, AConditionalScheduleQueuesNothingUntilItsConditionHolds) {
  std::atomic<bool> ready{false};
  std::atomic<int> asked{0};
  Scheduler scheduler(queue_.get());
  scheduler.EveryWhen("scan", 20, [&] {
    ++asked;
    return ready.load();
  });
  scheduler.Start();
  ASSERT_TRUE(test_support::Eventually([&] { return asked.load() >= 3; }));
  auto queued = queue_->List(JobState::kQueued, 10);
  ASSERT_OK(queued);
  EXPECT_TRUE(queued->empty()) << "asked " << asked.load() << " times, never ready";
  ready = true;
  EXPECT_TRUE(test_support::Eventually([&] {
    auto jobs = queue_->List(JobState::kQueued, 10);
    return jobs.ok() && jobs->size() == 1 && jobs->front().kind == "scan";
  }));
  scheduler.Stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, JobQueueTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return EngineName(info.param); });

TEST(JobToJsonTest, WritesTimesAsRfc3339AndNullsWhenUnset) {
  Job job;
  job.id = "j1";
  job.kind = "deploy";
  job.payload = {{"a", 1}};
  job.state = JobState::kRunning;
  job.attempts = 1;
  job.run_at_ms = 1'700'000'000'123;
  job.created_at_ms = job.updated_at_ms = job.run_at_ms;
  nlohmann::json json = JobToJson(job);
  EXPECT_EQ(json["state"], "running");
  EXPECT_EQ(json["run_at"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(json["payload"]["a"], 1);
  EXPECT_TRUE(json["finished_at"].is_null());
  EXPECT_TRUE(json["lease_until"].is_null());
  job.finished_at_ms = job.run_at_ms;
  EXPECT_EQ(JobToJson(job)["finished_at"], "2023-11-14T22:13:20.123Z");
}

TEST(JobStateNameTest, NamesEveryState) {
  EXPECT_EQ(JobStateName(JobState::kQueued), "queued");
  EXPECT_EQ(JobStateName(JobState::kRunning), "running");
  EXPECT_EQ(JobStateName(JobState::kSucceeded), "succeeded");
  EXPECT_EQ(JobStateName(JobState::kDead), "dead");
}

}  // namespace
}  // namespace paved::jobs
