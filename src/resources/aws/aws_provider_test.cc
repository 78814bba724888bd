// The aws provider against moto's real server, driven through the saga runner. What is checked
// is moto's state afterwards, read independently with boto3: the settings and tags of every
// piece, nothing left after a deletion or an undo, and nothing foreign adopted or deleted.
#include "resources/aws/aws_provider.h"
#include "resources/connection.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "gtest/gtest.h"
#include "resources/saga.h"
#include "tests/support/moto_server.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::resources::aws_provider {
namespace {

using nlohmann::json;
using test_support::MotoServer;

// Fails one step on purpose, before or after the real step ran.
class FailingStep : public Step {
 public:
  FailingStep(std::unique_ptr<Step> inner, bool after) : inner_(std::move(inner)), after_(after) {}
  std::string Name() const override { return inner_->Name(); }
  std::string IdempotencyKey(const Resource& r) const override { return inner_->IdempotencyKey(r); }
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    if (!after_) return absl::FailedPreconditionError("injected failure before " + Name());
    auto outcome = inner_->Apply(r, outputs);
    if (outcome.ok() && !outcome->done) return outcome;
    return absl::FailedPreconditionError("injected failure after " + Name());
  }
  absl::Status Undo(const Resource& r, const std::string& id) override {
    return inner_->Undo(r, id);
  }

 private:
  std::unique_ptr<Step> inner_;
  bool after_;
};

// The aws provider with step `fail_step` (-1: none) failing before or after it runs.
class Injecting : public Provider {
 public:
  explicit Injecting(Provider* inner) : inner_(inner) {}
  std::string Name() const override { return "aws"; }
  bool Supports(Kind kind) const override { return inner_->Supports(kind); }
  std::vector<std::unique_ptr<Step>> Steps(const Resource& r) override {
    std::vector<std::unique_ptr<Step>> steps = inner_->Steps(r);
    if (fail_step >= 0 && fail_step < static_cast<int>(steps.size())) {
      steps[fail_step] = std::make_unique<FailingStep>(std::move(steps[fail_step]), fail_after);
    }
    return steps;
  }
  absl::StatusOr<json> LiveStatus(const Resource& r) override { return inner_->LiveStatus(r); }
  absl::StatusOr<StepOutcome> Update(const Resource& r) override {
    absl::StatusOr<StepOutcome> outcome = inner_->Update(r);
    if (fail_updates > 0 && outcome.ok() && outcome->done) {
      --fail_updates;
      return absl::FailedPreconditionError("injected failure after the update");
    }
    return outcome;
  }
  bool Tags() const override { return inner_->Tags(); }
  absl::Status Retag(const Resource& r) override { return inner_->Retag(r); }
  int fail_step = -1;
  bool fail_after = false;
  int fail_updates = 0;  // how many finished updates fail on purpose

 private:
  Provider* inner_;
};

// Sends through curl and remembers every request ("METHOD URL target body"); answers the
// ElastiCache parameter group calls moto 5.2.1 does not implement when `fake_parameter_groups`.
class Recording : public http::Client {
 public:
  explicit Recording(http::Client* inner) : inner_(inner) {}
  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& url,
                                            const http::ClientHeaders& headers,
                                            const std::string& body,
                                            std::chrono::milliseconds timeout) override {
    std::string target;
    for (const auto& [name, value] : headers) {
      if (absl::EqualsIgnoreCase(name, "X-Amz-Target")) target = value;
    }
    std::string line = absl::StrCat(method, " ", url, " ", target, " ", body);
    {
      absl::MutexLock lock(&mu_);
      requests_.push_back(line);
    }
    for (const char* action : {"CreateCacheParameterGroup", "ModifyCacheParameterGroup"}) {
      if (fake_parameter_groups && absl::StrContains(body, absl::StrCat("Action=", action, "&"))) {
        http::ClientResponse ok;
        ok.status = 200;
        ok.body =
            absl::StrCat("<", action, "Response><", action, "Result/></", action, "Response>");
        return ok;
      }
    }
    return inner_->Send(method, url, headers, body, timeout);
  }
  // The requests that contain `part`.
  std::vector<std::string> With(const std::string& part) {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> out;
    for (const std::string& r : requests_) {
      if (absl::StrContains(r, part)) out.push_back(r);
    }
    return out;
  }
  void Clear() {
    absl::MutexLock lock(&mu_);
    requests_.clear();
  }
  size_t Count() {
    absl::MutexLock lock(&mu_);
    return requests_.size();
  }
  std::atomic<bool> fake_parameter_groups{false};

 private:
  http::Client* inner_;
  absl::Mutex mu_;
  std::vector<std::string> requests_;
};

json Standard(const json& values) {
  json effective = json::object();
  for (const auto& [key, value] : values.items()) {
    effective[key] = {{"value", value}, {"source", "standard"}};
  }
  return effective;
}

