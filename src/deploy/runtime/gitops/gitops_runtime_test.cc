#include "deploy/runtime/gitops/gitops_runtime.h"

#include <stdio.h>
#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "deploy/render/renderer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::runtime::gitops {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

constexpr char kSecretValue[] = "hunter2-value";
constexpr char kSecretBase64[] = "aHVudGVyMi12YWx1ZQ==";  // base64("hunter2-value")

// Runs a shell command (git CLI: tests only) and returns its stdout; fails the test on a
// non-zero exit.
std::string Sh(const std::string& command) {
  std::string full = "GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent " + command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  int rc = pclose(pipe);
  EXPECT_EQ(rc, 0) << command << "\n" << out;
  return out;
}

constexpr char kGit[] = "git -c user.name=Someone -c user.email=someone@example.com";

json Labels(const std::string& component) {
  return {{"paved.dev/project", "chat-gateway"}, {"app.kubernetes.io/name", component}};
}

std::vector<json> Objects(bool with_service) {
  std::vector<json> objects = {
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "chat"}}}},
      {{"apiVersion", "v1"},
       {"kind", "Secret"},
       {"metadata", {{"name", "chat-secrets"}, {"namespace", "chat"}, {"labels", Labels("")}}},
       {"type", "Opaque"},
       {"data", {{"DB_PASSWORD", kSecretBase64}}}},
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "web"}, {"namespace", "chat"}, {"labels", Labels("web")}}},
       {"spec", {{"replicas", 2}}}}};
  if (with_service) {
    objects.push_back({{"apiVersion", "v1"},
                       {"kind", "Service"},
                       {"metadata", {{"name", "web"}, {"namespace", "chat"}}},
                       {"spec", {{"ports", json::array({{{"port", 80}}})}}}});
  }
  return objects;
}

class GitOpsRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "paved-gitops-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    root_ = templ;
    remote_ = root_ + "/remote.git";
    Sh(absl::StrCat("git init -q --bare -b main ", remote_));
    Sh(absl::StrCat(kGit, " clone -q ", remote_, " ", root_, "/seed"));
    Sh(absl::StrCat("echo hello > ", root_, "/seed/README.md"));
    Sh(absl::StrCat(kGit, " -C ", root_, "/seed add README.md"));
    Sh(absl::StrCat(kGit, " -C ", root_, "/seed commit -q -m initial"));
    Sh(absl::StrCat(kGit, " -C ", root_, "/seed push -q origin main"));
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<GitOpsRuntime> NewRuntime(const std::string& work = "work",
                                            GitOpsRuntime::BeforePush hook = nullptr) {
    return std::make_unique<GitOpsRuntime>(root_ + "/" + work, &clock_, std::move(hook));
  }

  RolloutTarget Target(const std::string& id, bool with_service = true) {
    RolloutTarget t;
    t.cluster = {.name = "prod-eu", .runtime = "gitops", .endpoint = remote_};
    t.environment = "production";
    t.project = "chat-gateway";
    t.team = "chat";
    t.namespace_name = "chat";
    t.deployment_id = id;
    t.requester = "mina.kim";
    t.approver = "lee";
    t.reason = "weekly release";
    t.digest = "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
    t.spec_version = 3;
    t.manifest_hash = "sha256:0123";
    t.objects = Objects(with_service);
    return t;
  }

  std::string RemoteGit(const std::string& args) {
    return Sh(absl::StrCat("git --git-dir=", remote_, " ", args));
  }
  int CommitCount() { return std::stoi(RemoteGit("rev-list --count main")); }
  std::vector<std::string> RemoteFiles() {
    return absl::StrSplit(RemoteGit("ls-tree -r --name-only main"), '\n', absl::SkipEmpty());
  }

  FakeClock clock_;
  std::string root_;
  std::string remote_;
};

TEST_F(GitOpsRuntimeTest, AnotherProjectNeverReplacesTheFilesOfTheNamespace) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  std::vector<std::string> files = RemoteFiles();
  std::string web = RemoteGit("show main:clusters/prod-eu/chat/deployment-web.yaml");
  RolloutTarget squat = Target("dep-squat", /*with_service=*/false);
  squat.project = "squatter";
  for (json& o : squat.objects) {
    if (o["metadata"].contains("labels")) o["metadata"]["labels"]["paved.dev/project"] = "squatter";
  }
  absl::Status refused = runtime->Apply(squat);
  EXPECT_CODE(refused, kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("project chat-gateway"));
  EXPECT_EQ(CommitCount(), 2);
  EXPECT_EQ(RemoteFiles(), files);  // the Service the squatter's release lacks is still there
  EXPECT_EQ(RemoteGit("show main:clusters/prod-eu/chat/deployment-web.yaml"), web);
  // The owner deploys there as before.
  EXPECT_OK(runtime->Apply(Target("dep-2", /*with_service=*/false)));
  EXPECT_EQ(CommitCount(), 3);
}

TEST_F(GitOpsRuntimeTest, ApplyPushesOneCommitWithTrailersAndFiles) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  EXPECT_EQ(CommitCount(), 2);
  EXPECT_EQ(RemoteGit("log -1 '--format=%an <%ae>' main"), "Paved <paved@localhost>\n");
  EXPECT_EQ(RemoteGit("log -1 --format=%B main"),
            "deploy chat-gateway to prod-eu: sha256:ab12cd34ef56\u2026 (spec v3)\n\n"
            "Requested-by: mina.kim\nApproved-by: lee\nReason: weekly release\n"
            "Artifact: sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12\n"
            "Paved-Deployment: dep-1\nManifest-Hash: sha256:0123\n\n");
  EXPECT_EQ(RemoteGit("log -1 --format=%at main"), absl::StrCat(clock_.NowMs() / 1000, "\n"));
  EXPECT_THAT(RemoteFiles(),
              ::testing::ElementsAre("README.md", "clusters/prod-eu/chat/deployment-web.yaml",
                                     "clusters/prod-eu/chat/namespace-chat.yaml",
                                     "clusters/prod-eu/chat/secret-chat-secrets.yaml",
                                     "clusters/prod-eu/chat/service-web.yaml"));
  EXPECT_EQ(RemoteGit("show main:clusters/prod-eu/chat/deployment-web.yaml"),
            render::ToYaml({Objects(true)[2]}));
  auto health = runtime->Check(Target("dep-1"));
  ASSERT_OK(health);
  EXPECT_EQ(health->health, Health::kHealthy);
  EXPECT_THAT(health->message, HasSubstr("Argo CD"));
}

TEST_F(GitOpsRuntimeTest, SameDeploymentAgainCommitsNothing) {
  ASSERT_OK(NewRuntime()->Apply(Target("dep-1")));
  ASSERT_OK(NewRuntime()->Apply(Target("dep-1")));
  // A restarted server with a fresh working copy finds the trailer on the remote too.
  ASSERT_OK(NewRuntime("other-work")->Apply(Target("dep-1")));
  EXPECT_EQ(CommitCount(), 2);
}

TEST_F(GitOpsRuntimeTest, UnchangedReleaseSkipsTheCommitAndCheckSaysSo) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  ASSERT_OK(runtime->Apply(Target("dep-2")));
  EXPECT_EQ(CommitCount(), 2);
  auto health = runtime->Check(Target("dep-2"));
  ASSERT_OK(health);
  EXPECT_EQ(health->health, Health::kHealthy);
  EXPECT_THAT(health->message, HasSubstr("no change"));
}

TEST_F(GitOpsRuntimeTest, CheckBeforeApplyIsProgressing) {
  auto health = NewRuntime()->Check(Target("dep-1"));
  ASSERT_OK(health);
  EXPECT_EQ(health->health, Health::kProgressing);
}

TEST_F(GitOpsRuntimeTest, DroppedObjectRemovesItsFile) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  ASSERT_OK(runtime->Apply(Target("dep-2", /*with_service=*/false)));
  EXPECT_EQ(CommitCount(), 3);
  EXPECT_THAT(RemoteFiles(), Not(::testing::Contains("clusters/prod-eu/chat/service-web.yaml")));
  EXPECT_THAT(RemoteFiles(), ::testing::Contains("clusters/prod-eu/chat/deployment-web.yaml"));
  EXPECT_THAT(RemoteGit("log -1 --format=%B main"), HasSubstr("Paved-Deployment: dep-2\n"));
  EXPECT_OK(runtime->Prune(Target("dep-2", false)));
  EXPECT_EQ(CommitCount(), 3);
}

TEST_F(GitOpsRuntimeTest, ConcurrentPushIsRetriedOnTheNewHead) {
  std::string other = root_ + "/other";
  Sh(absl::StrCat(kGit, " clone -q ", remote_, " ", other));
  int hooks = 0;
  auto runtime = NewRuntime("work", [&](int attempt) {
    ++hooks;
    if (attempt != 0) return;
    Sh(absl::StrCat("echo hi > ", other, "/NOTES.md"));
    Sh(absl::StrCat(kGit, " -C ", other, " add NOTES.md"));
    Sh(absl::StrCat(kGit, " -C ", other, " commit -q -m concurrent"));
    Sh(absl::StrCat(kGit, " -C ", other, " push -q origin main"));
  });
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  EXPECT_EQ(hooks, 2);
  EXPECT_EQ(CommitCount(), 3);
  EXPECT_EQ(RemoteGit("log --format=%s main"),
            "deploy chat-gateway to prod-eu: sha256:ab12cd34ef56\u2026 (spec v3)\n"
            "concurrent\ninitial\n");
  EXPECT_THAT(RemoteFiles(), ::testing::Contains("NOTES.md"));
  EXPECT_THAT(RemoteFiles(), ::testing::Contains("clusters/prod-eu/chat/deployment-web.yaml"));
}

TEST_F(GitOpsRuntimeTest, PushRejectedEveryTimeGivesUp) {
  std::string other = root_ + "/other";
  Sh(absl::StrCat(kGit, " clone -q ", remote_, " ", other));
  int hooks = 0;
  auto runtime = NewRuntime("work", [&](int attempt) {
    ++hooks;
    Sh(absl::StrCat("echo ", attempt, " > ", other, "/NOTES.md"));
    Sh(absl::StrCat(kGit, " -C ", other, " commit -q -a -m busy || (", kGit, " -C ", other,
                    " add NOTES.md && ", kGit, " -C ", other, " commit -q -m busy)"));
    Sh(absl::StrCat(kGit, " -C ", other, " push -q origin main"));
  });
  absl::Status s = runtime->Apply(Target("dep-1"));
  EXPECT_CODE(s, kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("rejected 4 times"));
  EXPECT_EQ(hooks, 4);
  EXPECT_THAT(RemoteGit("log --format=%B main"), Not(HasSubstr("Paved-Deployment")));
}

TEST_F(GitOpsRuntimeTest, SecretValuesNeverReachTheRepository) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  ASSERT_OK(runtime->Apply(Target("dep-2", false)));
  std::string history = RemoteGit("log -p --all");
  EXPECT_THAT(history, HasSubstr("DB_PASSWORD"));
  EXPECT_THAT(history, Not(HasSubstr(kSecretBase64)));
  EXPECT_THAT(history, Not(HasSubstr(kSecretValue)));
  std::string secret = RemoteGit("show main:clusters/prod-eu/chat/secret-chat-secrets.yaml");
  EXPECT_THAT(secret, HasSubstr("paved.dev/redacted"));
  // Not in the working copy either.
  EXPECT_EQ(Sh(absl::StrCat("grep -rlF ", kSecretBase64, " ", root_, "/work || true")), "");
}

TEST_F(GitOpsRuntimeTest, UnreachableEndpointIsAClearError) {
  RolloutTarget t = Target("dep-1");
  t.cluster.endpoint = root_ + "/missing.git";
  absl::Status s = NewRuntime()->Apply(t);
  EXPECT_CODE(s, kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("gitops cluster prod-eu"));
  EXPECT_THAT(s.message(), HasSubstr(t.cluster.endpoint));
  t.cluster.endpoint = "http://127.0.0.1:1/repo.git";
  s = NewRuntime()->Apply(t);
  EXPECT_CODE(s, kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("127.0.0.1:1"));
}

TEST_F(GitOpsRuntimeTest, MissingCredentialsVariableIsFailedPrecondition) {
  RolloutTarget t = Target("dep-1");
  t.cluster.credentials = "env:PAVED_CLUSTER_TEST_SURELY_UNSET_TOKEN";
  absl::Status unset = NewRuntime()->Apply(t);
  EXPECT_CODE(unset, kFailedPrecondition);
  // Deployment views show the error to developers: the reference is the admins' only.
  EXPECT_THAT(unset.message(), Not(HasSubstr("SURELY_UNSET")));
  t.cluster.credentials = "/etc/token";
  absl::Status path = NewRuntime()->Apply(t);
  EXPECT_CODE(path, kInvalidArgument);
  EXPECT_THAT(path.message(), Not(HasSubstr("/etc/token")));
  setenv("PAVED_CLUSTER_TEST_GITOPS_TOKEN", "t0ken", 1);
  EXPECT_EQ(*ResolveCredentials("env:PAVED_CLUSTER_TEST_GITOPS_TOKEN"), "t0ken");
}

// Paved's own settings and other variables of its environment are never sent to a remote.
TEST_F(GitOpsRuntimeTest, OnlyClusterVariablesMayBeNamed) {
  setenv("PAVED_ADMIN_PASSWORD", "admin-secret", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "aws-secret", 1);
  EXPECT_CODE(ResolveCredentials("env:PAVED_ADMIN_PASSWORD"), kInvalidArgument);
  EXPECT_CODE(ResolveCredentials("env:AWS_SECRET_ACCESS_KEY"), kInvalidArgument);
  RolloutTarget t = Target("dep-1");
  t.cluster.credentials = "env:PAVED_ADMIN_PASSWORD";
  EXPECT_CODE(NewRuntime()->Apply(t), kInvalidArgument);
  unsetenv("PAVED_ADMIN_PASSWORD");
  unsetenv("AWS_SECRET_ACCESS_KEY");
}

TEST_F(GitOpsRuntimeTest, WorkloadsListTheCommittedObjects) {
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(Target("dep-1")));
  auto workloads = runtime->Workloads(Target("x").cluster, "chat-gateway", "chat");
  ASSERT_OK(workloads);
  std::vector<std::string> names;
  for (const Workload& w : *workloads) names.push_back(w.kind + "/" + w.component);
  // The Service carries no project label and is listed; the Secret and Deployment are ours.
  EXPECT_THAT(names, ::testing::ElementsAre("Deployment/web", "Namespace/chat",
                                            "Secret/chat-secrets", "Service/web"));
  const Workload& web = (*workloads)[0];
  EXPECT_EQ(web.desired, 2);
  ASSERT_EQ(web.instances.size(), 1u);
  EXPECT_EQ(web.instances[0].deployment_id, "dep-1");
  EXPECT_EQ(web.instances[0].state, "committed");
  auto others = runtime->Workloads(Target("x").cluster, "another-project", "chat");
  ASSERT_OK(others);
  EXPECT_EQ(others->size(), 2u);  // only the unlabelled Namespace and Service
}

// An autoscaled Deployment has no spec.replicas (its HPA owns the count): desired is the HPA's
// minReplicas.
TEST_F(GitOpsRuntimeTest, AutoscaledDeploymentWantsItsAutoscalersMinimum) {
  RolloutTarget t = Target("dep-1", /*with_service=*/false);
  t.objects[2]["spec"].erase("replicas");
  t.objects.push_back(
      {{"apiVersion", "autoscaling/v2"},
       {"kind", "HorizontalPodAutoscaler"},
       {"metadata", {{"name", "web"}, {"namespace", "chat"}, {"labels", Labels("web")}}},
       {"spec",
        {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "web"}}},
         {"minReplicas", 3},
         {"maxReplicas", 10}}}});
  auto runtime = NewRuntime();
  ASSERT_OK(runtime->Apply(t));
  auto workloads = runtime->Workloads(t.cluster, "chat-gateway", "chat");
  ASSERT_OK(workloads);
  bool found = false;
  for (const Workload& w : *workloads) {
    if (w.kind != "Deployment") continue;
    found = true;
    EXPECT_EQ(w.desired, 3);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace paved::deploy::runtime::gitops
