// Bills that arrive on their own: from a directory (nested, gzip, a restated month, a broken
// file, a planted symlink) on both engines, and from a bucket of moto's real S3 server, listed and
// downloaded in ranged parts with SigV4.
#include "cost/bill_sources.h"

#include "cost/bill_source_config.h"
#include "cost/bill_source_job.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gtest/gtest.h"
#include "http/client.h"
#include "tests/support/moto_bucket.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;

const char kHead[] =
    "lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,"
    "lineItem/ProductCode,lineItem/ResourceId,lineItem/UnblendedCost,resourceTags/user:team\n";

std::string Bill(const std::string& day, const std::string& chat_cost) {
  return std::string(kHead) + "111122223333,Usage," + day + "T00:00:00Z,AmazonEC2,i-1," +
         chat_cost + ",chat\n111122223333,Usage," + day + "T01:00:00Z,AmazonS3,b-1,2.5,\n";
}

class BillSourcesTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    costs_ = std::make_unique<CostStore>(db_.get());
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    deps_ = {.store = db_.get(), .costs = costs_.get(), .audit = audit_.get(), .clock = &clock_};
    root_ = fs::temp_directory_path() / ("paved-sources-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "bills" / "2026-10");
    fs::create_directories(root_ / "scratch");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ / "bills" / rel) << text;
  }
  void WriteGzip(const std::string& rel, const std::string& text) {
    gzFile gz = gzopen((root_ / "bills" / rel).c_str(), "wb");
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
  }
  std::map<std::string, std::string> Totals() {
    auto totals = costs_->TotalsByTeamTag("2026-01-01", "2026-12-31");
    EXPECT_OK(totals);
    std::map<std::string, std::string> out;
    for (const auto& t : *totals) {
      out[t.team_tag.empty() ? "(unowned)" : t.team_tag] = FormatMoney(t.billed, 2);
    }
    return out;
  }
  SyncResult Sync(BillSource& source) {
    auto result = SyncBillSource(deps_, source, (root_ / "scratch").string());
    EXPECT_OK(result);
    return result.ok() ? *result : SyncResult{};
  }

  FakeClock clock_{1796605200000};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<CostStore> costs_;
  std::unique_ptr<audit::AuditLog> audit_;
  BillImportDeps deps_;
  fs::path root_;
};

TEST_P(BillSourcesTest, ADirectoryIsImportedOnceAndARestatedBillReplacesItsMonth) {
  Write("2026-10/cur-00001.csv", Bill("2026-10-03", "10"));
  WriteGzip("2026-11.csv.gz", Bill("2026-11-04", "7"));
  Write("notes.txt", "not a bill");
  auto source = NewDirectorySource("local", (root_ / "bills").string());

  SyncResult first = Sync(*source);
  EXPECT_EQ(first.imported, 2);
  EXPECT_EQ(first.failed, 0);
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "5.00"}, {"chat", "17.00"}}));
  SyncResult again = Sync(*source);
  EXPECT_EQ(again.imported, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(costs_->Imports()->size(), 2u);

  // AWS rewrites the month's file during the month: the new version replaces October.
  Write("2026-10/cur-00001.csv", Bill("2026-10-03", "12.75"));
  SyncResult restated = Sync(*source);
  EXPECT_EQ(restated.imported, 1);
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "5.00"}, {"chat", "19.75"}}));
  auto states = SourceFileStates(*db_, "local");
  ASSERT_OK(states);
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[0].key, "2026-10/cur-00001.csv");
  EXPECT_EQ((*states)[0].state, "imported");
  EXPECT_EQ((*states)[1].key, "2026-11.csv.gz");
}