json RedisStandard() {
  return Standard(
      {{"size", "m"},
       {"engine_version", "7.0"},
       {"replicas", 1},
       {"eviction_policy", "allkeys-lru"},
       {"subnets", {"subnet-0a1", "subnet-0b2"}},
       {"security_groups", {"sg-0c3"}},
       {"snapshot_window", "03:00-04:00"},
       {"maintenance_window", "sun:05:00-sun:06:00"},
       {"encryption_at_rest", true},
       {"encryption_in_transit", true},
       {"backup_retention_days", 7},
       {"tags", {{"cost-center", "42"}}},
       {"node_types",
        {{"s", "cache.t4g.small"}, {"m", "cache.m7g.large"}, {"l", "cache.r7g.xlarge"}}}});
}

json DynamoStandard() {
  return Standard({{"partition_key", {{"name", "pk"}, {"type", "S"}}},
                   {"sort_key", {{"name", "at"}, {"type", "N"}}},
                   {"billing_mode", "PAY_PER_REQUEST"},
                   {"ttl_attribute", "expires"},
                   {"encryption_at_rest", true}});
}

class AwsProviderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::filesystem::temp_directory_path() / ("paved-aws-" + NewId()));
    std::filesystem::create_directories(*dir_);
    auto moto = MotoServer::Start(*dir_);
    if (!moto.ok()) {
      start_error_ = new std::string(moto.status().ToString());
      return;
    }
    moto_ = moto->release();
  }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(moto_, nullptr) << (start_error_ ? *start_error_ : "");
    auto db = test_support::NewMigratedStore(store::Engine::kSqlite);
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<ResourceStore>(db_.get(), &clock_);
    queue_ = std::make_unique<jobs::JobQueue>(db_.get(), &clock_);
    AwsAccount account{.id = test_support::kMotoAccount,
                       .region = test_support::kMotoRegion,
                       .endpoint = moto_->endpoint(),
                       .credentials = {"testing", "testing", ""}};
    recording_ = std::make_unique<Recording>(http_.get());
    aws_ = std::make_unique<AwsProvider>(
        recording_.get(), &clock_,
        AwsProviderOptions{.accounts = {{account.id, account}},
                           .redis_auth_token = [](const Resource& r)
                               -> absl::StatusOr<std::string> { return "token-of-" + r.id; },
                           .max_attempts = 1,
                           .retry_backoff_ms = 1});
    injecting_ = std::make_unique<Injecting>(aws_.get());
    runner_ = std::make_unique<SagaRunner>(
        store_.get(), queue_.get(), std::map<std::string, Provider*>{{"aws", injecting_.get()}});
  }

  std::string NewResource(Kind kind, json effective) {
    std::string id = NewId();
    Resource r{.id = id,
               .project_id = "p1",
               .name = "thing-" + std::to_string(++count_),
               .kind = kind,
               .environment = "production",
               .account = test_support::kMotoAccount,
               .provider = "aws",
               .effective = std::move(effective),
               .status = Status::kCreating,
               .created_by = "dev"};
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, r); }));
    return r.id;
  }

  jobs::Job JobFor(const std::string& id) { return jobs::Job{.payload = {{"resource_id", id}}}; }

  Resource Create(const std::string& id) {
    for (int run = 0; run < 50 && !runner_->RunCreate(JobFor(id)).ok(); ++run) {
    }
    return MustGet(id);
  }

  Resource Delete(const std::string& id) {
    EXPECT_OK(db_->Transaction(
        [&](store::Tx& tx) { return store_->SetStatus(tx, id, Status::kDeleting, ""); }));
    for (int run = 0; run < 50 && !runner_->RunDelete(JobFor(id)).ok(); ++run) {
    }
    return MustGet(id);
  }

  // What ResourceService::Update does to a ready resource (new effective settings, status
  // updating), then the update job run until it has finished.
  Resource UpdateTo(const std::string& id, const json& changes) {
    Resource r = MustGet(id);
    json before = {{"spec", r.spec}, {"effective", r.effective}, {"outputs", r.outputs}};
    json effective = r.effective;
    for (const auto& [key, value] : changes.items()) {
      effective[key] = {{"value", value}, {"source", "team"}};
    }
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(store_->SetSpec(tx, id, r.spec, effective));
      return store_->SetStatus(tx, id, Status::kUpdating, "");
    }));
    jobs::Job job{.payload = {{"resource_id", id}, {"before", before}}};
    for (int run = 0; run < 50 && MustGet(id).status == Status::kUpdating; ++run) {
      (void)runner_->RunUpdate(job);
    }
    return MustGet(id);
  }

  // The events of the update saga in the journal of `id`.
  std::vector<std::string> UpdateEvents(const std::string& id) {
    std::vector<std::string> events;
    auto journal = store_->Journal(id);
    EXPECT_OK(journal);
    if (!journal.ok()) return events;
    for (const auto& e : *journal) {
      if (e.saga == "update") events.push_back(e.event);
    }
    return events;
  }

  Resource MustGet(const std::string& id) {
    auto r = store_->Get(id);
    EXPECT_OK(r);
    return r.ok() && *r ? **r : Resource{};
  }

  json Boto(const std::string& service, const std::string& method,
            const json& args = json::object()) {
    auto answer = moto_->Boto(service, method, args);
    EXPECT_OK(answer);
    return answer.ok() ? *answer : json::object();
  }

  // A piece's tags by key; a key it carries twice is a failure.
  static std::map<std::string, std::string> TagMap(const json& list) {
    std::map<std::string, std::string> tags;
    for (const json& t : list) {
      bool fresh = tags.emplace(t.value("Key", ""), t.value("Value", "")).second;
      EXPECT_TRUE(fresh) << "tag " << t.value("Key", "") << " twice in " << list.dump();
    }
    return tags;
  }

  std::string ErrorCode(const json& answer) {
    return answer.contains("Error") ? answer["Error"].value("Code", "") : "";
  }

  // Every piece of resource `id` that moto still has, by kind; empty when nothing is left.
  std::vector<std::string> LeftOver(const std::string& id) {
    std::string name = "paved-" + id;
    auto answers = moto_->BotoMany(json::array(
        {{"elasticache", "describe_replication_groups", {{"ReplicationGroupId", name}}},
         {"elasticache", "describe_cache_subnet_groups", {{"CacheSubnetGroupName", name}}},
         {"dynamodb", "describe_table", {{"TableName", name}}},
         {"s3", "get_bucket_location", {{"Bucket", name}}}}));
    EXPECT_OK(answers);
    if (!answers.ok()) return {"?"};
    std::vector<std::string> left;
    const char* pieces[] = {"replication group", "subnet group", "table", "bucket"};
    for (int i = 0; i < 4; ++i) {
      if (ErrorCode((*answers)[i]).empty()) left.push_back(pieces[i]);
    }
    auto distributions = moto_->DistributionsWithReference(name);
    EXPECT_OK(distributions);
    if (!distributions.ok() || *distributions > 0) left.push_back("distribution");
    return left;
  }

  inline static MotoServer* moto_ = nullptr;
  inline static std::string* dir_ = nullptr;
  inline static std::string* start_error_ = nullptr;
  int count_ = 0;
  SystemClock clock_;
  std::unique_ptr<http::Client> http_ = http::NewCurlClient();
  std::unique_ptr<Recording> recording_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<ResourceStore> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AwsProvider> aws_;
  std::unique_ptr<Injecting> injecting_;
  std::unique_ptr<SagaRunner> runner_;
};

