// `paved config ...` and `paved secret ...` against canned API answers.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/testing/deploy_cli_fixture.h"
#include "gmock/gmock.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using testing::DeployCliTest;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSetPath[] = "/projects/chat/config/alpha/app-config";

json ConfigVersion(int version, json data, json files = json::object()) {
  return {{"project", "chat"},
          {"environment", "alpha"},
          {"set", "app-config"},
          {"version", version},
          {"data", data},
          {"files", files},
          {"author", "kim"},
          {"message", ""},
          {"created_at", "2026-11-24T11:00:00Z"},
          {"changes",
           {{"added", json::array()}, {"removed", json::array()}, {"changed", json::array()}}}};
}

class ConfigCommandTest : public DeployCliTest {
 protected:
  void AnswerLatest(const json& version) {
    Answer(std::string("GET ") + kSetPath, 200, version.dump());
  }
  void AnswerWrite(int version, json changes) {
    json written = ConfigVersion(version, json::object());
    written["changes"] = changes;
    Answer(std::string("PUT ") + kSetPath, 201, written.dump());
  }
  json PutBody() const {
    for (const auto& r : requests()) {
      if (r.method == "PUT") return json::parse(r.body);
    }
    ADD_FAILURE() << "no PUT";
    return json();
  }
};

TEST_F(ConfigCommandTest, SetMergesIntoTheLatestVersion) {
  AnswerLatest(
      ConfigVersion(2, {{"LOG", "info"}, {"OLD", "x"}, {"KEEP", "1"}}, {{"app.toml", "a = 1\n"}}));
  AnswerWrite(3, {{"added", {"NEW"}}, {"removed", {"OLD"}}, {"changed", {"LOG"}}});
  ASSERT_EQ(Run({"config", "set", "alpha", "app-config", "LOG=warn", "NEW=a=b", "--unset", "OLD",
                 "-p", "chat", "-m", "quieter"}),
            0)
      << err_.str();
  ASSERT_EQ(requests().size(), 2u);
  EXPECT_EQ(Target(0), std::string("GET ") + kSetPath);
  EXPECT_EQ(Target(1), std::string("PUT ") + kSetPath);
  EXPECT_EQ(PutBody(), json::parse(R"({"data":{"LOG":"warn","NEW":"a=b","KEEP":"1"},
                                       "files":{"app.toml":"a = 1\n"},"message":"quieter",
                                       "expected_version":2})"));
  EXPECT_EQ(out_.str(), "config alpha/app-config v3 written (+NEW ~LOG -OLD)\n");
}

// Someone wrote version 3 between our read and our write: the server refuses (409) and the edit
// is applied again to version 3, keeping their change.
TEST_F(ConfigCommandTest, SetPrintsTheServersWarningsOnStderr) {
  AnswerLatest(ConfigVersion(1, {{"A", "1"}}));
  json written = ConfigVersion(2, json::object());
  written["warnings"] = {
      "services.web.env.LOG_LEVEL: config set app-config in alpha sets "
      "LOG_LEVEL, which replaces the spec's value"};
  Answer(std::string("PUT ") + kSetPath, 201, written.dump());
  ASSERT_EQ(Run({"config", "set", "-p", "chat", "alpha", "app-config", "LOG_LEVEL=debug"}), 0)
      << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("warning: services.web.env.LOG_LEVEL: config set app-config "
                                    "in alpha sets LOG_LEVEL, which replaces the spec's value\n"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("warning")));
}

TEST_F(ConfigCommandTest, SetRetriesOnAVersionConflictWithoutLosingTheOtherWrite) {
  const std::string get = std::string("GET ") + kSetPath, put = std::string("PUT ") + kSetPath;
  AnswerNext(get, 200, ConfigVersion(2, {{"LOG", "info"}}).dump());
  AnswerNext(get, 200, ConfigVersion(3, {{"LOG", "info"}, {"THEIRS", "1"}}).dump());
  AnswerNext(
      put, 409,
      R"({"error":{"code":"version_conflict","message":"config set app-config is at version 3, not 2","field":"expected_version"}})");
  json written = ConfigVersion(4, json::object());
  AnswerNext(put, 201, written.dump());
  ASSERT_EQ(Run({"config", "set", "alpha", "app-config", "LOG=warn", "-p", "chat"}), 0)
      << err_.str();
  ASSERT_EQ(requests().size(), 4u);
  EXPECT_EQ(json::parse(requests()[1].body)["expected_version"], 2);
  json second = json::parse(requests()[3].body);
  EXPECT_EQ(second["expected_version"], 3);
  EXPECT_EQ(second["data"], json({{"LOG", "warn"}, {"THEIRS", "1"}}));
  EXPECT_THAT(out_.str(), HasSubstr("v4 written"));
}

