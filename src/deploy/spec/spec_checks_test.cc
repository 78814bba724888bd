#include "deploy/spec/spec_checks.h"

#include "gtest/gtest.h"

namespace paved::deploy::spec {
namespace {

TEST(SpecChecksTest, Names) {
  for (const char* ok : {"web", "a", "chat-gateway-2", "0abc"}) {
    EXPECT_EQ(CheckDnsLabel(ok), "") << ok;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "Web", "-web", "web-", "we_b", "we.b", std::string(64, 'a')}) {
    EXPECT_NE(CheckDnsLabel(bad), "") << bad;
  }
  EXPECT_EQ(CheckDnsLabel(std::string(63, 'a')), "");
}

TEST(SpecChecksTest, ImagesAreRepositoriesWithoutTagOrDigest) {
  for (const char* ok : {"nginx", "registry.example.com/chat-gateway", "localhost:5000/a/b",
                         "ghcr.io/org/app_name", "r/a.b-c"}) {
    EXPECT_EQ(CheckImage(ok), "") << ok;
  }
  EXPECT_NE(CheckImage("nginx:1.25").find("deploy time"), std::string::npos);
  EXPECT_NE(CheckImage("localhost:5000/a:latest").find("tag"), std::string::npos);
  EXPECT_NE(CheckImage("r/a@sha256:0123").find("digest"), std::string::npos);
  for (const char* bad : {"", "r/App", "r/a b", "r//a", "r/-a"}) {
    EXPECT_NE(CheckImage(bad), "") << bad;
  }
}

TEST(SpecChecksTest, Quantities) {
  for (const char* ok : {"500m", "0.5", "2", "1", ".5", "250m"}) {
    EXPECT_EQ(CheckCpuQuantity(ok), "") << ok;
  }
  for (const char* bad : {"", "0", "0m", "500M", "1.5m", "abc", "-1", "1 "}) {
    EXPECT_NE(CheckCpuQuantity(bad), "") << bad;
  }
  for (const char* ok : {"512Mi", "1Gi", "1G", "1.5Gi", "134217728", "500k", "2Ti"}) {
    EXPECT_EQ(CheckMemoryQuantity(ok), "") << ok;
  }
  for (const char* bad : {"", "0Mi", "1GB", "512mi", "Mi", "1 Gi", "-1Gi"}) {
    EXPECT_NE(CheckMemoryQuantity(bad), "") << bad;
  }
}

TEST(SpecChecksTest, CronSchedules) {
  for (const char* ok :
       {"0 3 * * *", "*/15 * * * *", "0 0 1,15 * MON-FRI", "5 4 * JAN-MAR 0", "0 22 * * 1-5",
        "0-30/10 8-18 * * 7", "@daily", "@hourly", "  0  3 * * *  "}) {
    EXPECT_EQ(CheckCronSchedule(ok), "") << ok;
  }
  for (const char* bad :
       {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
        "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "@often", "1,,2 * * * *"}) {
    EXPECT_NE(CheckCronSchedule(bad), "") << bad;
  }
}

TEST(SpecChecksTest, EnvNamesHostsAndPaths) {
  EXPECT_EQ(CheckEnvName("LOG_LEVEL"), "");
  EXPECT_EQ(CheckEnvName("a.b-c"), "");
  EXPECT_NE(CheckEnvName("1ABC"), "");
  EXPECT_NE(CheckEnvName("A=B"), "");
  EXPECT_EQ(CheckHost("chat.example.com"), "");
  EXPECT_EQ(CheckHost("*.example.com"), "");
  EXPECT_NE(CheckHost("Chat.example.com"), "");
  EXPECT_NE(CheckHost("a..b"), "");
  EXPECT_NE(CheckHost(""), "");
  EXPECT_EQ(CheckHttpPath("/healthz"), "");
  EXPECT_NE(CheckHttpPath("healthz"), "");
  EXPECT_NE(CheckHttpPath("/a b"), "");
}

}  // namespace
}  // namespace paved::deploy::spec