TEST_F(AwsProviderTest, RedisGetsTheStandardInElastiCacheAndDeletingLeavesNothing) {
  std::string id = NewResource(Kind::kRedis, RedisStandard());
  Resource r = Create(id);
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  std::string name = "paved-" + id;
  EXPECT_EQ(r.outputs["replication_group"], name);
  EXPECT_EQ(r.outputs["port"], 6379);
  EXPECT_FALSE(r.outputs.value("host", "").empty());

  json groups = Boto("elasticache", "describe_replication_groups", {{"ReplicationGroupId", name}});
  ASSERT_EQ(groups["ReplicationGroups"].size(), 1u) << groups.dump();
  const json& g = groups["ReplicationGroups"][0];
  EXPECT_EQ(g["Status"], "available");
  EXPECT_EQ(g["CacheNodeType"], "cache.m7g.large");
  EXPECT_EQ(g["SnapshotWindow"], "03:00-04:00");
  EXPECT_EQ(g["SnapshotRetentionLimit"], 7);
  EXPECT_EQ(g["AtRestEncryptionEnabled"], true);
  EXPECT_EQ(g["TransitEncryptionEnabled"], true);
  EXPECT_EQ(g["AuthTokenEnabled"], true);
  auto tags = TagMap(
      Boto("elasticache", "list_tags_for_resource", {{"ResourceName", g["ARN"]}})["TagList"]);
  EXPECT_EQ(tags["managed-by"], "paved");
  EXPECT_EQ(tags["paved-resource-id"], id);
  EXPECT_EQ(tags["env"], "production");
  EXPECT_EQ(tags["cost-center"], "42");
  EXPECT_TRUE(tags.count("team") && tags.count("project"));

  json subnets =
      Boto("elasticache", "describe_cache_subnet_groups", {{"CacheSubnetGroupName", name}});
  ASSERT_EQ(subnets["CacheSubnetGroups"].size(), 1u) << subnets.dump();
  std::set<std::string> subnet_ids;
  for (const json& s : subnets["CacheSubnetGroups"][0]["Subnets"]) {
    subnet_ids.insert(s.value("SubnetIdentifier", ""));
  }
  EXPECT_EQ(subnet_ids, (std::set<std::string>{"subnet-0a1", "subnet-0b2"}));
  EXPECT_EQ(
      TagMap(Boto("elasticache", "list_tags_for_resource",
                  {{"ResourceName",
                    subnets["CacheSubnetGroups"][0]["ARN"]}})["TagList"])["paved-resource-id"],
      id);
  auto live = aws_->LiveStatus(r);
  ASSERT_OK(live);
  EXPECT_EQ((*live)["state"], "available");

  EXPECT_EQ(Delete(id).status, Status::kDeleted);
  EXPECT_EQ(LeftOver(id), std::vector<std::string>{});
  EXPECT_CODE(aws_->LiveStatus(r), kNotFound);
}