TEST_F(ConfigCommandTest, SetStartsANewSetAndReadsFiles) {
  char pattern[] = "/tmp/paved-config-cli-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  std::ofstream(dir + "/app.toml") << "workers = 4\n";
  AnswerWrite(1, {{"added", {"PORT", "files/app.toml"}}});
  ASSERT_EQ(Run({"config", "set", "alpha", "app-config", "PORT=8080", "--file",
                 "app.toml=" + dir + "/app.toml", "-p", "chat"}),
            0)
      << err_.str();
  EXPECT_EQ(PutBody(), json::parse(R"({"data":{"PORT":"8080"},
                                       "files":{"app.toml":"workers = 4\n"},"message":"",
                                       "expected_version":0})"));
  EXPECT_EQ(out_.str(), "config alpha/app-config v1 written (+PORT +files/app.toml)\n");
  std::filesystem::remove_all(dir);
}

TEST_F(ConfigCommandTest, SetWithoutAChangeWritesNothing) {
  AnswerLatest(ConfigVersion(2, {{"LOG", "info"}}));
  ASSERT_EQ(Run({"config", "set", "alpha", "app-config", "LOG=info", "-p", "chat"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "config alpha/app-config unchanged (v2)\n");
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(ConfigCommandTest, UnsetOfAnUnknownKeyWritesNothing) {
  AnswerLatest(ConfigVersion(2, {{"LOG", "info"}}));
  EXPECT_EQ(Run({"config", "set", "alpha", "app-config", "--unset", "LOGG", "-p", "chat"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--unset LOGG"));
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(ConfigCommandTest, MalformedOrEmptyChangesAreUsageErrors) {
  EXPECT_EQ(Run({"config", "set", "alpha", "app-config", "-p", "chat"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("nothing to change"));
  EXPECT_EQ(Run({"config", "set", "alpha", "app-config", "LOG", "-p", "chat"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("KEY=VALUE"));
  EXPECT_EQ(Run({"config", "set", "alpha", "app-config", "=x", "-p", "chat"}), 2);
  EXPECT_EQ(Run({"config", "set", "alpha", "app-config", "--file", "nopath", "-p", "chat"}), 2);
  EXPECT_TRUE(requests().empty());
}

TEST_F(ConfigCommandTest, GetShowsAVersion) {
  AnswerLatest(ConfigVersion(2, {{"LOG", "info"}}));
  ASSERT_EQ(Run({"config", "get", "alpha", "app-config", "-p", "chat", "--version", "2"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), std::string("GET ") + kSetPath + "?version=2");
  EXPECT_THAT(out_.str(), HasSubstr("Version:      2\n"));
  EXPECT_THAT(out_.str(), HasSubstr("\nKEY   VALUE\nLOG   info\n"));
}

TEST_F(ConfigCommandTest, HistoryShowsWhichKeysChanged) {
  Answer(std::string("GET ") + kSetPath + "/history", 200,
         R"({"items":[{"version":2,"author":"kim","message":"quieter",
           "created_at":"2026-11-24T10:00:00Z",
           "changes":{"added":[],"removed":[],"changed":["LOG"]}}],"next_cursor":null})");
  ASSERT_EQ(Run({"config", "history", "alpha", "app-config", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "VERSION   AUTHOR   AGE   CHANGES   MESSAGE\n"
            "2         kim      2h    ~LOG      quieter\n");
}

constexpr char kSecretPath[] = "/projects/chat/secrets/production/db-password";
constexpr char kSecretValue[] = "hunter2 with spaces";

class SecretCommandTest : public DeployCliTest {
 protected:
  void SetUp() override {
    DeployCliTest::SetUp();
    Answer(std::string("PUT ") + kSecretPath, 201,
           R"({"project":"chat","environment":"production","name":"db-password","version":4,
              "author":"kim","message":"","changed":true,"key_id":"k1",
              "created_at":"2026-11-24T12:00:00Z"})");
  }

  // The value may only travel in the body of the PUT, and never in a URL or argv.
  void ExpectValueOnlyInTheBody(const std::string& value) {
    for (const auto& r : requests()) EXPECT_THAT(r.url, Not(HasSubstr("hunter2")));
    for (const auto& args : argv_) {
      for (const auto& arg : args) EXPECT_THAT(arg, Not(HasSubstr("hunter2")));
    }
    ASSERT_EQ(requests().size(), 1u);
    EXPECT_EQ(json::parse(requests()[0].body)["value"], value);
  }
};

TEST_F(SecretCommandTest, SetReadsTheValueFromStdinMinusOneNewline) {
  stdin_ = std::string(kSecretValue) + "\n";
  ASSERT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat", "-m", "rotated"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "secret production/db-password v4 written\n");
  EXPECT_EQ(Target(0), std::string("PUT ") + kSecretPath);
  EXPECT_EQ(json::parse(requests()[0].body)["message"], "rotated");
  ExpectValueOnlyInTheBody(kSecretValue);
  EXPECT_THAT(out_.str() + err_.str(), Not(HasSubstr("hunter2")));
}

TEST_F(SecretCommandTest, MultiLineValuesKeepTheirInnerNewlines) {
  stdin_ = "-----BEGIN KEY-----\nhunter2\n-----END KEY-----\n\n";
  ASSERT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat"}), 0) << err_.str();
  ExpectValueOnlyInTheBody("-----BEGIN KEY-----\nhunter2\n-----END KEY-----\n");
}

TEST_F(SecretCommandTest, ValueWithoutNewlineOrWithCrLf) {
  stdin_ = "hunter2\r\n";
  ASSERT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat"}), 0) << err_.str();
  ExpectValueOnlyInTheBody("hunter2");
}

TEST_F(SecretCommandTest, OnATerminalItPromptsWithoutEcho) {
  interactive_ = true;
  typed_ = "hunter2";
  ASSERT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(prompts_, std::vector<std::string>{"Value for db-password:  (hidden)"});
  EXPECT_EQ(stdin_reads_, 0);
  ExpectValueOnlyInTheBody("hunter2");
}

TEST_F(SecretCommandTest, EmptyValueIsRefused) {
  for (const std::string input : {"", "\n"}) {
    stdin_ = input;
    EXPECT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat"}), 1);
    EXPECT_THAT(err_.str(), HasSubstr("empty secret value"));
  }
  EXPECT_TRUE(requests().empty());
}

TEST_F(SecretCommandTest, ValueOnTheCommandLineIsRefusedWithoutEchoingIt) {
  stdin_ = "from-stdin\n";
  EXPECT_EQ(Run({"secret", "set", "production", "db-password", "hunter2", "-p", "chat"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("read from stdin"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("hunter2")));
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(stdin_reads_, 0);
}

TEST_F(SecretCommandTest, TooLargeValueIsRefused) {
  stdin_ = std::string(70000, 'x');
  EXPECT_EQ(Run({"secret", "set", "production", "db-password", "-p", "chat"}), 1);
  EXPECT_TRUE(requests().empty());
}

TEST_F(SecretCommandTest, ListAndHistoryShowNoValues) {
  Answer("GET /projects/chat/secrets/production", 200,
         R"({"items":[{"name":"db-password","version":4,"author":"kim",
           "created_at":"2026-11-24T09:00:00Z"}],"next_cursor":null})");
  ASSERT_EQ(Run({"secret", "list", "production", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "NAME          VERSION   AUTHOR   AGE\n"
            "db-password   4         kim      3h\n");
  Answer(std::string("GET ") + kSecretPath + "/history", 200,
         R"({"items":[{"version":4,"author":"kim","message":"rotated","key_id":"k2",
           "created_at":"2026-11-24T09:00:00Z"}],"next_cursor":null})");
  ASSERT_EQ(Run({"secret", "history", "production", "db-password", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "VERSION   AUTHOR   AGE   KEY   MESSAGE\n"
            "4         kim      3h    k2    rotated\n");
  EXPECT_EQ(Target(1), std::string("GET ") + kSecretPath + "/history?limit=100");
}

}  // namespace
}  // namespace paved::cli
