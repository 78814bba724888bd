#include "deploy/platform/platform_store.h"

#include "deploy/platform/testing/platform_test_fixture.h"
#include "deploy/policy/exceptions.h"

namespace paved::deploy::platform {
namespace {

using testing::EngineParamName;
using testing::PlatformFixture;

constexpr int64_t kDayMs = 86'400'000;

std::vector<std::string> Names(const std::vector<Cluster>& clusters) {
  std::vector<std::string> out;
  for (const auto& c : clusters) out.push_back(c.name);
  return out;
}

class PlatformStoreTest : public PlatformFixture {
 protected:
  Cluster Kube(const std::string& name, const std::string& env) {
    return {.name = name,
            .region = "eu-west-1",
            .environment = env,
            .runtime = "kubernetes",
            .endpoint = "https://k8s.example.com",
            .credentials = "env:KUBECONFIG_EU",
            .mesh = "istio",
            .zones = {"eu-west-1a", "eu-west-1b"},
            .kubernetes_version = "1.34"};
  }
  policy::PolicyException Exception(const std::string& rule, int64_t days) {
    return {.rule = rule,
            .reason = "legacy agent needs it",
            .approved_by = "sre",
            .expires_at_ms = clock_.NowMs() + days * kDayMs};
  }
  const std::string& chat() { return project_ids_["chat-gateway"]; }
};

TEST_P(PlatformStoreTest, DefaultsComeFromTheMigration) {
  auto envs = platform_->Environments();
  ASSERT_OK(envs);
  ASSERT_EQ(envs->size(), 2u);
  EXPECT_EQ((*envs)[0].name, "alpha");
  EXPECT_FALSE((*envs)[0].production);
  EXPECT_EQ((*envs)[1].name, "production");
  EXPECT_TRUE((*envs)[1].production);
  auto clusters = platform_->Clusters();
  ASSERT_OK(clusters);
  EXPECT_EQ(Names(*clusters), (std::vector<std::string>{"local-alpha", "local-production"}));
  EXPECT_EQ((*clusters)[0].runtime, "local");
  EXPECT_EQ((*clusters)[0].region, "local");
  EXPECT_TRUE((*clusters)[0].zones.empty());
  EXPECT_EQ((*clusters)[0].kubernetes_version, "");  // unknown until set
  EXPECT_CODE(platform_->GetEnvironment("staging"), kNotFound);
  EXPECT_CODE(platform_->GetCluster("nope"), kNotFound);
}

TEST_P(PlatformStoreTest, EnvironmentsAreUpsertedOrderedAndProtectedWhileUsed) {
  ASSERT_OK(InTx([&](store::Tx& tx) {
    return platform_->PutEnvironment(tx, {.name = "staging", .position = 1, .production = false});
  }));
  ASSERT_OK(InTx([&](store::Tx& tx) {
    return platform_->PutEnvironment(tx, {.name = "alpha", .position = 0, .production = false});
  }));
  auto envs = platform_->Environments();
  ASSERT_OK(envs);
  ASSERT_EQ(envs->size(), 3u);
  EXPECT_EQ((*envs)[0].name, "alpha");
  EXPECT_EQ((*envs)[1].name, "staging");
  EXPECT_EQ((*envs)[2].name, "production");
  ASSERT_OK(InTx([&](store::Tx& tx) {
    return platform_->PutEnvironment(tx, {.name = "staging", .position = 5, .production = true});
  }));
  auto staging = platform_->GetEnvironment("staging");
  ASSERT_OK(staging);
  EXPECT_EQ(staging->position, 5);
  EXPECT_TRUE(staging->production);

  absl::Status in_use =
      InTx([&](store::Tx& tx) { return platform_->DeleteEnvironment(tx, "alpha"); });
  EXPECT_CODE(in_use, kFailedPrecondition);
  EXPECT_NE(in_use.message().find("local-alpha"), absl::string_view::npos) << in_use;
  EXPECT_OK(platform_->GetEnvironment("alpha"));
  EXPECT_OK(InTx([&](store::Tx& tx) { return platform_->DeleteEnvironment(tx, "staging"); }));
  EXPECT_CODE(platform_->GetEnvironment("staging"), kNotFound);
  EXPECT_CODE(InTx([&](store::Tx& tx) { return platform_->DeleteEnvironment(tx, "staging"); }),
              kNotFound);
}

TEST_P(PlatformStoreTest, ClustersRoundTripAndNeedAnExistingEnvironment) {
  ASSERT_OK(InTx([&](store::Tx& tx) { return platform_->PutCluster(tx, Kube("eu-1", "alpha")); }));
  auto got = platform_->GetCluster("eu-1");
  ASSERT_OK(got);
  EXPECT_EQ(ClusterToJson(*got, true), ClusterToJson(Kube("eu-1", "alpha"), true));

  Cluster moved = Kube("eu-1", "production");
  moved.zones = {"eu-west-1c"};
  moved.mesh = "";
  moved.kubernetes_version = "";
  ASSERT_OK(InTx([&](store::Tx& tx) { return platform_->PutCluster(tx, moved); }));
  got = platform_->GetCluster("eu-1");
  ASSERT_OK(got);
  EXPECT_EQ(got->environment, "production");
  EXPECT_EQ(got->zones, std::vector<std::string>{"eu-west-1c"});
  EXPECT_EQ(got->mesh, "");
  EXPECT_EQ(got->kubernetes_version, "");

  // By environment position, then name.
  ASSERT_OK(
      InTx([&](store::Tx& tx) { return platform_->PutCluster(tx, Kube("aa", "production")); }));
  auto all = platform_->Clusters();
  ASSERT_OK(all);
  EXPECT_EQ(Names(*all),
            (std::vector<std::string>{"local-alpha", "aa", "eu-1", "local-production"}));

  absl::Status unknown =
      InTx([&](store::Tx& tx) { return platform_->PutCluster(tx, Kube("x", "staging")); });
  EXPECT_CODE(unknown, kNotFound);
  EXPECT_CODE(platform_->GetCluster("x"), kNotFound);
}

TEST_P(PlatformStoreTest, TargetsReplaceTheSetAndProtectClusters) {
  ASSERT_OK(
      InTx([&](store::Tx& tx) { return platform_->PutCluster(tx, Kube("eu-1", "production")); }));
  ASSERT_OK(InTx([&](store::Tx& tx) {
    return platform_->SetTargets(tx, chat(), {"local-production", "eu-1", "local-alpha", "eu-1"});
  }));
  auto targets = platform_->Targets(chat());
  ASSERT_OK(targets);
  EXPECT_EQ(Names(*targets), (std::vector<std::string>{"local-alpha", "eu-1", "local-production"}));
  auto other = platform_->Targets(project_ids_["ads-api"]);
  ASSERT_OK(other);
  EXPECT_TRUE(other->empty());

  absl::Status unknown = InTx([&](store::Tx& tx) {
    return platform_->SetTargets(tx, chat(), {"local-alpha", "mars-1", "venus-1"});
  });
  EXPECT_CODE(unknown, kNotFound);
  EXPECT_NE(unknown.message().find("mars-1"), absl::string_view::npos) << unknown;
  targets = platform_->Targets(chat());
  ASSERT_OK(targets);
  EXPECT_EQ(targets->size(), 3u);  // the failed replacement changed nothing

  absl::Status in_use = InTx([&](store::Tx& tx) { return platform_->DeleteCluster(tx, "eu-1"); });
  EXPECT_CODE(in_use, kFailedPrecondition);
  EXPECT_NE(in_use.message().find("chat-gateway"), absl::string_view::npos) << in_use;

  ASSERT_OK(
      InTx([&](store::Tx& tx) { return platform_->SetTargets(tx, chat(), {"local-alpha"}); }));
  targets = platform_->Targets(chat());
  ASSERT_OK(targets);
  EXPECT_EQ(Names(*targets), std::vector<std::string>{"local-alpha"});
  EXPECT_OK(InTx([&](store::Tx& tx) { return platform_->DeleteCluster(tx, "eu-1"); }));
  EXPECT_CODE(platform_->GetCluster("eu-1"), kNotFound);
  EXPECT_CODE(InTx([&](store::Tx& tx) { return platform_->DeleteCluster(tx, "eu-1"); }), kNotFound);
  EXPECT_CODE(InTx([&](store::Tx& tx) { return platform_->SetTargets(tx, "nope", {}); }),
              kNotFound);
}

TEST_P(PlatformStoreTest, ExceptionsAreListedNewestFirstAndExpireOrGetRevoked) {
  StoredException first, second;
  ASSERT_OK(InTx([&](store::Tx& tx) -> absl::Status {
    auto added = platform_->AddException(tx, chat(), Exception("no-privileged", 30));
    if (added.ok()) first = *added;
    return added.status();
  }));
  EXPECT_FALSE(first.id.empty());
  EXPECT_EQ(first.exception.project, "chat-gateway");
  EXPECT_EQ(first.created_at_ms, clock_.NowMs());
  EXPECT_TRUE(first.active);
  clock_.AdvanceMs(1000);
  ASSERT_OK(InTx([&](store::Tx& tx) -> absl::Status {
    auto added = platform_->AddException(tx, chat(), Exception("image-digest", 1));
    if (added.ok()) second = *added;
    return added.status();
  }));
  EXPECT_NE(first.id, second.id);

  auto list = platform_->Exceptions(chat());
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, second.id);
  EXPECT_EQ((*list)[1].exception.reason, "legacy agent needs it");
  auto active = platform_->ActiveExceptions(chat(), clock_.NowMs());
  ASSERT_OK(active);
  EXPECT_EQ(active->size(), 2u);
  auto elsewhere = platform_->Exceptions(project_ids_["ads-api"]);
  ASSERT_OK(elsewhere);
  EXPECT_TRUE(elsewhere->empty());

  // A day later the short one has expired: kept in the history, no longer active.
  clock_.AdvanceMs(kDayMs);
  active = platform_->ActiveExceptions(chat(), clock_.NowMs());
  ASSERT_OK(active);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].rule, "no-privileged");
  EXPECT_EQ((*active)[0].project, "chat-gateway");
  auto expired = platform_->GetException(chat(), second.id);
  ASSERT_OK(expired);
  EXPECT_FALSE(expired->active);

  auto revoked = [&]() -> absl::StatusOr<StoredException> {
    StoredException out;
    absl::Status s = InTx([&](store::Tx& tx) -> absl::Status {
      auto r = platform_->RevokeException(tx, chat(), first.id, "admin");
      if (r.ok()) out = *r;
      return r.status();
    });
    if (!s.ok()) return s;
    return out;
  };
  auto r = revoked();
  ASSERT_OK(r);
  EXPECT_FALSE(r->active);
  EXPECT_EQ(r->revoked_at_ms, clock_.NowMs());
  EXPECT_EQ(r->revoked_by, "admin");
  EXPECT_CODE(revoked(), kFailedPrecondition);
  active = platform_->ActiveExceptions(chat(), clock_.NowMs());
  ASSERT_OK(active);
  EXPECT_TRUE(active->empty());
  list = platform_->Exceptions(chat());
  ASSERT_OK(list);
  EXPECT_EQ(list->size(), 2u);
  EXPECT_CODE(
      InTx([&](store::Tx& tx) {
        return platform_->RevokeException(tx, project_ids_["ads-api"], second.id, "admin").status();
      }),
      kNotFound);
}

