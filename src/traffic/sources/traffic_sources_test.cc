// Flow logs analysed as they arrive: from a directory (a new file once, a changed file again, a
// second file of a day added to the first, a planted symlink, a broken file) on both engines,
// through the job (pod history from documents beside the logs, an unknown cluster), and from a
// bucket of moto's real S3 server.
#include "traffic/sources/sync_flow_logs.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gtest/gtest.h"
#include "http/client.h"
#include "tests/support/moto_bucket.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "traffic/sources/traffic_source_config.h"
#include "traffic/sources/traffic_source_job.h"

namespace paved::traffic::sources {
namespace {

namespace fs = std::filesystem;

// The v5 header line of the sample log, with its newline.
std::string Header() {
  std::string header;
  std::getline(std::ifstream(fs::path(PAVED_SOURCE_DIR) / "src/traffic/testdata/sample-v5.log"),
               header);
  return header + "\n";
}

const int64_t kDay1 = 1700000000;  // 2023-11-14T22:13:20Z
const int64_t kDay2 = kDay1 + 86400;

// An egress record of `bytes` from the api pod (zone az1) to the redis pod (zone az2).
std::string Record(int64_t bytes, int64_t start) {
  return "5 1 eni-1 10.9.0.1 10.9.0.2 1 2 6 3 " + std::to_string(bytes) + " " +
         std::to_string(start) + " " + std::to_string(start + 60) +
         " ACCEPT OK vpc-1 subnet-1 i-1 0 IPv4 10.0.0.1 10.0.0.2 r az - - - - egress 1\n";
}

PodHistory Pods() {
  std::vector<PodRecord> pods = {{.namespace_name = "web",
                                  .name = "api-7d-a",
                                  .owner_kind = "ReplicaSet",
                                  .owner_name = "api-7d",
                                  .node_name = "n1",
                                  .ips = {"10.0.0.1"},
                                  .start = kDay1 - 1000},
                                 {.namespace_name = "db",
                                  .name = "redis-0",
                                  .owner_kind = "StatefulSet",
                                  .owner_name = "redis",
                                  .node_name = "n2",
                                  .ips = {"10.0.0.2"},
                                  .start = kDay1 - 1000}};
  return PodHistory::FromRecords(pods, {{"n1", "az1"}, {"n2", "az2"}});
}

class FlowSourcesTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    traffic_ = std::make_unique<edges::TrafficStore>(db_.get());
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    files_ = std::make_unique<SourceFileStore>(db_.get());
    deps_ = {.analysis = {.store = db_.get(),
                          .traffic = traffic_.get(),
                          .audit = audit_.get(),
                          .clock = &clock_},
             .files = files_.get(),
             .threads = 2};
    root_ = fs::temp_directory_path() / ("paved-flow-sources-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "logs" / "2023" / "11");
    fs::create_directories(root_ / "scratch");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& records) {
    std::ofstream(root_ / "logs" / rel) << Header() << records;
  }
  void WriteGzip(const std::string& rel, const std::string& records) {
    std::string text = Header() + records;
    gzFile gz = gzopen((root_ / "logs" / rel).c_str(), "wb");
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
  }
  std::unique_ptr<paved::sources::FileSource> Directory() {
    return paved::sources::NewDirectorySource("local", (root_ / "logs").string(),
                                              {".log", ".log.gz"});
  }
  FlowSyncResult Sync(paved::sources::FileSource& source) {
    auto result = SyncFlowLogs(
        deps_, source, "prod-eu",
        [](int64_t, int64_t) -> absl::StatusOr<std::shared_ptr<const PodHistory>> {
          return std::make_shared<const PodHistory>(Pods());
        },
        (root_ / "scratch").string());
    EXPECT_OK(result);
    clock_.AdvanceMs(1000);
    return result.ok() ? *result : FlowSyncResult{};
  }
  // Stored bytes by day (every edge is web/api → db/redis).
  std::map<std::string, int64_t> StoredDays() {
    auto rows = traffic_->Edges("2000-01-01", "2100-01-01", "prod-eu");
    EXPECT_OK(rows);
    std::map<std::string, int64_t> out;
    if (!rows.ok()) return out;
    for (const edges::EdgeRow& r : *rows) {
      EXPECT_EQ(r.src, "web/api");
      EXPECT_EQ(r.dst, "db/redis");
      EXPECT_EQ(r.cross_zone_bytes, r.bytes);
      out[r.day] += r.bytes;
    }
    return out;
  }
  size_t Analyses() {
    auto list = traffic_->Analyses("prod-eu");
    EXPECT_OK(list);
    return list.ok() ? list->size() : 0;
  }