TEST_P(BillSourcesTest, ABrokenFileIsRecordedWithItsLineAndTheOthersGoOn) {
  Write("a.csv", std::string(kHead) +
                     "111122223333,Usage,2026-10-03T00:00:00Z,AmazonEC2,i-1,"
                     "12x,chat\n");
  Write("b.csv", Bill("2026-11-04", "7"));
  auto source = NewDirectorySource("local", (root_ / "bills").string());
  SyncResult result = Sync(*source);
  EXPECT_EQ(result.imported, 1);
  ASSERT_EQ(result.failed, 1);
  // Named by the source and the file, never by a server path.
  EXPECT_NE(result.errors[0].find("local:a.csv line 2, column lineItem/UnblendedCost"),
            std::string::npos)
      << result.errors[0];
  EXPECT_EQ(result.errors[0].find("/proc/"), std::string::npos) << result.errors[0];
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "2.50"}, {"chat", "7.00"}}));
  // Not tried again until it changes; then it is.
  EXPECT_EQ(Sync(*source).failed, 0);
  Write("a.csv", Bill("2026-10-03", "1"));
  EXPECT_EQ(Sync(*source).imported, 1);
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "5.00"}, {"chat", "8.00"}}));
}

TEST_P(BillSourcesTest, ASymlinkInTheDirectoryIsNeitherListedNorFollowed) {
  fs::create_directories(root_ / "outside");
  std::ofstream(root_ / "outside" / "secret.csv") << Bill("2026-10-03", "999");
  fs::create_symlink(root_ / "outside" / "secret.csv", root_ / "bills" / "planted.csv");
  fs::create_directory_symlink(root_ / "outside", root_ / "bills" / "linked-dir");
  auto source = NewDirectorySource("local", (root_ / "bills").string());
  auto files = source->List();
  ASSERT_OK(files);
  EXPECT_TRUE(files->empty());
  // Even asked for by name, the planted link is not opened.
  EXPECT_FALSE(source->Fetch({.key = "planted.csv"}, (root_ / "scratch").string()).ok());
  EXPECT_FALSE(source->Fetch({.key = "linked-dir/secret.csv"}, (root_ / "scratch").string()).ok());
  EXPECT_FALSE(source->Fetch({.key = "../outside/secret.csv"}, (root_ / "scratch").string()).ok());
}

TEST_P(BillSourcesTest, TheJobSyncsEverySourceAndGoesOnPastOneThatIsDown) {
  Write("a.csv", Bill("2026-10-03", "10"));
  auto config = ParseBillSources(nlohmann::json::parse(R"({"cost": {"bill_sources": [
          {"name": "gone", "directory": "/nonexistent/paved-bills"},
          {"name": "exports", "directory": ")" + (root_ / "bills").string() +
                                                       R"("}]}})"),
                                 [](const std::string&) { return std::string(); });
  ASSERT_OK(config);
  auto http = http::NewCurlClient();
  BillSourceJob job(deps_, *config, http.get(), (root_ / "scratch").string());
  int beats = 0;
  absl::Status run = job.RunOnce([&] { return ++beats > 0; });
  EXPECT_CODE(run, kUnavailable);  // the missing directory, reported after the other's turn
  EXPECT_NE(run.message().find("/nonexistent/paved-bills"), std::string::npos) << run;
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "2.50"}, {"chat", "10.00"}}));
}

INSTANTIATE_TEST_SUITE_P(Engines, BillSourcesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

TEST(BillSourceConfigTest, SourcesAreReadAndMistakesNamed) {
  auto env = [](const std::string& name) {
    return name == "AWS_ACCESS_KEY_ID"       ? std::string("AKID")
           : name == "AWS_SECRET_ACCESS_KEY" ? std::string("s")
                                             : std::string();
  };
  auto parse = [&](const std::string& yaml_json) {
    return ParseBillSources(nlohmann::json::parse(yaml_json), env);
  };
  auto none = parse("{}");
  ASSERT_OK(none);
  EXPECT_TRUE(none->sources.empty());
  auto two = parse(R"({"cost": {"bill_sources_every_seconds": 600, "bill_sources": [
      {"name": "exports", "directory": "/var/lib/paved/../paved/bills"},
      {"name": "cur", "bucket": "acme-cur", "prefix": "cur/", "region": "eu-west-1"}]}})");
  ASSERT_OK(two);
  EXPECT_EQ(two->every_ms, 600'000);
  ASSERT_EQ(two->sources.size(), 2u);
  EXPECT_EQ(two->sources[0].directory, "/var/lib/paved/bills");
  EXPECT_EQ(two->sources[1].s3.endpoint, "https://s3.{region}.amazonaws.com");
  EXPECT_EQ(two->sources[1].s3.region, "eu-west-1");
  EXPECT_EQ(two->sources[1].s3.credentials.access_key_id, "AKID");
  EXPECT_EQ(two->sources[1].s3.service, "s3");
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {R"({"cost": {"bill_sources": {"name": "x"}}})", "cost.bill_sources:"},
           {R"({"cost": {"bill_sources": [{"directory": "/x"}]}})", "cost.bill_sources[0].name"},
           {R"({"cost": {"bill_sources": [{"name": "x", "directory": "rel"}]}})",
            "cost.bill_sources[0].directory"},
           {R"({"cost": {"bill_sources": [{"name": "x", "directory": "/a", "bucket": "b"}]}})",
            "cost.bill_sources[0]:"},
           {R"({"cost": {"bill_sources": [{"name": "x", "directory": "/a"},
                                          {"name": "x", "directory": "/b"}]}})",
            "cost.bill_sources[1].name"},
           {R"({"cost": {"bill_sources_every_seconds": 5}})", "cost.bill_sources_every_seconds"}}) {
    auto refused = parse(text);
    EXPECT_CODE(refused, kInvalidArgument);
    EXPECT_NE(refused.status().message().find(key), std::string::npos) << refused.status();
  }
}