TEST_F(AwsProviderTest, MotosFailingCreateCacheParameterGroupUndoesTheSubnetGroup) {
  json standard = RedisStandard();
  standard["parameter_groups"] = {{"value", {{"7.0", "create"}}}, {"source", "standard"}};
  std::string id = NewResource(Kind::kRedis, standard);
  Resource r = Create(id);
  EXPECT_EQ(r.status, Status::kFailed);
  // moto 5.2.1 does not implement CreateCacheParameterGroup: HTTP 500, retried, then given up.
  EXPECT_TRUE(absl::StrContains(r.status_detail, "parameter-group failed")) << r.status_detail;
  EXPECT_TRUE(absl::StrContains(r.status_detail, "HTTP 500")) << r.status_detail;
  EXPECT_EQ(LeftOver(id), std::vector<std::string>{});
  auto journal = store_->Journal(id);
  ASSERT_OK(journal);
  bool subnet_undone = false;
  for (const auto& e : *journal) subnet_undone |= e.step == "subnet-group" && e.event == "undone";
  EXPECT_TRUE(subnet_undone);
}

TEST_F(AwsProviderTest, StaticSiteGetsABucketADistributionAndARecordAndDeletingLeavesNothing) {
  json zone = Boto("route53", "create_hosted_zone",
                   {{"Name", "example.test"}, {"CallerReference", NewId()}});
  std::string zone_id = zone["HostedZone"].value("Id", "");
  zone_id = zone_id.substr(zone_id.rfind('/') + 1);
  // CloudFront takes a while: moto reports the distribution Deployed on the third look.
  auto slow = http_->Send("POST", moto_->endpoint() + "/moto-api/state-manager/set-transition",
                          {{"Content-Type", "application/json"}},
                          R"({"model_name": "cloudfront::distribution",
          "transition": {"progression": "manual", "times": 3}})",
                          std::chrono::seconds(10));
  ASSERT_OK(slow);
  ASSERT_EQ(slow->status, 201) << slow->body;
  std::string id = NewResource(Kind::kStaticSite, Standard({{"domain", "docs.example.test"},
                                                            {"index_document", "index.html"},
                                                            {"error_document", "oops.html"},
                                                            {"hosted_zone_id", zone_id}}));
  Resource r = Create(id);
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  std::string name = "paved-" + id;

  auto bucket_tags = TagMap(Boto("s3", "get_bucket_tagging", {{"Bucket", name}})["TagSet"]);
  EXPECT_EQ(bucket_tags["paved-resource-id"], id);
  EXPECT_EQ(bucket_tags["managed-by"], "paved");
  json website = Boto("s3", "get_bucket_website", {{"Bucket", name}});
  EXPECT_EQ(website["IndexDocument"]["Suffix"], "index.html");
  EXPECT_EQ(website["ErrorDocument"]["Key"], "oops.html");

  auto journal = store_->Journal(id);
  ASSERT_OK(journal);
  int waits = 0;
  for (const auto& e : *journal) waits += e.step == "distribution" && e.event == "waiting";
  EXPECT_EQ(waits, 1);  // journaled once, however many polls
  std::string distribution = r.outputs.value("distribution_id", "");
  json got = Boto("cloudfront", "get_distribution", {{"Id", distribution}});
  EXPECT_EQ(got["Distribution"]["Status"], "Deployed");
  EXPECT_EQ(got["Distribution"]["DistributionConfig"]["CallerReference"], name);
  json cf_tags =
      Boto("cloudfront", "list_tags_for_resource", {{"Resource", got["Distribution"]["ARN"]}});
  EXPECT_EQ(TagMap(cf_tags["Tags"]["Items"])["paved-resource-id"], id);

  json records = Boto("route53", "list_resource_record_sets", {{"HostedZoneId", zone_id}});
  bool aliased = false;
  for (const json& set : records["ResourceRecordSets"]) {
    if (set["Name"] == "docs.example.test." && set["Type"] == "A") {
      EXPECT_EQ(set["AliasTarget"]["HostedZoneId"], "Z2FDTNDATAQYW2");
      EXPECT_EQ(set["AliasTarget"]["DNSName"], r.outputs.value("distribution_domain", "") + ".");
      aliased = true;
    }
  }
  EXPECT_TRUE(aliased) << records.dump();
  Boto("s3", "put_object", {{"Bucket", name}, {"Key", "index.html"}, {"Body", "hi"}});

  EXPECT_EQ(Delete(id).status, Status::kDeleted);
  EXPECT_EQ(LeftOver(id), std::vector<std::string>{});
  records = Boto("route53", "list_resource_record_sets", {{"HostedZoneId", zone_id}});
  for (const json& set : records["ResourceRecordSets"])
    EXPECT_NE(set["Name"], "docs.example.test.");
}

