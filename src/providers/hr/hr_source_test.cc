#include "providers/hr/hr_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "providers/hr/testing/fake_hr_server.h"
#include "tests/support/status_assertions.h"

namespace paved::providers::hr {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSample[] = "src/providers/hr/testdata/teams.json";

json Config(json hr_source) { return {{"catalog", {{"hr_source", hr_source}}}}; }

TEST(HrConfigTest, AbsentSectionIsNotConfigured) {
  auto c = ParseHrSourceConfig(json{{"listen", "127.0.0.1:0"}});
  ASSERT_OK(c);
  EXPECT_FALSE(c->has_value());
  auto other = ParseHrSourceConfig(json{{"catalog", {{"tag_keys", {{"team", "team"}}}}}});
  ASSERT_OK(other);
  EXPECT_FALSE(other->has_value());
}

TEST(HrConfigTest, ReadsUrlTokenIntervalAndMapping) {
  auto c =
      ParseHrSourceConfig(Config({{"url", "https://hr.example.com/api/teams"},
                                  {"token", "s3cret"},
                                  {"interval", "10m"},
                                  {"timeout", "5s"},
                                  {"mapping", {{"teams", "/data/groups"}, {"name", "/title"}}}}));
  ASSERT_OK(c);
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->url, "https://hr.example.com/api/teams");
  EXPECT_EQ((*c)->token, "s3cret");
  EXPECT_EQ((*c)->interval_ms, 600'000);
  EXPECT_EQ((*c)->timeout_ms, 5'000);
  EXPECT_EQ((*c)->mapping.teams, "/data/groups");
  EXPECT_EQ((*c)->mapping.name, "/title");
  EXPECT_EQ((*c)->mapping.id, "/id");
}

TEST(HrConfigTest, RejectsBadSections) {
  struct Case {
    json section;
    std::string names;
  };
  std::vector<Case> cases = {
      {{{"url", "https://x"}, {"colour", "red"}}, "colour"},
      {{{"token", "t"}}, "url"},
      {{{"url", "https://x"}, {"file", "/tmp/x"}}, "url"},
      {{{"url", "ftp://x"}}, "url"},
      {{{"file", "/tmp/x"}, {"interval", "soon"}}, "interval"},
      {{{"file", "/tmp/x"}, {"interval", "0s"}}, "interval"},
      {{{"file", "/tmp/x"}, {"interval", -5}}, "interval"},
      // Found by the config fuzzer: n * 60000 overflowed.
      {{{"file", "/tmp/x"}, {"interval", "8198552921648689606m"}}, "interval"},
      {{{"file", "/tmp/x"}, {"interval", int64_t{9'000'000'000'000'000}}}, "interval"},
      {{{"file", "/tmp/x"}, {"mapping", {{"colour", "/c"}}}}, "mapping.colour"},
      {{{"file", "/tmp/x"}, {"mapping", {{"name", "title"}}}}, "mapping.name"},
      {"just-a-string", "hr_source"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseHrSourceConfig(Config(c.section));
    EXPECT_CODE(parsed, kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.names)) << c.section.dump();
  }
}

TEST(HrConfigTest, Durations) {
  EXPECT_EQ(*ParseDurationMs("250ms"), 250);
  EXPECT_EQ(*ParseDurationMs("90s"), 90'000);
  EXPECT_EQ(*ParseDurationMs("1h"), 3'600'000);
  EXPECT_EQ(*ParseDurationMs(600), 600'000);
  EXPECT_CODE(ParseDurationMs("1h30m"), kInvalidArgument);
  EXPECT_CODE(ParseDurationMs("m"), kInvalidArgument);
  EXPECT_CODE(ParseDurationMs(1.5), kInvalidArgument);
}

TEST(HrConfigTest, DescribeHidesCredentialsAndQuery) {
  HrSourceConfig c{.url = "https://user:pw@hr.example.com/teams?key=abc"};
  EXPECT_EQ(c.Describe(), "https://hr.example.com/teams");
}

TEST(HrParseTest, ReadsTheSampleFile) {
  HrSourceConfig c{.file = kSample};
  auto client = http::NewCurlClient();
  auto teams = FetchHrTeams(c, *client);
  ASSERT_OK(teams);
  ASSERT_EQ(teams->size(), 3u);
  const HrTeam& chat = (*teams)[1];
  EXPECT_EQ(chat.id, "T-1042");
  EXPECT_EQ(chat.name, "Chat Platform");
  EXPECT_EQ(chat.parent_id, "T-1000");
  EXPECT_EQ(chat.chat_channel, "#chat-platform");
  ASSERT_EQ(chat.members.size(), 2u);
  EXPECT_EQ(chat.members[0].id, "E-77");
  EXPECT_EQ(chat.members[0].login, "mina.kim");
  EXPECT_EQ(chat.members[0].email, "mina.kim@example.com");
  EXPECT_TRUE(chat.members[0].lead);
  EXPECT_FALSE(chat.members[1].lead);
  EXPECT_EQ((*teams)[0].parent_id, "");
  EXPECT_TRUE((*teams)[0].members.empty());
}

TEST(HrParseTest, MappingReadsAnotherShape) {
  HrMapping m{.teams = "/data/groups",
              .id = "/key",
              .name = "/title",
              .parent = "/parent/key",
              .chat_channel = "/chat/channel",
              .members = "/people",
              .member_id = "/employee",
              .member_login = "/account/login",
              .member_email = "/mail",
              .member_name = "/fullName",
              .member_lead = "/manager"};
  json doc = {{"data",
               {{"groups",
                 {{{"key", 10}, {"title", "Root"}, {"parent", nullptr}},
                  {{"key", 11},
                   {"title", "Leaf"},
                   {"parent", {{"key", 10}}},
                   {"chat", {{"channel", "#leaf"}}},
                   {"people",
                    {{{"employee", "P1"},
                      {"account", {{"login", "ann"}}},
                      {"mail", "ann@example.com"},
                      {"fullName", "Ann A"},
                      {"manager", true}}}}}}}}}};
  auto teams = ParseHrTeams(doc.dump(), m);
  ASSERT_OK(teams);
  ASSERT_EQ(teams->size(), 2u);
  EXPECT_EQ((*teams)[1].id, "11");
  EXPECT_EQ((*teams)[1].parent_id, "10");
  EXPECT_EQ((*teams)[1].chat_channel, "#leaf");
  ASSERT_EQ((*teams)[1].members.size(), 1u);
  EXPECT_EQ((*teams)[1].members[0].login, "ann");
  EXPECT_EQ((*teams)[1].members[0].display_name, "Ann A");
  EXPECT_TRUE((*teams)[1].members[0].lead);
}

TEST(HrParseTest, RejectsBadDocumentsNamingTheProblem) {
  struct Case {
    std::string body;
    std::string message;
  };
  std::vector<Case> cases = {
      {"{not json", "not valid JSON"},
      {R"({"groups":[]})", "no list of teams"},
      {R"({"teams":[{"name":"A"}]})", "/id is missing"},
      {R"({"teams":[{"id":"T1"}]})", "team T1: /name is missing"},
      {R"({"teams":[{"id":"T1","name":"A"},{"id":"T1","name":"B"}]})", "T1 is listed twice"},
      {R"({"teams":[{"id":"T1","name":"A","parent":"T9"}]})", "parent T9 is not a listed team"},
      {R"({"teams":[{"id":"T1","name":"A","parent":"T2"},{"id":"T2","name":"B","parent":"T1"}]})",
       "cycle"},
      {R"({"teams":[{"id":"T1","name":"A","parent":"T1"}]})", "cycle"},
      {R"({"teams":[{"id":"T1","name":"A","members":[{"id":"E1","login":"a"}]},
                    {"id":"T2","name":"B","members":[{"id":"E1","login":"b"}]}]})",
       "member E1 has two logins"},
      {R"({"teams":[{"id":"T1","name":"A","members":[{"id":"E1","login":"a"},
                                                     {"id":"E2","login":"a"}]}]})",
       "login a belongs to two members"},
      {R"({"teams":[{"id":"T1","name":"A","members":[{"id":"E1"}]}]})", "/login is missing"},
      {R"({"teams":[{"id":"T1","name":"A","members":[{"id":"E1","login":"a","lead":"yes"}]}]})",
       "must be true or false"},
  };
  for (const Case& c : cases) {
    auto teams = ParseHrTeams(c.body, HrMapping{});
    EXPECT_CODE(teams, kInvalidArgument);
    EXPECT_THAT(teams.status().message(), HasSubstr(c.message)) << c.body;
  }
}

TEST(HrParseTest, SameMemberInTwoTeamsIsFine) {
  auto teams = ParseHrTeams(R"({"teams":[
      {"id":"T1","name":"A","members":[{"id":"E1","login":"a"}]},
      {"id":"T2","name":"B","members":[{"id":"E1","login":"a"}]}]})",
                            HrMapping{});
  EXPECT_OK(teams);
}

using testing::FakeHrServer;

TEST(HrFetchTest, SendsTheBearerToken) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  hr.Answer(200, R"({"teams":[{"id":"T1","name":"A"}]})");
  auto client = http::NewCurlClient();
  auto teams = FetchHrTeams({.url = hr.url(), .token = "tok-123"}, *client);
  ASSERT_OK(teams);
  EXPECT_EQ(teams->size(), 1u);
  EXPECT_EQ(hr.authorization(), "Bearer tok-123");
  ASSERT_OK(FetchHrTeams({.url = hr.url()}, *client));
  EXPECT_EQ(hr.authorization(), "");
}

TEST(HrFetchTest, ServerErrorsAreRetryableOthersAreNot) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  auto client = http::NewCurlClient();
  HrSourceConfig c{.url = hr.url(), .token = "tok-123"};
  hr.Answer(500, "oops");
  auto down = FetchHrTeams(c, *client);
  EXPECT_CODE(down, kUnavailable);
  EXPECT_THAT(down.status().message(), HasSubstr("HTTP 500"));
  EXPECT_THAT(down.status().message(), Not(HasSubstr("tok-123")));
  hr.Answer(401, "{}");
  auto denied = FetchHrTeams(c, *client);
  EXPECT_CODE(denied, kFailedPrecondition);
  EXPECT_THAT(denied.status().message(), HasSubstr("HTTP 401"));
}

TEST(HrFetchTest, UnreachableSourceIsUnavailableAndHidesCredentials) {
  auto client = http::NewCurlClient();
  // Port 1 on loopback: nothing listens there.
  HrSourceConfig c{
      .url = "http://user:pw@127.0.0.1:1/teams?key=k", .token = "tok-123", .timeout_ms = 2000};
  auto down = FetchHrTeams(c, *client);
  EXPECT_CODE(down, kUnavailable);
  EXPECT_THAT(down.status().message(), Not(HasSubstr("pw")));
  EXPECT_THAT(down.status().message(), Not(HasSubstr("tok-123")));
  EXPECT_THAT(down.status().message(), HasSubstr("127.0.0.1:1/teams"));
}

TEST(HrFetchTest, MissingFileIsNotRetryable) {
  auto client = http::NewCurlClient();
  EXPECT_CODE(FetchHrTeams({.file = "/nonexistent/teams.json"}, *client), kFailedPrecondition);
}

}  // namespace
}  // namespace paved::providers::hr