  FakeClock clock_{1'700'100'000'000};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<edges::TrafficStore> traffic_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<SourceFileStore> files_;
  FlowSyncDeps deps_;
  fs::path root_;
};

using ByDay = std::map<std::string, int64_t>;

TEST_P(FlowSourcesTest, ANewFileIsAnalysedOnceAndAChangedFileAgain) {
  Write("2023/11/a.log", Record(100, kDay1));
  WriteGzip("2023/11/b.log.gz", Record(5, kDay2));
  std::ofstream(root_ / "logs" / "notes.txt") << "not a flow log";
  auto source = Directory();
  FlowSyncResult first = Sync(*source);
  EXPECT_EQ(first.analysed, 2);
  EXPECT_EQ(first.failed, 0);
  EXPECT_FALSE(first.analysis_id.empty());
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 100}, {"2023-11-15", 5}}));
  auto stored = traffic_->Analyses("prod-eu");
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().source, "local");
  EXPECT_EQ(stored->front().stored_by, "job:traffic.sources");
  EXPECT_EQ(stored->front().files, 2);

  // Nothing new: no analysis.
  FlowSyncResult again = Sync(*source);
  EXPECT_EQ(again.analysed, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_TRUE(again.analysis_id.empty());
  EXPECT_EQ(Analyses(), 1u);

  // Rewritten: read again, and its day replaced rather than added to.
  Write("2023/11/a.log", Record(300, kDay1));
  FlowSyncResult changed = Sync(*source);
  EXPECT_EQ(changed.analysed, 1);
  EXPECT_EQ(changed.reread, 0);  // b.log is of another day
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 300}, {"2023-11-15", 5}}));
  EXPECT_EQ(Analyses(), 2u);
  // Rewritten onto the other day: its old day goes, though no flow is left on it.
  Write("2023/11/a.log", Record(40, kDay2 + 120));
  FlowSyncResult moved = Sync(*source);
  EXPECT_EQ(moved.reread, 1);  // b.log, for the second day
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-15", 45}}));
  auto states = files_->Files("local");
  ASSERT_OK(states);
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[0].key, "2023/11/a.log");
  EXPECT_EQ((*states)[0].state, "analysed");
  EXPECT_EQ((*states)[0].days, std::vector<std::string>{"2023-11-15"});
  EXPECT_EQ((*states)[0].analysis_id, moved.analysis_id);
}

TEST_P(FlowSourcesTest, ASecondFileOfADayAddsToTheFirst) {
  Write("a.log", Record(100, kDay1));
  auto source = Directory();
  EXPECT_EQ(Sync(*source).analysed, 1);
  // b.log shares a's day and starts the next one; a is read again for its day.
  Write("b.log", Record(50, kDay1 + 60) + Record(7, kDay2));
  FlowSyncResult second = Sync(*source);
  EXPECT_EQ(second.analysed, 1);
  EXPECT_EQ(second.reread, 1);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 150}, {"2023-11-15", 7}}));
  // c.log is of the second day only: b is read again for it, a is not, and the first day
  // (which b also covers) keeps both files' bytes.
  Write("c.log", Record(3, kDay2 + 60));
  FlowSyncResult third = Sync(*source);
  EXPECT_EQ(third.analysed, 1);
  EXPECT_EQ(third.reread, 1);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 150}, {"2023-11-15", 10}}));
}

