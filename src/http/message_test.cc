#include "http/message.h"

#include <gtest/gtest.h>

namespace paved::http {
namespace {

TEST(HeaderLessTest, IgnoresCase) {
  Headers headers;
  headers["Content-Type"] = "text/plain";
  headers["content-type"] = "application/json";
  EXPECT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers["CONTENT-TYPE"], "application/json");
  EXPECT_TRUE(HeaderLess()("accept", "Content-Type"));
  EXPECT_FALSE(HeaderLess()("X-A", "x-a"));
}

TEST(RequestTest, HeaderAndQueryParam) {
  Request req;
  req.headers["Authorization"] = "Bearer t";
  req.query["limit"] = "5";
  req.query["empty"] = "";
  EXPECT_EQ(req.Header("authorization"), "Bearer t");
  EXPECT_EQ(req.Header("X-Missing"), "");
  EXPECT_EQ(req.QueryParam("limit"), "5");
  EXPECT_EQ(req.QueryParam("empty"), "");
  EXPECT_EQ(req.QueryParam("cursor"), std::nullopt);
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response res;
  res.SetHeader("Content-Type", "text/plain");
  res.SetHeader("content-type", "text/html");
  res.SetHeader("X-Id", "1");
  ASSERT_EQ(res.headers.size(), 2u);
  EXPECT_EQ(res.Header("CONTENT-TYPE"), "text/html");
  EXPECT_EQ(res.Header("x-id"), "1");
  EXPECT_EQ(res.Header("Location"), "");
}

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("/a%20b/%C3%A9", false), "/a b/\xC3\xA9");
  EXPECT_EQ(PercentDecode("%2f%2F", false), "//");
  EXPECT_EQ(PercentDecode("", false), "");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecodeTest, LeavesInvalidEscapesAsIs) {
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%4", false), "%4");
  EXPECT_EQ(PercentDecode("%zz%41", false), "%zzA");
  EXPECT_EQ(PercentDecode("%%41", false), "%A");
}

TEST(ParseQueryTest, SplitsAndDecodes) {
  auto query = ParseQuery("a=1&b=x%20y&c=p+q&flag&=v&&d=");
  EXPECT_EQ(query["a"], "1");
  EXPECT_EQ(query["b"], "x y");
  EXPECT_EQ(query["c"], "p q");
  EXPECT_EQ(query["flag"], "");
  EXPECT_EQ(query[""], "v");
  EXPECT_EQ(query["d"], "");
  EXPECT_EQ(query.size(), 6u);
}

TEST(ParseQueryTest, LastValueWinsAndEqualsInValueKept) {
  auto query = ParseQuery("k=1&k=2&e=a=b");
  EXPECT_EQ(query["k"], "2");
  EXPECT_EQ(query["e"], "a=b");
  EXPECT_TRUE(ParseQuery("").empty());
}

}  // namespace
}  // namespace paved::http
