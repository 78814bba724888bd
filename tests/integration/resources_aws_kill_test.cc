// A `paved serve` making resources in AWS (moto) is killed with SIGKILL between the steps of a
// creation — just before a step's first call, and just after AWS made a piece but before Paved
// could journal it — and restarted on the same data dir: every resource ends ready, with one of
// each piece in moto (no second distribution, table or replication group).
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "http/server.h"
#include "nlohmann/json.hpp"
#include "tests/integration/api_client.h"
#include "tests/integration/paved_process.h"
#include "tests/support/moto_server.h"

namespace paved::integration {
namespace {

using nlohmann::json;
using test_support::MotoServer;
constexpr char kPassword[] = "aws-kill-password";

// The AWS operation a request calls: the Query `Action`, the JSON `X-Amz-Target`, or for the
// REST services what its method and path mean.
std::string OperationOf(const http::Request& req) {
  if (absl::StartsWith(req.body, "Action=")) {
    return req.body.substr(7, req.body.find('&') - 7);
  }
  std::string target = req.Header("X-Amz-Target");
  if (!target.empty()) return target.substr(target.find('.') + 1);
  if (req.method == "POST" && absl::StrContains(req.target, "/distribution?WithTags")) {
    return "CreateDistributionWithTags";
  }
  if (req.method == "POST" && absl::StrContains(req.target, "/rrset")) {
    return "ChangeResourceRecordSets";
  }
  if (req.method == "PUT" && absl::StrContains(req.target, "?tagging")) return "PutBucketTagging";
  if (req.method == "PUT" && absl::StrContains(req.target, "?website")) return "PutBucketWebsite";
  return req.method + " " + req.path;
}

// Forwards every request to moto. When the armed operation comes, it stops there — after
// forwarding it when `after` — and holds the answer until the test released it (by then the
// server that asked is dead).
class StallingProxy {
 public:
  explicit StallingProxy(std::string upstream) : upstream_(std::move(upstream)) {}
  ~StallingProxy() {
    Release();
    if (server_) server_->Stop();
  }

  bool Start() {
    server_ = http::NewServer({.host = "127.0.0.1", .port = 0, .threads = 4},
                              [this](http::Request& req) { return Handle(req); });
    auto port = server_->Start();
    if (!port.ok()) return false;
    endpoint_ = "http://127.0.0.1:" + std::to_string(*port);
    return true;
  }
  const std::string& endpoint() const { return endpoint_; }

  void Arm(const std::string& operation, bool after) {
    absl::MutexLock lock(&mu_);
    operation_ = operation;
    after_ = after;
    stalled_ = released_ = false;
  }
  bool WaitStalled(int seconds) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&stalled_), absl::Seconds(seconds));
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
    operation_.clear();
  }

 private:
  http::Response Handle(http::Request& req) {
    bool stall = false, after = false;
    {
      absl::MutexLock lock(&mu_);
      stall = !operation_.empty() && !stalled_ && OperationOf(req) == operation_;
      after = after_;
    }
    http::Response res;
    if (!stall || after) res = Forward(req);
    if (!stall) return res;
    absl::MutexLock lock(&mu_);
    stalled_ = true;
    mu_.AwaitWithTimeout(absl::Condition(&released_), absl::Seconds(30));
    return http::Response{.status = 503, .body = "stalled"};
  }

  http::Response Forward(const http::Request& req) {
    http::ClientHeaders headers;
    for (const auto& [name, value] : req.headers) {
      std::string lower = absl::AsciiStrToLower(name);
      if (lower != "host" && lower != "content-length" && lower != "connection") {
        headers.emplace_back(name, value);
      }
    }
    auto got = client_->Send(req.method, upstream_ + req.target, headers, req.body,
                             std::chrono::seconds(30));
    http::Response res{.status = got.ok() ? got->status : 502};
    if (!got.ok()) return res;
    for (const auto& [name, value] : got->headers) {
      std::string lower = absl::AsciiStrToLower(name);
      if (lower == "content-type" || lower == "etag" || lower == "location") {
        res.SetHeader(name, value);
      }
    }
    res.body = got->body;
    return res;
  }

  std::string upstream_;
  std::string endpoint_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<http::Client> client_ = http::NewCurlClient();
  absl::Mutex mu_;
  std::string operation_ ABSL_GUARDED_BY(mu_);
  bool after_ ABSL_GUARDED_BY(mu_) = false;
  bool stalled_ ABSL_GUARDED_BY(mu_) = false;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
};

struct KillPoint {
  std::string kind;
  std::string operation;
  bool after;
};

class ResourcesAwsKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-aws-kill-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto moto = MotoServer::Start(dir_);
    ASSERT_TRUE(moto.ok()) << moto.status();
    moto_ = std::move(*moto);
    proxy_ = std::make_unique<StallingProxy>(moto_->endpoint());
    ASSERT_TRUE(proxy_->Start());
    auto zone = moto_->Boto("route53", "create_hosted_zone",
                            {{"Name", "kill.test"}, {"CallerReference", "kill"}});
    ASSERT_TRUE(zone.ok()) << zone.status();
    std::string zone_id = (*zone)["HostedZone"].value("Id", "");
    zone_id = zone_id.substr(zone_id.rfind('/') + 1);
    json config = {{"demo_data", false},
                   {"resources",
                    {{"aws",
                      {{"accounts",
                        {{{"id", test_support::kMotoAccount},
                          {"region", test_support::kMotoRegion},
                          {"endpoint", proxy_->endpoint()},
                          {"access_key_id", "testing"},
                          {"secret_access_key", "testing"}}}}}},
                     {"profiles",
                      {{{"account", test_support::kMotoAccount},
                        {"environment", "alpha"},
                        {"defaults",
                         {{"common",
                           {{"subnets", {"subnet-0a1"}},
                            {"security_groups", {"sg-0c3"}},
                            {"encryption_in_transit", true}}},
                          {"static-site", {{"hosted_zone_id", zone_id}}}}}}}}}}};
    config_path_ = dir_ + "/paved.yaml";
    std::ofstream(config_path_) << config.dump(2);  // JSON is YAML
  }

  void TearDown() override {
    if (server_) server_->Terminate();
    server_.reset();
    proxy_.reset();
    moto_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void StartServer() {
    server_ = std::make_unique<PavedProcess>(
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--data-dir", dir_ + "/data",
                                 "--config", config_path_},
        std::map<std::string, std::string>{{"PAVED_ADMIN_PASSWORD", kPassword},
                                           {"PAVED_JOB_LEASE_SECONDS", "2"},
                                           {"PAVED_ACCESS_LOG", "false"}});
    ASSERT_TRUE(server_->Start()) << server_->output();
    api_ = std::make_unique<Api>(server_->base_url());
    ASSERT_NO_FATAL_FAILURE(api_->LoginAdmin(kPassword));
  }

  json Spec(const std::string& kind, int n) {
    if (kind == "redis") return {{"size", "s"}};
    if (kind == "static-site") return {{"domain", "site" + std::to_string(n) + ".kill.test"}};
    return {{"partition_key", {{"name", "id"}, {"type", "S"}}}, {"ttl_attribute", "ttl"}};
  }

  // How many pieces of resource `id` moto has, by kind of piece.
  std::map<std::string, int> Pieces(const std::string& id) {
    std::string name = "paved-" + id;
    auto answers = moto_->BotoMany(
        json::array({{"elasticache", "describe_replication_groups", json::object()},
                     {"elasticache", "describe_cache_subnet_groups", json::object()},
                     {"dynamodb", "list_tables", json::object()},
                     {"s3", "list_buckets", json::object()}}));
    EXPECT_TRUE(answers.ok()) << answers.status();
    std::map<std::string, int> n;
    if (!answers.ok()) return n;
    for (const json& g : (*answers)[0].value("ReplicationGroups", json::array())) {
      n["replication group"] += g.value("ReplicationGroupId", "") == name;
    }
    for (const json& g : (*answers)[1].value("CacheSubnetGroups", json::array())) {
      n["subnet group"] += g.value("CacheSubnetGroupName", "") == name;
    }
    for (const json& t : (*answers)[2].value("TableNames", json::array())) n["table"] += t == name;
    for (const json& b : (*answers)[3].value("Buckets", json::array())) {
      n["bucket"] += b.value("Name", "") == name;
    }
    auto distributions = moto_->DistributionsWithReference(name);
    EXPECT_TRUE(distributions.ok()) << distributions.status();
    n["distribution"] = distributions.ok() ? *distributions : -1;
    return n;
  }

  std::string dir_, config_path_;
  std::unique_ptr<MotoServer> moto_;
  std::unique_ptr<StallingProxy> proxy_;
  std::unique_ptr<PavedProcess> server_;
  std::unique_ptr<Api> api_;
};

TEST_F(ResourcesAwsKillTest, AKillBetweenAnyTwoStepsEndsReadyWithOneOfEachPiece) {
  const std::vector<KillPoint> points = {
      {"redis", "CreateCacheSubnetGroup", true},
      {"redis", "DescribeReplicationGroups", false},  // subnet and parameter groups done
      {"redis", "CreateReplicationGroup", true},
      {"redis", "AddTagsToResource", false},
      {"redis", "AddTagsToResource", true},
      {"static-site", "PutBucketTagging", true},
      {"static-site", "CreateDistributionWithTags", true},
      {"static-site", "ChangeResourceRecordSets", false},
      {"static-site", "ChangeResourceRecordSets", true},
      {"dynamodb", "CreateTable", true},
      {"dynamodb", "DescribeTimeToLive", false},
      {"dynamodb", "UpdateTimeToLive", true},
  };
  ASSERT_NO_FATAL_FAILURE(StartServer());
  int status = 0;
  api_->Call("POST", "/teams", {{"slug", "kill-team"}, {"name", "Kill"}}, &status);
  ASSERT_EQ(status, 201) << api_->last().body;
  api_->Call("POST", "/projects",
             {{"slug", "kill-app"}, {"name", "Kill"}, {"owner_team", "kill-team"}}, &status);
  ASSERT_EQ(status, 201) << api_->last().body;

  for (size_t i = 0; i < points.size(); ++i) {
    const KillPoint& p = points[i];
    SCOPED_TRACE(p.kind + " killed " + (p.after ? "after " : "before ") + p.operation);
    proxy_->Arm(p.operation, p.after);
    json created = api_->Call("POST", "/projects/kill-app/resources",
                              {{"kind", p.kind},
                               {"name", "r" + std::to_string(i)},
                               {"environment", "alpha"},
                               {"spec", Spec(p.kind, static_cast<int>(i))}},
                              &status);
    ASSERT_EQ(status, 202) << api_->last().body;
    std::string id = created["id"];
    ASSERT_TRUE(proxy_->WaitStalled(60)) << server_->output();
    ASSERT_EQ(kill(server_->pid(), SIGKILL), 0);
    server_.reset();
    proxy_->Release();

    ASSERT_NO_FATAL_FAILURE(StartServer());
    json settled = PollUntil([&] { return api_->Call("GET", "/resources/" + id); },
                             [](const json& r) {
                               std::string s = r.is_object() ? r.value("status", "") : "";
                               return s == "ready" || s == "failed";
                             },
                             90);
    ASSERT_EQ(settled.value("status", ""), "ready") << settled.dump() << server_->output();
    std::map<std::string, int> pieces = Pieces(id);
    for (const auto& [piece, count] : pieces) {
      EXPECT_LE(count, 1) << piece;
    }
    if (p.kind == "redis") {
      EXPECT_EQ(pieces["replication group"], 1);
      EXPECT_EQ(pieces["subnet group"], 1);
    } else if (p.kind == "static-site") {
      EXPECT_EQ(pieces["bucket"], 1);
      EXPECT_EQ(pieces["distribution"], 1);
    } else {
      EXPECT_EQ(pieces["table"], 1);
    }
  }
}

}  // namespace
}  // namespace paved::integration
