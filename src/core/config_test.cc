#include "core/config.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"

namespace paved {
namespace {

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/paved-config-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsWhenNothingIsSet) {
  auto cfg = LoadServerConfig({});
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->listen_host, "127.0.0.1");
  EXPECT_EQ(cfg->listen_port, 8080);
  EXPECT_EQ(cfg->store_url, "sqlite://.paved/paved.db");
}

TEST(ConfigTest, JobLeaseAndDemoDeployFromEnvironment) {
  ConfigSources src;
  src.env = {{"PAVED_JOB_LEASE_SECONDS", "3"}, {"PAVED_DEMO_DEPLOY", "true"}};
  auto cfg = LoadServerConfig(src);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->job_lease_ms, 3000);
  EXPECT_TRUE(cfg->demo_deploy);
  EXPECT_FALSE(LoadServerConfig({}).value().demo_deploy);
}

TEST(ConfigTest, FlagBeatsEnvBeatsFile) {
  std::string file = WriteTemp("listen: 0.0.0.0:9000\ndata_dir: /from/file\nhttp_threads: 3\n");
  ConfigSources src;
  src.config_path = file;
  src.env = {{"PAVED_LISTEN", "127.0.0.1:9001"}, {"PAVED_DATA_DIR", "/from/env"}};
  src.flags = {{"listen", "127.0.0.1:0"}};
  auto cfg = LoadServerConfig(src);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->listen_port, 0);         // flag
  EXPECT_EQ(cfg->data_dir, "/from/env");  // env over file
  EXPECT_EQ(cfg->http_threads, 3);        // file
  EXPECT_EQ(cfg->store_url, "sqlite:///from/env/paved.db");
  std::remove(file.c_str());
}

TEST(ConfigTest, ConfigPathFromEnvironment) {
  std::string file = WriteTemp("store: postgres://db/paved\n");
  auto cfg = LoadServerConfig({.env = {{"PAVED_CONFIG", file}}});
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->store_url, "postgres://db/paved");
  std::remove(file.c_str());
}

TEST(ConfigTest, BadValuesNameTheirOrigin) {
  auto cfg = LoadServerConfig({.env = {{"PAVED_HTTP_THREADS", "many"}}});
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("PAVED_HTTP_THREADS"), std::string::npos);
  auto listen = LoadServerConfig({.flags = {{"listen", "nonsense"}}});
  ASSERT_FALSE(listen.ok());
  EXPECT_NE(listen.status().message().find("--listen"), std::string::npos);
}

TEST(ConfigTest, BrokenYamlIsAnErrorWithLine) {
  std::string file = WriteTemp("listen: [unclosed\n");
  auto cfg = LoadServerConfig({.config_path = file});
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("line"), std::string::npos);
  std::remove(file.c_str());
}

TEST(ConfigTest, PublicUrlAndTrustedProxies) {
  std::string file = WriteTemp(
      "public_url: https://paved.example.com/\ntrusted_proxies: [10.0.0.7, \"fd00::1\"]\n");
  auto cfg = LoadServerConfig({.config_path = file});
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->public_url, "https://paved.example.com");
  EXPECT_EQ(cfg->trusted_proxies, (std::vector<std::string>{"10.0.0.7", "fd00::1"}));
  auto from_env = LoadServerConfig({.env = {{"PAVED_TRUSTED_PROXIES", "10.0.0.7, 10.0.0.8"}}});
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->trusted_proxies, (std::vector<std::string>{"10.0.0.7", "10.0.0.8"}));
  EXPECT_TRUE(LoadServerConfig({}).value().trusted_proxies.empty());
  EXPECT_EQ(LoadServerConfig({}).value().public_url, "");
  std::remove(file.c_str());
}

TEST(ConfigTest, BadPublicUrlOrProxyNamesTheKey) {
  auto url = LoadServerConfig({.flags = {{"public_url", "paved.example.com"}}});
  ASSERT_FALSE(url.ok());
  EXPECT_NE(url.status().message().find("--public_url"), std::string::npos);
  auto proxy = LoadServerConfig({.env = {{"PAVED_TRUSTED_PROXIES", "10.0.0.0/8"}}});
  ASSERT_FALSE(proxy.ok());
  EXPECT_NE(proxy.status().message().find("PAVED_TRUSTED_PROXIES"), std::string::npos);
  std::string file = WriteTemp("trusted_proxies: [proxy.internal]\n");
  auto named = LoadServerConfig({.config_path = file});
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.status().message().find("trusted_proxies"), std::string::npos);
  std::remove(file.c_str());
}

TEST(ConfigTest, ParseListenAcceptsIpv6Brackets) {
  auto hp = ParseListen("[::1]:8080");
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->first, "::1");
  EXPECT_FALSE(ParseListen("127.0.0.1:70000").ok());
}

TEST(ConfigTest, CostTagKeysDefaultAndFromFile) {
  auto defaults = LoadServerConfig({});
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->cost.team_tag_keys, (std::vector<std::string>{"user:team", "team"}));
  EXPECT_EQ(defaults->cost.project_tag_keys, (std::vector<std::string>{"user:project", "project"}));
  ConfigSources src;
  src.config_path = WriteTemp(
      "cost:\n  tag_keys:\n    team: user:owner\n"
      "    project: [user:app, app]\n");
  auto cfg = LoadServerConfig(src);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->cost.team_tag_keys, (std::vector<std::string>{"user:owner"}));
  EXPECT_EQ(cfg->cost.project_tag_keys, (std::vector<std::string>{"user:app", "app"}));
}

TEST(ConfigTest, BadCostTagKeysNameTheKey) {
  ConfigSources src;
  src.config_path = WriteTemp("cost:\n  tag_keys:\n    team: [1, 2]\n");
  auto cfg = LoadServerConfig(src);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("cost.tag_keys.team"), std::string::npos) << cfg.status();
  src.config_path = WriteTemp("cost: 3\n");
  EXPECT_FALSE(LoadServerConfig(src).ok());
}

}  // namespace
}  // namespace paved