TEST_P(FlowSourcesTest, ASymlinkInTheDirectoryIsNotFollowed) {
  fs::create_directories(root_ / "outside");
  std::ofstream(root_ / "outside" / "secret.log") << Header() << Record(999, kDay1);
  fs::create_symlink(root_ / "outside" / "secret.log", root_ / "logs" / "planted.log");
  fs::create_directory_symlink(root_ / "outside", root_ / "logs" / "linked-dir");
  auto source = Directory();
  FlowSyncResult result = Sync(*source);
  EXPECT_EQ(result.analysed, 0);
  EXPECT_EQ(result.unchanged, 0);
  EXPECT_EQ(Analyses(), 0u);
  // Even asked for by name, neither is opened.
  EXPECT_FALSE(source->Copy({.key = "planted.log"}, (root_ / "scratch").string()).ok());
  EXPECT_FALSE(source->Copy({.key = "linked-dir/secret.log"}, (root_ / "scratch").string()).ok());
  EXPECT_TRUE(fs::is_empty(root_ / "scratch"));
}

TEST_P(FlowSourcesTest, ABrokenFileIsReportedAndTheOthersStored) {
  Write("a.log", Record(100, kDay1));
  Write("bad.log", Record(1, kDay1) + "5 1 eni-1 10.9.0.1 10.9.0.2 1 2 6 3 12x 1 2 ACCEPT\n");
  auto source = Directory();
  FlowSyncResult result = Sync(*source);
  EXPECT_EQ(result.analysed, 1);
  ASSERT_EQ(result.failed, 1);
  // Named by the source and the file, never by a scratch path.
  EXPECT_NE(result.errors[0].find("local:bad.log line 3"), std::string::npos) << result.errors[0];
  EXPECT_EQ(result.errors[0].find("scratch"), std::string::npos) << result.errors[0];
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 100}}));  // none of the broken file's bytes
  auto states = files_->Files("local");
  ASSERT_OK(states);
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[1].state, "failed");
  EXPECT_NE((*states)[1].error.find("line 3"), std::string::npos) << (*states)[1].error;
  // Not tried again until it changes; then it is, and adds to the day.
  EXPECT_EQ(Sync(*source).failed, 0);
  Write("bad.log", Record(1, kDay1));
  FlowSyncResult fixed = Sync(*source);
  EXPECT_EQ(fixed.analysed, 1);
  EXPECT_EQ(fixed.reread, 1);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 101}}));
  EXPECT_TRUE(fs::is_empty(root_ / "scratch"));  // every copy removed
}

INSTANTIATE_TEST_SUITE_P(Engines, FlowSourcesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

auto NoEnv = [](const std::string&) { return std::string(); };

class FlowSourceJobTest : public FlowSourcesTest {
 protected:
  TrafficSourceJob Job(const std::string& sources_json) {
    auto config = ParseTrafficSources(
        nlohmann::json::parse(R"({"traffic": {"sources": )" + sources_json + "}}"), NoEnv);
    EXPECT_OK(config);
    return TrafficSourceJob({.analysis = deps_.analysis,
                             .files = files_.get(),
                             .cluster_known =
                                 [](const std::string& cluster) {
                                   return cluster == "prod-eu"
                                              ? absl::OkStatus()
                                              : absl::NotFoundError("no cluster " + cluster);
                                 },
                             .http = http_.get(),
                             .scratch_dir = (root_ / "scratch").string(),
                             .threads = 2},
                            config.ok() ? *config : TrafficSourcesConfig{});
  }
  std::unique_ptr<http::Client> http_ = http::NewCurlClient({.use_env_proxy = false});
};

TEST_P(FlowSourceJobTest, PodDocumentsBesideTheLogsAttributeThemAndAnUnknownClusterIsReported) {
  const fs::path testdata = fs::path(PAVED_SOURCE_DIR) / "src" / "traffic" / "testdata";
  fs::create_directories(root_ / "logs" / "k8s");
  fs::copy_file(testdata / "pods.json", root_ / "logs" / "k8s" / "pods.json");
  fs::copy_file(testdata / "nodes.json", root_ / "logs" / "k8s" / "nodes.json");
  fs::copy_file(testdata / "sample-v5.log", root_ / "logs" / "sample-v5.log");
  const std::string dir = (root_ / "logs").string();
  TrafficSourceJob job = Job(R"([
      {"name": "eu", "cluster": "prod-eu", "directory": ")" +
                             dir +
                             R"(", "pods": "k8s/pods.json", "nodes": "k8s/nodes.json"},
      {"name": "us", "cluster": "prod-us", "directory": ")" +
                             dir + R"("}])");
  absl::Status run = job.RunOnce(nullptr);
  EXPECT_CODE(run, kFailedPrecondition);  // prod-us, after eu had its turn
  EXPECT_NE(run.message().find("prod-us"), std::string::npos) << run;

  auto eu = files_->LastRun("eu");
  ASSERT_OK(eu);
  ASSERT_TRUE(eu->has_value());
  EXPECT_EQ((*eu)->state, "ok");
  EXPECT_EQ((*eu)->analysed, 1);
  auto stored = traffic_->Analyses("prod-eu");
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().id, (*eu)->analysis_id);
  EXPECT_GT(stored->front().cross_zone_bytes, 0);
  auto us = files_->LastRun("us");
  ASSERT_OK(us);
  ASSERT_TRUE(us->has_value());
  EXPECT_EQ((*us)->state, "failed");
  EXPECT_NE((*us)->error.find("'prod-us'"), std::string::npos) << (*us)->error;

  // Only the named source runs; a new pods document is read again.
  ASSERT_OK(job.RunOnce(nullptr, "eu"));
  EXPECT_EQ(Analyses(), 1u);  // nothing new
}

TEST_P(FlowSourceJobTest, WithoutPodsOrAProviderARunSaysWhatToSet) {
  Write("a.log", Record(100, kDay1));
  TrafficSourceJob job = Job(R"([{"name": "eu", "cluster": "prod-eu", "directory": ")" +
                             (root_ / "logs").string() + R"("}])");
  absl::Status run = job.RunOnce(nullptr);
  EXPECT_CODE(run, kFailedPrecondition);
  EXPECT_NE(run.message().find("pods and nodes"), std::string::npos) << run;
  EXPECT_EQ(Analyses(), 0u);
  auto files = files_->Files("eu");
  ASSERT_OK(files);
  EXPECT_TRUE(files->empty());  // nothing recorded: the file is read on the next run
}

INSTANTIATE_TEST_SUITE_P(Engines, FlowSourceJobTest, ::testing::Values(store::Engine::kSqlite),
                         [](const auto& info) { return test_support::EngineName(info.param); });

TEST(TrafficSourceConfigTest, SourcesAreReadAndMistakesNamed) {
  auto parse = [&](const std::string& text) {
    return ParseTrafficSources(nlohmann::json::parse(text), NoEnv);
  };
  auto none = parse("{}");
  ASSERT_OK(none);
  EXPECT_TRUE(none->sources.empty());
  EXPECT_EQ(none->every_ms, 3'600'000);
  auto two = parse(R"({"traffic": {"sources_every_seconds": 600, "sources": [
      {"name": "eu", "cluster": "prod-eu", "directory": "/var/lib/paved/../paved/flows",
       "pods": "k8s/pods.json", "nodes": "k8s/nodes.json"},
      {"name": "us", "cluster": "prod-us", "bucket": "flows", "prefix": "AWSLogs/",
       "access_key_id": "AKID", "secret_access_key": "s"}]}})");
  ASSERT_OK(two);
  EXPECT_EQ(two->every_ms, 600'000);
  ASSERT_EQ(two->sources.size(), 2u);
  EXPECT_EQ(two->sources[0].where.directory, "/var/lib/paved/flows");
  EXPECT_EQ(two->sources[0].pods, "k8s/pods.json");
  EXPECT_EQ(two->sources[1].cluster, "prod-us");
  EXPECT_EQ(two->sources[1].where.s3.service, "s3");
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {R"({"traffic": {"sources": {"name": "x"}}})", "traffic.sources:"},
           {R"({"traffic": {"sources": [{"name": "x", "directory": "/a"}]}})",
            "traffic.sources[0].cluster"},
           {R"({"traffic": {"sources": [{"cluster": "c", "directory": "/a"}]}})",
            "traffic.sources[0].name"},
           {R"({"traffic": {"sources": [{"name": "x", "cluster": "c", "directory": "/a",
                                         "pods": "p.json"}]}})",
            "traffic.sources[0]:"},
           {R"({"traffic": {"sources": [{"name": "x", "cluster": "c", "directory": "/a",
                                         "pods": "../p.json", "nodes": "n.json"}]}})",
            "traffic.sources[0].pods"},
           {R"({"traffic": {"sources": [{"name": "x", "cluster": "c", "directory": "/a"},
                                        {"name": "y", "cluster": "c", "directory": "/b"}]}})",
            "traffic.sources[1].cluster"},
           {R"({"traffic": {"sources": [{"name": "x", "cluster": "c", "directory": "/a"},
                                        {"name": "x", "cluster": "d", "directory": "/b"}]}})",
            "traffic.sources[1].name"},
           {R"({"traffic": {"sources_every_seconds": 5}})", "traffic.sources_every_seconds"}}) {
    auto refused = parse(text);
    EXPECT_CODE(refused, kInvalidArgument);
    EXPECT_NE(refused.status().message().find(key), std::string::npos) << refused.status();
  }
}

