#include "deploy/runtime/kubernetes/kube_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

namespace fs = std::filesystem;

constexpr char kPem[] = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

class KubeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paved-kubeconfig-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::string Kubeconfig(const std::string& cluster_extra, const std::string& user) {
    return "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
           "contexts:\n- name: dev\n  context: {cluster: dev, user: dev}\n"
           "- name: prod\n  context: {cluster: prod-cluster, user: deployer}\n"
           "clusters:\n- name: dev\n  cluster: {server: 'https://dev:6443'}\n"
           "- name: prod-cluster\n  cluster:\n    server: https://10.0.0.1:6443/\n" +
           cluster_extra + "users:\n- name: deployer\n  user:\n" + user;
  }

  // Files may come from the test's directory.
  platform::CredentialsPolicy Policy() const { return {.files_dir = dir_.string()}; }

  fs::path dir_;
};

TEST_F(KubeConfigTest, ReadsServerTokenAndInlineCaOfTheCurrentContext) {
  const std::string yaml = Kubeconfig(
      "    certificate-authority-data: " + absl::Base64Escape(kPem) + "\n", "    token: abc.def\n");
  absl::StatusOr<Credentials> c = ParseKubeconfig(yaml, dir_.string());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://10.0.0.1:6443");
  EXPECT_EQ(c->token, "abc.def");
  EXPECT_EQ(c->ca_pem, kPem);
  EXPECT_EQ(c->ca_file, "");
  EXPECT_FALSE(c->insecure_skip_tls_verify);

  absl::StatusOr<std::string> ca_file = CaFileFor(*c, dir_.string());
  ASSERT_TRUE(ca_file.ok()) << ca_file.status();
  std::ifstream in(*ca_file);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, kPem);
}

TEST_F(KubeConfigTest, ResolvesRelativeCaPathAndTokenFileFromAWrittenFile) {
  Write("token", "  file-token\n");
  const std::string path =
      Write("config", Kubeconfig("    certificate-authority: ca.crt\n", "    tokenFile: token\n"));
  platform::Cluster cluster{.name = "prod", .credentials = path};
  absl::StatusOr<Credentials> c = ResolveCredentials(cluster, Policy());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://10.0.0.1:6443");
  EXPECT_EQ(c->token, "file-token");
  EXPECT_EQ(c->ca_file, (dir_ / "ca.crt").string());
  absl::StatusOr<std::string> ca_file = CaFileFor(*c, dir_.string());
  ASSERT_TRUE(ca_file.ok());
  EXPECT_EQ(*ca_file, (dir_ / "ca.crt").string());

  cluster.endpoint = "https://override:443";
  c = ResolveCredentials(cluster, Policy());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://override:443");
}

TEST_F(KubeConfigTest, RejectsMissingPieces) {
  EXPECT_EQ(ParseKubeconfig("clusters: []\n", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status no_token =
      ParseKubeconfig(Kubeconfig("", "    client-certificate-data: eA==\n"), "").status();
  EXPECT_EQ(no_token.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_token.message().find("no token"), std::string::npos) << no_token;
  absl::Status bad_context = ParseKubeconfig("current-context: nope\ncontexts: []\n", "").status();
  EXPECT_NE(bad_context.message().find("nope"), std::string::npos) << bad_context;
  EXPECT_EQ(ParseKubeconfig("{{{", "").status().code(), absl::StatusCode::kInvalidArgument);
  platform::Cluster missing{.name = "x", .credentials = (dir_ / "absent").string()};
  absl::Status absent = ResolveCredentials(missing, Policy()).status();
  EXPECT_EQ(absent.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(absent.message().find(dir_.string()), std::string::npos) << absent;
}

TEST_F(KubeConfigTest, TokenFromEnvironmentOrFileUsesTheClusterEndpoint) {
  ::setenv("PAVED_CLUSTER_TEST_K8S_TOKEN", "env-token", 1);
  platform::Cluster cluster{.name = "c",
                            .endpoint = "https://api:6443/",
                            .credentials = "env:PAVED_CLUSTER_TEST_K8S_TOKEN"};
  absl::StatusOr<Credentials> c = ResolveCredentials(cluster, Policy());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://api:6443");
  EXPECT_EQ(c->token, "env-token");

  cluster.credentials = "file:" + Write("tok", "from-file\n");
  c = ResolveCredentials(cluster, Policy());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->token, "from-file");

  cluster.credentials = "env:PAVED_CLUSTER_TEST_K8S_UNSET_VARIABLE";
  absl::Status unset = ResolveCredentials(cluster, Policy()).status();
  EXPECT_EQ(unset.code(), absl::StatusCode::kInvalidArgument);
  // Deployment views show the error to developers: the reference is the admins' only.
  EXPECT_EQ(unset.message().find("UNSET_VARIABLE"), std::string::npos) << unset;
  cluster.endpoint = "";
  cluster.credentials = "env:PAVED_CLUSTER_TEST_K8S_TOKEN";
  EXPECT_EQ(ResolveCredentials(cluster, Policy()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// A reference naming Paved's own secrets or files is refused when used, even when it was
// stored before the platform routes checked references.
TEST_F(KubeConfigTest, RefusesPavedsOwnVariablesAndFiles) {
  ::setenv("PAVED_SECRET_KEY", "the-secret-key", 1);
  platform::Cluster cluster{
      .name = "c", .endpoint = "https://attacker.example", .credentials = "env:PAVED_SECRET_KEY"};
  absl::StatusOr<Credentials> c = ResolveCredentials(cluster, Policy());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message().find("the-secret-key"), std::string::npos);
  ::unsetenv("PAVED_SECRET_KEY");

  fs::create_directories(dir_ / "data");
  const std::string keys = Write("data/secret.keys", "key-material\n");
  platform::CredentialsPolicy policy{.files_dir = dir_.string(),
                                     .data_dir = (dir_ / "data").string()};
  cluster.credentials = "file:" + keys;
  EXPECT_EQ(ResolveCredentials(cluster, policy).status().code(),
            absl::StatusCode::kInvalidArgument);
  cluster.credentials = "file:" + (dir_ / "data" / ".." / "data" / "secret.keys").string();
  EXPECT_EQ(ResolveCredentials(cluster, policy).status().code(),
            absl::StatusCode::kInvalidArgument);
  cluster.credentials = "file:/proc/self/environ";
  EXPECT_EQ(ResolveCredentials(cluster, policy).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A kubeconfig's tokenFile may not read the data directory either.
  cluster.credentials = Write("config", Kubeconfig("", "    tokenFile: data/secret.keys\n"));
  EXPECT_EQ(ResolveCredentials(cluster, policy).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace paved::deploy::runtime::kubernetes