TEST_F(AwsProviderTest, DynamoDbTableGetsKeysTagsAndTtlAndDeletingLeavesNothing) {
  std::string id = NewResource(Kind::kDynamoDb, DynamoStandard());
  Resource r = Create(id);
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  std::string name = "paved-" + id;
  json table = Boto("dynamodb", "describe_table", {{"TableName", name}})["Table"];
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["KeySchema"], json::parse(R"([{"AttributeName":"pk","KeyType":"HASH"},
                                               {"AttributeName":"at","KeyType":"RANGE"}])"));
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(table["SSEDescription"]["Status"], "ENABLED");
  auto tags = TagMap(
      Boto("dynamodb", "list_tags_of_resource", {{"ResourceArn", table["TableArn"]}})["Tags"]);
  EXPECT_EQ(tags["paved-resource-id"], id);
  EXPECT_EQ(tags["managed-by"], "paved");
  json ttl = Boto("dynamodb", "describe_time_to_live", {{"TableName", name}});
  EXPECT_EQ(ttl["TimeToLiveDescription"]["AttributeName"], "expires");
  EXPECT_EQ(ttl["TimeToLiveDescription"]["TimeToLiveStatus"], "ENABLED");
  // An app deployed with `resources: [<name>]` is told the table's real name.
  EXPECT_EQ(EnvFor(r).values["DYNAMODB_TABLE"], name);

  EXPECT_EQ(Delete(id).status, Status::kDeleted);
  EXPECT_EQ(LeftOver(id), std::vector<std::string>{});
}

TEST_F(AwsProviderTest, AFailureBeforeOrAfterAnyStepIsUndoneLeavingNothingInMoto) {
  json zone = Boto("route53", "create_hosted_zone",
                   {{"Name", "inject.test"}, {"CallerReference", NewId()}});
  std::string zone_id = zone["HostedZone"].value("Id", "");
  zone_id = zone_id.substr(zone_id.rfind('/') + 1);
  std::vector<std::pair<Kind, json>> kinds = {
      {Kind::kRedis, RedisStandard()},
      {Kind::kStaticSite, Standard({{"domain", "www.inject.test"}, {"hosted_zone_id", zone_id}})},
      {Kind::kDynamoDb, DynamoStandard()}};
  for (const auto& [kind, standard] : kinds) {
    size_t steps =
        aws_->Steps(Resource{.kind = kind, .account = test_support::kMotoAccount}).size();
    for (size_t step = 0; step < steps; ++step) {
      for (bool after : {false, true}) {
        SCOPED_TRACE(KindName(kind) + " step " + std::to_string(step) +
                     (after ? " after" : " before"));
        injecting_->fail_step = static_cast<int>(step);
        injecting_->fail_after = after;
        std::string id = NewResource(kind, standard);
        Resource r = Create(id);
        EXPECT_EQ(r.status, Status::kFailed);
        EXPECT_TRUE(absl::StrContains(r.status_detail, "injected")) << r.status_detail;
        EXPECT_EQ(LeftOver(id), std::vector<std::string>{});
      }
    }
  }
}

TEST_F(AwsProviderTest, APieceMadeByHandIsNeitherAdoptedNorDeleted) {
  std::string redis = NewResource(Kind::kRedis, RedisStandard());
  Boto("elasticache", "create_cache_subnet_group",
       {{"CacheSubnetGroupName", "paved-" + redis},
        {"CacheSubnetGroupDescription", "made by hand"},
        {"SubnetIds", {"subnet-0zz"}}});
  std::string table = NewResource(Kind::kDynamoDb, DynamoStandard());
  Boto("dynamodb", "create_table",
       {{"TableName", "paved-" + table},
        {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
        {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
        {"BillingMode", "PAY_PER_REQUEST"}});
  std::string site = NewResource(Kind::kStaticSite, Standard(json::object()));
  Boto("s3", "create_bucket", {{"Bucket", "paved-" + site}});

  for (const std::string& id : {redis, table, site}) {
    Resource r = Create(id);
    EXPECT_EQ(r.status, Status::kFailed);
    EXPECT_TRUE(absl::StrContains(r.status_detail, "not_ours")) << r.status_detail;
  }
  EXPECT_EQ(ErrorCode(Boto("elasticache", "describe_cache_subnet_groups",
                           {{"CacheSubnetGroupName", "paved-" + redis}})),
            "");
  EXPECT_EQ(ErrorCode(Boto("dynamodb", "describe_table", {{"TableName", "paved-" + table}})), "");
  EXPECT_EQ(ErrorCode(Boto("s3", "get_bucket_location", {{"Bucket", "paved-" + site}})), "");
}

TEST_F(AwsProviderTest, RedisUpdateResizesAndChangesReplicasInPlaceWaitingUntilAvailable) {
  std::string id = NewResource(Kind::kRedis, RedisStandard());
  ASSERT_EQ(Create(id).status, Status::kReady);
  std::string name = "paved-" + id;
  auto group = [&] {
    return Boto("elasticache", "describe_replication_groups",
                {{"ReplicationGroupId", name}})["ReplicationGroups"][0];
  };
  EXPECT_EQ(group()["MemberClusters"].size(), 2u);  // a primary and the standard's one replica

  Resource bigger = UpdateTo(id, {{"size", "l"}, {"replicas", 3}});
  EXPECT_EQ(bigger.status, Status::kReady);
  EXPECT_EQ(bigger.status_detail, "");
  json g = group();
  EXPECT_EQ(g["Status"], "available");
  EXPECT_EQ(g["CacheNodeType"], "cache.r7g.xlarge");
  EXPECT_EQ(g["MemberClusters"].size(), 4u);
  EXPECT_EQ(g["AutomaticFailover"], "enabled");
  std::vector<std::string> events = UpdateEvents(id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), "started");
  EXPECT_EQ(events.back(), "done");
  EXPECT_EQ(std::count(events.begin(), events.end(), "waiting"), 1);  // however many polls
  EXPECT_EQ(recording_->With("Action=ModifyReplicationGroup&").size(), 1u);
  EXPECT_EQ(recording_->With("Action=IncreaseReplicaCount&").size(), 1u);
  EXPECT_EQ(recording_->With("NewReplicaCount=3").size(), 1u);
  EXPECT_EQ(recording_->With("ApplyImmediately=true").size(), 2u);

  // To no replica: automatic failover goes first, as ElastiCache requires.
  Resource smaller = UpdateTo(id, {{"size", "s"}, {"replicas", 0}});
  EXPECT_EQ(smaller.status, Status::kReady);
  EXPECT_EQ(smaller.status_detail, "");
  g = group();
  EXPECT_EQ(g["CacheNodeType"], "cache.t4g.small");
  EXPECT_EQ(g["MemberClusters"].size(), 1u);
  EXPECT_EQ(g["AutomaticFailover"], "disabled");

  // Again with the same settings: nothing is changed.
  recording_->Clear();
  auto again = aws_->Update(MustGet(id));
  ASSERT_OK(again);
  EXPECT_TRUE(again->done);
  EXPECT_EQ(recording_->With("Action=Modify").size(), 0u);
  EXPECT_EQ(recording_->With("ReplicaCount").size(), 0u);
}

TEST_F(AwsProviderTest, RedisEvictionPolicyGoesToTheParameterGroupPavedMade) {
  // moto 5.2.1 implements neither CreateCacheParameterGroup nor ModifyCacheParameterGroup: the
  // requests are answered by the recording client, and their shape is what is checked.
  recording_->fake_parameter_groups = true;
  json standard = RedisStandard();
  standard["parameter_groups"] = {{"value", {{"7.0", "create"}}}, {"source", "standard"}};
  std::string id = NewResource(Kind::kRedis, standard);
  ASSERT_EQ(Create(id).status, Status::kReady);
  recording_->Clear();
  Resource r = UpdateTo(id, {{"eviction_policy", "volatile-ttl"}});
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_EQ(r.status_detail, "");
  std::vector<std::string> modified = recording_->With("Action=ModifyCacheParameterGroup&");
  ASSERT_EQ(modified.size(), 1u);
  EXPECT_TRUE(absl::StrContains(modified[0], "CacheParameterGroupName=paved-" + id)) << modified[0];
  EXPECT_TRUE(absl::StrContains(
      modified[0], "ParameterNameValues.ParameterNameValue.1.ParameterName=maxmemory-policy"))
      << modified[0];
  EXPECT_TRUE(absl::StrContains(
      modified[0], "ParameterNameValues.ParameterNameValue.1.ParameterValue=volatile-ttl"))
      << modified[0];
  EXPECT_EQ(recording_->With("Action=ModifyReplicationGroup&").size(), 0u);  // nothing else
}

TEST_F(AwsProviderTest, DynamoDbUpdateChangesBillingAndTtlInPlace) {
  std::string id = NewResource(Kind::kDynamoDb, DynamoStandard());
  ASSERT_EQ(Create(id).status, Status::kReady);
  std::string name = "paved-" + id;
  Resource r = UpdateTo(id, {{"billing_mode", "PROVISIONED"},
                             {"read_capacity", 5},
                             {"write_capacity", 7},
                             {"ttl_attribute", "gone_at"}});
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_EQ(r.status_detail, "");
  json table = Boto("dynamodb", "describe_table", {{"TableName", name}})["Table"];
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PROVISIONED");
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
  EXPECT_EQ(table["ProvisionedThroughput"]["WriteCapacityUnits"], 7);
  json ttl = Boto("dynamodb", "describe_time_to_live", {{"TableName", name}});
  EXPECT_EQ(ttl["TimeToLiveDescription"]["AttributeName"], "gone_at");
  EXPECT_EQ(ttl["TimeToLiveDescription"]["TimeToLiveStatus"], "ENABLED");

  recording_->Clear();
  auto again = aws_->Update(MustGet(id));
  ASSERT_OK(again);
  EXPECT_TRUE(again->done);
  EXPECT_EQ(recording_->With("UpdateTable").size(), 0u);
  EXPECT_EQ(recording_->With("UpdateTimeToLive").size(), 0u);
}

TEST_F(AwsProviderTest, AnUpdateThatFailsForGoodPutsThePreviousSettingsBackInAws) {
  std::string id = NewResource(Kind::kDynamoDb, DynamoStandard());
  ASSERT_EQ(Create(id).status, Status::kReady);
  injecting_->fail_updates = 1;
  Resource r =
      UpdateTo(id, {{"billing_mode", "PROVISIONED"}, {"read_capacity", 5}, {"write_capacity", 5}});
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_TRUE(absl::StrContains(r.status_detail, "injected failure")) << r.status_detail;
  EXPECT_EQ(EffectiveValue(r, "billing_mode"), "PAY_PER_REQUEST");
  json table = Boto("dynamodb", "describe_table", {{"TableName", "paved-" + id}})["Table"];
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
}

TEST_F(AwsProviderTest, ARedisUpdateThatFailsForGoodIsPolledBackToEveryPreviousSetting) {
  std::string id = NewResource(Kind::kRedis, RedisStandard());
  ASSERT_EQ(Create(id).status, Status::kReady);
  injecting_->fail_updates = 1;
  Resource r = UpdateTo(id, {{"size", "l"}, {"replicas", 3}});
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_TRUE(absl::StrContains(r.status_detail, "injected failure")) << r.status_detail;
  EXPECT_FALSE(absl::StrContains(r.status_detail, "provider said")) << r.status_detail;
  EXPECT_EQ(EffectiveValue(r, "size"), "m");
  // Two changes to undo, each waited for: the node type, then the replicas.
  json g = Boto("elasticache", "describe_replication_groups",
                {{"ReplicationGroupId", "paved-" + id}})["ReplicationGroups"][0];
  EXPECT_EQ(g["CacheNodeType"], "cache.m7g.large");
  EXPECT_EQ(g["MemberClusters"].size(), 2u);
  EXPECT_EQ(g["Status"], "available");
  std::vector<std::string> events = UpdateEvents(id);
  EXPECT_EQ(std::count(events.begin(), events.end(), "failed"), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), "restoring"), 1);
}

TEST_F(AwsProviderTest, StaticSiteUpdateChangesTheBucketsWebsiteAndTheDistributionsRoot) {
  std::string id =
      NewResource(Kind::kStaticSite,
                  Standard({{"index_document", "index.html"}, {"error_document", "404.html"}}));
  Resource created = Create(id);
  ASSERT_EQ(created.status, Status::kReady) << created.status_detail;
  std::string name = "paved-" + id;
  Resource r = UpdateTo(id, {{"index_document", "home.html"}, {"error_document", "gone.html"}});
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_EQ(r.status_detail, "");
  json website = Boto("s3", "get_bucket_website", {{"Bucket", name}});
  EXPECT_EQ(website["IndexDocument"]["Suffix"], "home.html");
  EXPECT_EQ(website["ErrorDocument"]["Key"], "gone.html");
  json config = Boto("cloudfront", "get_distribution_config",
                     {{"Id", created.outputs.value("distribution_id", "")}});
  EXPECT_EQ(config["DistributionConfig"]["DefaultRootObject"], "home.html");
  EXPECT_EQ(config["DistributionConfig"]["CallerReference"], name);  // the same distribution
}

TEST_F(AwsProviderTest, RetagPutsTheOwnerTeamOnEveryPieceAndKeepsOtherTags) {
  std::string redis = NewResource(Kind::kRedis, RedisStandard());
  std::string table = NewResource(Kind::kDynamoDb, DynamoStandard());
  std::string site = NewResource(Kind::kStaticSite, Standard(json::object()));
  for (const std::string& id : {redis, table, site}) ASSERT_EQ(Create(id).status, Status::kReady);
  // Someone added a tag of their own to the bucket; S3 replaces whole tag sets, so it must stay.
  json bucket_tags = json::array({{{"Key", "backup"}, {"Value", "weekly"}}});
  for (const auto& [key, value] :
       TagMap(Boto("s3", "get_bucket_tagging", {{"Bucket", "paved-" + site}})["TagSet"])) {
    bucket_tags.push_back({{"Key", key}, {"Value", value}});
  }
  Boto("s3", "put_bucket_tagging",
       {{"Bucket", "paved-" + site}, {"Tagging", {{"TagSet", bucket_tags}}}});

  for (const std::string& id : {redis, table, site}) {
    Resource r = MustGet(id);
    r.owner_team = "payments";
    r.project = "ledger";
    ASSERT_OK(aws_->Retag(r));
  }
  std::string name = "paved-" + redis;
  json group = Boto("elasticache", "describe_replication_groups",
                    {{"ReplicationGroupId", name}})["ReplicationGroups"][0];
  json subnets = Boto("elasticache", "describe_cache_subnet_groups",
                      {{"CacheSubnetGroupName", name}})["CacheSubnetGroups"][0];
  json described = Boto("dynamodb", "describe_table", {{"TableName", "paved-" + table}})["Table"];
  json distribution =
      Boto("cloudfront", "get_distribution", {{"Id", MustGet(site).outputs["distribution_id"]}});
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> pieces = {
      {"replication group", TagMap(Boto("elasticache", "list_tags_for_resource",
                                        {{"ResourceName", group["ARN"]}})["TagList"])},
      {"subnet group", TagMap(Boto("elasticache", "list_tags_for_resource",
                                   {{"ResourceName", subnets["ARN"]}})["TagList"])},
      {"table", TagMap(Boto("dynamodb", "list_tags_of_resource",
                            {{"ResourceArn", described["TableArn"]}})["Tags"])},
      {"bucket", TagMap(Boto("s3", "get_bucket_tagging", {{"Bucket", "paved-" + site}})["TagSet"])},
      {"distribution",
       TagMap(Boto("cloudfront", "list_tags_for_resource",
                   {{"Resource", distribution["Distribution"]["ARN"]}})["Tags"]["Items"])}};
  for (const auto& [piece, tags] : pieces) {
    SCOPED_TRACE(piece);
    EXPECT_EQ(tags.at("team"), "payments");
    EXPECT_EQ(tags.at("project"), "ledger");
    EXPECT_EQ(tags.at("managed-by"), "paved");
    EXPECT_EQ(tags.count("paved-resource-id"), 1u);
  }
  EXPECT_EQ(pieces[3].second.at("backup"), "weekly");
  EXPECT_EQ(pieces[0].second.at("cost-center"), "42");
}