TEST_P(PlatformStoreTest, AddRefusesIncompleteOrPastExceptions) {
  auto add = [&](policy::PolicyException e, const std::string& project_id) {
    return InTx([&](store::Tx& tx) { return platform_->AddException(tx, project_id, e).status(); });
  };
  auto no_reason = Exception("no-privileged", 1);
  no_reason.reason = "";
  EXPECT_CODE(add(no_reason, chat()), kInvalidArgument);
  EXPECT_CODE(add(Exception("no-privileged", 0), chat()), kInvalidArgument);
  EXPECT_CODE(add(Exception("no-privileged", 1), "no-such-project"), kNotFound);
  auto list = platform_->Exceptions(chat());
  ASSERT_OK(list);
  EXPECT_TRUE(list->empty());
}

TEST_P(PlatformStoreTest, ActiveExceptionsTurnErrorsIntoExceptedFindings) {
  ASSERT_OK(InTx([&](store::Tx& tx) {
    return platform_->AddException(tx, chat(), Exception("no-privileged", 7)).status();
  }));
  std::vector<policy::Finding> findings = {
      {.rule = "no-privileged", .severity = policy::Severity::kError, .object = "Pod/chat/debug"},
      {.rule = "image-digest", .severity = policy::Severity::kError, .object = "Pod/chat/debug"}};
  auto active = platform_->ActiveExceptions(chat(), clock_.NowMs());
  ASSERT_OK(active);
  auto applied = policy::ApplyExceptions(findings, *active, "chat-gateway", clock_.NowMs());
  EXPECT_TRUE(applied[0].excepted);
  EXPECT_NE(applied[0].exception_reason.find("approved by sre"), std::string::npos);
  EXPECT_FALSE(applied[1].excepted);

  clock_.AdvanceMs(8 * kDayMs);
  active = platform_->ActiveExceptions(chat(), clock_.NowMs());
  ASSERT_OK(active);
  applied = policy::ApplyExceptions(findings, *active, "chat-gateway", clock_.NowMs());
  EXPECT_FALSE(applied[0].excepted);
  EXPECT_TRUE(policy::Blocks(applied));
}

TEST(PlatformJsonTest, ExceptionJsonCarriesEveryDocumentedField) {
  StoredException e{.id = "x1",
                    .exception = {.rule = "no-privileged",
                                  .project = "chat-gateway",
                                  .reason = "r",
                                  .approved_by = "sre",
                                  .expires_at_ms = 1'700'000'000'000},
                    .created_at_ms = 1'699'000'000'000,
                    .active = true};
  auto j = StoredExceptionToJson(e);
  for (const char* key : {"id", "project", "rule", "reason", "approved_by", "expires_at",
                          "created_at", "revoked_at", "revoked_by", "active"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["revoked_at"].is_null());
  EXPECT_EQ(j["expires_at"], FormatTimeMs(1'700'000'000'000));
  e.revoked_at_ms = 1'699'500'000'000;
  EXPECT_EQ(StoredExceptionToJson(e)["revoked_at"], FormatTimeMs(1'699'500'000'000));
}

INSTANTIATE_TEST_SUITE_P(Engines, PlatformStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::platform
