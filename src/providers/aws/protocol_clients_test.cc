// The protocol clients as AWS sees them: requests recorded by a fake HTTP client, signatures
// compared with botocore's for the same request (S3's unnormalised path and value-less query,
// an encoded query, a Query POST), XML both ways, and error answers of each protocol mapped to
// statuses that keep the AWS code.
#include <deque>

#include "absl/strings/ascii.h"

#include "gtest/gtest.h"
#include "providers/aws/aws_error.h"
#include "providers/aws/json_client.h"
#include "providers/aws/query_client.h"
#include "providers/aws/rest_xml_client.h"
#include "providers/aws/xml.h"
#include "tests/support/status_assertions.h"

namespace paved::aws {
namespace {

// Records each request and answers from a queue (200 with an empty body when it is empty).
class RecordingClient : public http::Client {
 public:
  struct Sent {
    std::string method, url, body;
    http::ClientHeaders headers;
    std::string Header(const std::string& name) const {
      for (const auto& [n, v] : headers) {
        if (absl::AsciiStrToLower(n) == absl::AsciiStrToLower(name)) return v;
      }
      return "";
    }
  };
  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& url,
                                            const http::ClientHeaders& headers,
                                            const std::string& body,
                                            std::chrono::milliseconds) override {
    sent.push_back({method, url, body, headers});
    if (answers.empty()) return http::ClientResponse{.status = 200};
    http::ClientResponse next = answers.front();
    answers.pop_front();
    return next;
  }
  std::vector<Sent> sent;
  std::deque<http::ClientResponse> answers;
};

constexpr int64_t kAt = 1796605200000;  // 2026-12-07T01:00:00Z, as botocore signed
const Credentials kKeys{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

ServiceOptions Options(const std::string& service, const std::string& endpoint) {
  return {.endpoint = endpoint,
          .credentials = kKeys,
          .region = "us-east-1",
          .service = service,
          .max_attempts = 3,
          .retry_backoff_ms = 1};
}

std::string SignatureOf(const RecordingClient::Sent& sent) {
  std::string auth = sent.Header("Authorization");
  return auth.substr(auth.find("Signature=") + 10);
}

TEST(ProtocolClientsTest, SignaturesMatchBotocoresForS3CloudFrontAndQuery) {
  RecordingClient http;
  FakeClock clock(kAt);
  RestXmlClient s3(&http, &clock, Options("s3", "https://s3.{region}.amazonaws.com"));
  ASSERT_OK(s3.Call("GET", "/paved-abc?tagging"));
  ASSERT_OK(s3.Call("GET", "/paved-abc?list-type=2"));
  RestXmlClient cloudfront(&http, &clock,
                           Options("cloudfront", "https://cloudfront.amazonaws.com"));
  ASSERT_OK(cloudfront.Call(
      "GET", "/2020-05-31/tagging?Resource=" +
                 http::UrlEncode("arn:aws:cloudfront::123456789012:distribution/E1")));
  QueryClient elasticache(&http, &clock,
                          Options("elasticache", "https://elasticache.{region}.amazonaws.com"),
                          "2015-02-02");
  http.answers.push_back({.status = 200, .body = "<R/>"});
  ASSERT_OK(elasticache.Call("DescribeReplicationGroups", {{"ReplicationGroupId", "paved-abc"}}));
  ASSERT_EQ(http.sent.size(), 4u);
  EXPECT_EQ(http.sent[0].url, "https://s3.us-east-1.amazonaws.com/paved-abc?tagging");
  // Expected values: botocore 1.x S3SigV4Auth / SigV4Auth for the same requests and time.
  EXPECT_EQ(SignatureOf(http.sent[0]),
            "5058f24beacc14abeccbe1fa7224d677d20c1a1ff26898d3ce06506bf6d6f9d8");
  EXPECT_EQ(SignatureOf(http.sent[1]),
            "d9937d1068c4f428bafdaf8a481d3080c65fa09081e9ed5cd699cc1b099d46fc");
  EXPECT_EQ(SignatureOf(http.sent[2]),
            "b7f66c15686f374d4f7f1ab1f9e28d0702efc17867bf254796ed174ea0411638");
  EXPECT_EQ(http.sent[3].body,
            "Action=DescribeReplicationGroups&Version=2015-02-02&ReplicationGroupId=paved-abc");
  EXPECT_EQ(SignatureOf(http.sent[3]),
            "d1a57baac26fb79d61712991bad0c9971ce16483a4fbbcafd377398cad969928");
}

TEST(ProtocolClientsTest, S3BodiesCarryTheirMd5AndXmlIsEscapedBothWays) {
  RecordingClient http;
  FakeClock clock(kAt);
  RestXmlClient s3(&http, &clock, Options("s3", "http://127.0.0.1:1"));
  XmlElement tagging{.name = "Tagging"};
  XmlElement& tag = tagging.Add("TagSet").Add("Tag");
  tag.Add("Key", "team");
  tag.Add("Value", "<chat & ads>");
  std::string body = WriteXml(tagging, "http://s3.amazonaws.com/doc/2006-03-01/");
  EXPECT_NE(body.find("&lt;chat &amp; ads&gt;"), std::string::npos) << body;
  ASSERT_OK(s3.Call("PUT", "/b?tagging", body));
  EXPECT_EQ(http.sent[0].Header("Content-MD5").size(), 24u);  // base64 of 16 bytes
  EXPECT_EQ(http.sent[0].Header("x-amz-content-sha256"), Sha256Hex(body));
  auto parsed = ParseXml(body);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->Text("TagSet/Tag/Value"), "<chat & ads>");
  EXPECT_CODE(ParseXml("<a><b></a>"), kInvalidArgument);
}

TEST(ProtocolClientsTest, ErrorAnswersOfEachProtocolKeepTheirCode) {
  RecordingClient http;
  FakeClock clock(kAt);
  QueryClient query(&http, &clock, Options("elasticache", "http://127.0.0.1:1"), "2015-02-02");
  http.answers.push_back(
      {.status = 404,
       .body = "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error>"
               "<Type>Sender</Type><Code>ReplicationGroupNotFoundFault</Code><Message>gone"
               "</Message></Error></ErrorResponse>"});
  auto missing = query.Call("DescribeReplicationGroups", {});
  EXPECT_CODE(missing, kFailedPrecondition);
  EXPECT_EQ(AwsErrorCode(missing.status()), "ReplicationGroupNotFoundFault");

  RestXmlClient s3(&http, &clock, Options("s3", "http://127.0.0.1:1"));
  http.answers.push_back(
      {.status = 404, .body = "<Error><Code>NoSuchBucket</Code><Message>no</Message></Error>"});
  EXPECT_EQ(AwsErrorCode(s3.Call("GET", "/b?tagging").status()), "NoSuchBucket");

  JsonClient dynamodb(&http, &clock, Options("dynamodb", "http://127.0.0.1:1"),
                      "DynamoDB_20120810.", "1.0");
  http.answers.push_back(
      {.status = 400,
       .body =
           R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad"})"});
  auto invalid = dynamodb.Call("CreateTable", {{"TableName", "t"}});
  EXPECT_CODE(invalid, kInvalidArgument);
  EXPECT_EQ(http.sent.back().Header("X-Amz-Target"), "DynamoDB_20120810.CreateTable");
  EXPECT_EQ(http.sent.back().Header("Content-Type"), "application/x-amz-json-1.0");

  // A 5xx (moto's HTML page for what it does not implement) is retried, then Unavailable.
  size_t before = http.sent.size();
  for (int i = 0; i < 3; ++i) http.answers.push_back({.status = 500, .body = "<!doctype html>"});
  auto down = query.Call("CreateCacheParameterGroup", {});
  EXPECT_CODE(down, kUnavailable);
  EXPECT_EQ(http.sent.size() - before, 3u);
}

// An operation without output members (TagResource) may answer 200 with nothing (or `""`);
// an answer that is not JSON is still an error.
TEST(ProtocolClientsTest, AnEmptyJsonAnswerIsAnEmptyObject) {
  RecordingClient http;
  FakeClock clock(kAt);
  JsonClient dynamodb(&http, &clock, Options("dynamodb", "http://127.0.0.1:1"),
                      "DynamoDB_20120810.", "1.0");
  http.answers.push_back({.status = 200, .body = ""});
  auto tagged = dynamodb.Call("TagResource", {{"ResourceArn", "arn"}, {"Tags", {}}});
  ASSERT_OK(tagged);
  EXPECT_EQ(*tagged, nlohmann::json::object());
  http.answers.push_back({.status = 200, .body = "\"\""});  // dynalite's
  tagged = dynamodb.Call("TagResource", {{"ResourceArn", "arn"}, {"Tags", {}}});
  ASSERT_OK(tagged);
  EXPECT_EQ(*tagged, nlohmann::json::object());
  http.answers.push_back({.status = 200, .body = "<html>"});
  EXPECT_CODE(dynamodb.Call("TagResource", {{"ResourceArn", "arn"}}), kUnavailable);
}

}  // namespace
}  // namespace paved::aws