TEST(AwsCheckUpdateTest, AnEvictionPolicyOrEngineVersionTheProviderCannotSetIsRefusedAtOnce) {
  AwsProvider aws(nullptr, nullptr, {});
  Resource before{
      .kind = Kind::kRedis,
      .effective = Standard({{"eviction_policy", "allkeys-lru"}, {"engine_version", "7.0"}})};
  Resource after = before;
  after.effective["eviction_policy"]["value"] = "volatile-ttl";
  absl::Status refused = aws.CheckUpdate(before, after);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorField(refused), "spec.eviction_policy");
  after.effective["parameter_groups"] = {{"value", {{"7.0", "create"}}}, {"source", "standard"}};
  EXPECT_OK(aws.CheckUpdate(before, after));  // Paved's own parameter group takes it

  Resource newer = before;
  newer.effective["engine_version"]["value"] = "7.1";
  absl::Status version = aws.CheckUpdate(before, newer);
  EXPECT_EQ(version.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorField(version), "spec.engine_version");
  Resource table{.kind = Kind::kDynamoDb};
  EXPECT_OK(aws.CheckUpdate(table, table));
}

TEST(AwsAccountsTest, ConfigNamesEveryMistakeAndTakesKeysFromTheEnvironment) {
  auto env = [](const std::string& name) {
    return name == "AWS_ACCESS_KEY_ID"       ? std::string("AKIDENV")
           : name == "AWS_SECRET_ACCESS_KEY" ? std::string("secret")
                                             : std::string();
  };
  auto accounts =
      ParseAwsAccounts(json::parse(R"({"accounts": [{"id": 123456789012, "region": "eu-west-1",
                                    "endpoint": "http://127.0.0.1:5000"}]})"),
                       env);
  ASSERT_OK(accounts);
  ASSERT_EQ(accounts->count("123456789012"), 1u);
  EXPECT_EQ(accounts->at("123456789012").credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(accounts->at("123456789012").region, "eu-west-1");
  auto no_region = ParseAwsAccounts(json::parse(R"({"accounts": [{"id": "123456789012"}]})"), env);
  EXPECT_CODE(no_region, kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(no_region.status().message(), "resources.aws.accounts[0].region"));
  EXPECT_CODE(ParseAwsAccounts(json::parse(R"({"accounts": [{"id": "12", "region": "x"}]})"), env),
              kInvalidArgument);
  EXPECT_OK(ParseAwsAccounts(json(), env));
}

}  // namespace
}  // namespace paved::resources::aws_provider