// moto's S3: what is checked is what Paved imported from what boto3 put there.
class S3BillSourceTest : public BillSourcesTest {
 protected:
  void SetUp() override {
    BillSourcesTest::SetUp();
    auto bucket = test_support::MotoBucket::Start(root_.string(), "bills");
    if (absl::IsFailedPrecondition(bucket.status())) GTEST_SKIP() << bucket.status();
    ASSERT_OK(bucket);
    bucket_ = std::move(*bucket);
  }
  void Put(const std::string& key, const std::string& body) { ASSERT_OK(bucket_->Put(key, body)); }
  std::unique_ptr<aws::S3Objects> Client() { return bucket_->Client(http_.get()); }

  std::unique_ptr<http::Client> http_ = http::NewCurlClient({.use_env_proxy = false});
  std::unique_ptr<test_support::MotoBucket> bucket_;
};

TEST_P(S3BillSourceTest, ABucketPrefixIsImportedAndARewrittenObjectAgain) {
  Put("cur/2026-10/part 1.csv", Bill("2026-10-03", "10"));  // a space: keys are encoded
  Put("cur/2026-11/part-1.csv", Bill("2026-11-04", "7"));
  Put("other/ignored.csv", Bill("2026-11-04", "100"));
  auto source = NewS3Source("s3-bills", Client(), "bills", "cur/");
  SyncResult first = Sync(*source);
  EXPECT_EQ(first.imported, 2);
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "5.00"}, {"chat", "17.00"}}));
  EXPECT_EQ(Sync(*source).unchanged, 2);
  Put("cur/2026-11/part-1.csv", Bill("2026-11-04", "9"));
  EXPECT_EQ(Sync(*source).imported, 1);
  EXPECT_EQ(Totals(),
            (std::map<std::string, std::string>{{"(unowned)", "5.00"}, {"chat", "19.00"}}));
  auto imports = costs_->Imports();
  ASSERT_OK(imports);
  EXPECT_EQ(imports->front().source, "s3-bills:cur/2026-11/part-1.csv");
}

TEST_P(S3BillSourceTest, ALargeObjectIsDownloadedInPartsByteForByte) {
  std::string body;
  for (int i = 0; i < 3000; ++i) body += "line " + std::to_string(i) + "\n";
  Put("big.csv", body);
  auto s3 = Client();
  auto listed = s3->List("bills", "");
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().size, static_cast<int64_t>(body.size()));
  std::string path = (root_ / "scratch" / "big.csv").string();
  ASSERT_OK(s3->Download("bills", listed->front(), path, /*part_bytes=*/1000));
  std::stringstream read;
  read << std::ifstream(path).rdbuf();
  EXPECT_EQ(read.str(), body);
  // An object rewritten since it was listed is refused, not mixed.
  Put("big.csv", body + "more\n");
  EXPECT_CODE(s3->Download("bills", listed->front(), path, 1000), kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(Engines, S3BillSourceTest, ::testing::Values(store::Engine::kSqlite),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost
