#include "deploy/platform/credentials_reference.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace paved::deploy::platform {
namespace {

namespace fs = std::filesystem;

class CredentialsReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/paved-creds-XXXXXX";
    root_ = mkdtemp(tmpl);
    fs::create_directories(root_ / "clusters");
    fs::create_directories(root_ / "data");
    std::ofstream(root_ / "clusters" / "token") << "t";
    std::ofstream(root_ / "data" / "secret.keys") << "k";
    policy_ = {.files_dir = (root_ / "clusters").string(), .data_dir = (root_ / "data").string()};
  }
  void TearDown() override { fs::remove_all(root_); }

  absl::StatusCode Check(const std::string& reference) {
    return CheckCredentialsReference(reference, policy_).code();
  }

  fs::path root_;
  CredentialsPolicy policy_;
};

TEST_F(CredentialsReferenceTest, OnlyClusterVariablesMayBeNamed) {
  EXPECT_EQ(Check(""), absl::StatusCode::kOk);
  EXPECT_EQ(Check("env:PAVED_CLUSTER_PROD_EU"), absl::StatusCode::kOk);
  for (const char* bad :
       {"env:PAVED_SECRET_KEY", "env:PAVED_ADMIN_PASSWORD", "env:AWS_SECRET_ACCESS_KEY",
        "env:PAVED_CLUSTER_", "env:", "env:PAVED_CLUSTER_X=1", "env:paved_cluster_x"}) {
    absl::Status s = CheckCredentialsReference(bad, policy_);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("PAVED_CLUSTER_"), std::string::npos) << s;
  }
}

// A secret pasted where its reference belongs is refused with what to give instead, and the
// error does not repeat it (errors are logged and shown).
TEST_F(CredentialsReferenceTest, PastedSecretsAreRefusedWithoutRepeatingThem) {
  const std::string pem =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2\n-----END CERTIFICATE-----\n";
  const std::string kubeconfig =
      "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "
      "https://k8s}\nusers:\n- name: u\n  user: {token: kube-token-Zq81}\n";
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXZlZCJ9.c2lnbmF0dXJlWnE4MQ";
  const std::string bearer = "ghp_4f8Zq81Xk2LmNpQrStUvWxYz0123456789";
  for (const std::string& secret : {pem, kubeconfig, jwt, bearer}) {
    absl::Status s = CheckCredentialsReference(secret, policy_);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << secret;
    std::string message(s.message());
    EXPECT_NE(message.find("not the secret itself"), std::string::npos) << message;
    EXPECT_NE(message.find("env:PAVED_CLUSTER_<NAME>"), std::string::npos) << message;
    EXPECT_NE(message.find(policy_.files_dir), std::string::npos) << message;
    for (const char* part : {"MIIBsz", "kube-token", "eyJzdWIi", "4f8Zq81"}) {
      EXPECT_EQ(message.find(part), std::string::npos) << message;
    }
  }
  // Refused references are not repeated either: they may reach a developer's deployment view.
  for (const std::string& bad :
       {std::string("env:PAVED_SECRETS_DB"), std::string("file:/srv/elsewhere/tok"),
        "file:" + (root_ / "data" / "secret.keys").string()}) {
    absl::Status s = CheckCredentialsReference(bad, policy_);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.message().find(bad.substr(5)), std::string::npos) << s;
  }
}

TEST_F(CredentialsReferenceTest, FilesMustLieInTheCredentialsDirectoryOutsideTheDataDir) {
  std::string clusters = (root_ / "clusters").string();
  EXPECT_EQ(Check("file:" + clusters + "/token"), absl::StatusCode::kOk);
  EXPECT_EQ(Check(clusters + "/kubeconfig-not-yet-there"), absl::StatusCode::kOk);
  for (const std::string& bad :
       {"file:" + (root_ / "data" / "secret.keys").string(), "file:" + clusters + "/../data/x",
        std::string("file:/proc/self/environ"), std::string("/etc/passwd"),
        std::string("file:relative/token"), std::string("kubeconfig"),
        std::string("file:") + clusters + "-evil/token"}) {
    EXPECT_EQ(Check(bad), absl::StatusCode::kInvalidArgument) << bad;
  }
  // A symlink inside the directory pointing out of it is judged by where it leads.
  fs::create_symlink(root_ / "data" / "secret.keys", root_ / "clusters" / "link");
  EXPECT_EQ(Check("file:" + clusters + "/link"), absl::StatusCode::kInvalidArgument);
  // Data dir inside the credentials dir: still off limits.
  policy_.data_dir = clusters;
  EXPECT_EQ(Check("file:" + clusters + "/token"), absl::StatusCode::kInvalidArgument);
  policy_.data_dir = "";
  policy_.files_dir = "";
  EXPECT_EQ(Check("file:" + clusters + "/token"), absl::StatusCode::kInvalidArgument);
}

TEST_F(CredentialsReferenceTest, AllowedFileIsCanonical) {
  auto path = AllowedCredentialsFile((root_ / "clusters" / "." / "token").string(), policy_);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, fs::canonical(root_ / "clusters" / "token").string());
}

}  // namespace
}  // namespace paved::deploy::platform
