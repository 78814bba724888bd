#include "deploy/runtime/gitops/manifest_files.h"

#include "deploy/render/renderer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::runtime::gitops {
namespace {

using nlohmann::json;

json Secret() {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"metadata", {{"name", "app-secrets"}, {"namespace", "chat"}}},
          {"type", "Opaque"},
          {"data", {{"TOKEN", "c2VjcmV0"}}},
          {"stringData", {{"PLAIN", "secret"}}}};
}

TEST(ManifestFilesTest, DirectoryRejectsEscapingNames) {
  ASSERT_OK(ReleaseDirectory("prod-eu", "chat"));
  EXPECT_EQ(*ReleaseDirectory("prod-eu", "chat"), "clusters/prod-eu/chat");
  EXPECT_CODE(ReleaseDirectory("..", "chat"), kInvalidArgument);
  EXPECT_CODE(ReleaseDirectory("prod", "a/b"), kInvalidArgument);
  EXPECT_CODE(ReleaseDirectory("prod", ""), kInvalidArgument);
}

TEST(ManifestFilesTest, SecretKeepsKeysWithoutValues) {
  json out = RedactForGit(Secret());
  EXPECT_EQ(out["data"], json({{"TOKEN", ""}}));
  EXPECT_EQ(out["stringData"], json({{"PLAIN", ""}}));
  EXPECT_EQ(out["metadata"]["annotations"]["paved.dev/redacted"], "true");
  EXPECT_EQ(out["metadata"]["annotations"]["argocd.argoproj.io/hook"], "Skip");
  EXPECT_EQ(out["metadata"]["annotations"]["kustomize.toolkit.fluxcd.io/reconcile"], "disabled");
  json cm = {{"kind", "ConfigMap"}, {"data", {{"A", "1"}}}};
  EXPECT_EQ(RedactForGit(cm), cm);
}

TEST(ManifestFilesTest, OneFilePerObjectNamedByKindAndName) {
  json deployment = {{"apiVersion", "apps/v1"},
                     {"kind", "Deployment"},
                     {"metadata", {{"name", "web"}}},
                     {"spec", {{"replicas", 2}}}};
  auto files = ReleaseFiles({deployment, Secret()});
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ(files->at("deployment-web.yaml"), render::ToYaml({deployment}));
  EXPECT_THAT(files->at("secret-app-secrets.yaml"),
              ::testing::Not(::testing::HasSubstr("c2VjcmV0")));
  EXPECT_CODE(ReleaseFiles({deployment, deployment}), kInvalidArgument);
  EXPECT_CODE(ReleaseFiles({json{{"kind", "Service"}}}), kInvalidArgument);
}

TEST(ManifestFilesTest, CommitMessageCarriesTrailers) {
  RolloutTarget t;
  t.cluster.name = "prod-eu";
  t.project = "chat-gateway";
  t.digest = "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
  t.spec_version = 3;
  t.requester = "mina.kim";
  t.approver = "lee";
  t.reason = "fix\nthe bug";
  t.deployment_id = "dep-1";
  t.manifest_hash = "sha256:ffff";
  std::string m = CommitMessage(t);
  EXPECT_EQ(m,
            "deploy chat-gateway to prod-eu: sha256:ab12cd34ef56\u2026 (spec v3)\n\n"
            "Requested-by: mina.kim\nApproved-by: lee\nReason: fix the bug\n"
            "Artifact: " +
                t.digest + "\nPaved-Deployment: dep-1\nManifest-Hash: sha256:ffff\n");
  EXPECT_EQ(TrailerValue(m, "Paved-Deployment"), "dep-1");
  EXPECT_EQ(TrailerValue(m, "Nope"), "");
  t.approver = "";
  EXPECT_THAT(CommitMessage(t), ::testing::Not(::testing::HasSubstr("Approved-by")));
}

}  // namespace
}  // namespace paved::deploy::runtime::gitops