// moto's S3: what is checked is what Paved stored from what boto3 put there.
class S3FlowSourceTest : public FlowSourcesTest {
 protected:
  void SetUp() override {
    FlowSourcesTest::SetUp();
    auto bucket = test_support::MotoBucket::Start(root_.string(), "flows");
    if (absl::IsFailedPrecondition(bucket.status())) GTEST_SKIP() << bucket.status();
    ASSERT_OK(bucket);
    bucket_ = std::move(*bucket);
  }
  void Put(const std::string& key, const std::string& records) {
    ASSERT_OK(bucket_->Put(key, Header() + records));
  }
  std::unique_ptr<paved::sources::FileSource> Bucket() {
    return paved::sources::NewS3Source("s3-flows", bucket_->Client(http_.get()), "flows",
                                       "AWSLogs/", {".log", ".log.gz"});
  }

  std::unique_ptr<http::Client> http_ = http::NewCurlClient({.use_env_proxy = false});
  std::unique_ptr<test_support::MotoBucket> bucket_;
};

TEST_P(S3FlowSourceTest, ABucketPrefixIsAnalysedAndARewrittenObjectAgain) {
  Put("AWSLogs/2023/11/14/part 1.log", Record(100, kDay1));  // a space: keys are encoded
  Put("AWSLogs/2023/11/15/part-1.log", Record(5, kDay2));
  Put("other/ignored.log", Record(1000, kDay1));
  auto source = Bucket();
  FlowSyncResult first = Sync(*source);
  EXPECT_EQ(first.analysed, 2);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 100}, {"2023-11-15", 5}}));
  EXPECT_EQ(Sync(*source).unchanged, 2);
  Put("AWSLogs/2023/11/14/part-2.log", Record(20, kDay1));
  FlowSyncResult added = Sync(*source);
  EXPECT_EQ(added.analysed, 1);
  EXPECT_EQ(added.reread, 1);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 120}, {"2023-11-15", 5}}));
  Put("AWSLogs/2023/11/15/part-1.log", Record(9, kDay2));
  EXPECT_EQ(Sync(*source).analysed, 1);
  EXPECT_EQ(StoredDays(), (ByDay{{"2023-11-14", 120}, {"2023-11-15", 9}}));
  auto states = files_->Files("s3-flows");
  ASSERT_OK(states);
  ASSERT_EQ(states->size(), 3u);
  EXPECT_EQ((*states)[0].key, "AWSLogs/2023/11/14/part 1.log");
  EXPECT_TRUE(fs::is_empty(root_ / "scratch"));  // every download removed
}

INSTANTIATE_TEST_SUITE_P(Engines, S3FlowSourceTest, ::testing::Values(store::Engine::kSqlite),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::traffic::sources
