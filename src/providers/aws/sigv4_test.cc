#include "providers/aws/sigv4.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace paved::aws {
namespace {

// Vectors from the AWS SigV4 test suite (aws-sig-v4-test-suite, 2015-08-30 edition), as
// published in github.com/vkill/swift-aws-sigv4-official-test-suite
// (Tests/AwsSigv4OfficialTestSuiteTests/AwsSigv4OfficialTestSuiteContent.swift). For
// post-x-www-form-urlencoded the suite's body is "Param1=value1" (its payload hash below).
constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kScope[] = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
constexpr char kToken[] =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSP"
    "fIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7"
    "WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8"
    "FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
constexpr char kUnreserved[] = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Vector {
  std::string name;
  std::string method;
  std::string target;
  HeaderList extra_headers;  // besides Host and X-Amz-Date
  std::string body;
  // Expected canonical request, by part.
  std::string uri;
  std::string query;
  std::vector<std::string> header_lines;  // besides host and x-amz-date, sorted into place below
  std::string signed_headers;
  std::string payload_hash;
  std::string sts_hash;  // last line of the string to sign
  std::string signature;
  bool session_token = false;
};

std::string ExpectedCreq(const Vector& v) {
  std::vector<std::string> lines = v.header_lines;
  lines.push_back("host:example.amazonaws.com");
  lines.push_back("x-amz-date:20150830T123600Z");
  if (v.session_token) lines.push_back(std::string("x-amz-security-token:") + kToken);
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin({v.method, v.uri, v.query, absl::StrJoin(lines, "\n") + "\n",
                        v.signed_headers, v.payload_hash},
                       "\n");
}

const std::vector<Vector>& Vectors() {
  static const auto* vectors = new std::vector<Vector>{
      {"get-vanilla",
       "GET",
       "/",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case",
       "GET",
       "/?Param2=value2&Param1=value1",
       {},
       "",
       "/",
       "Param1=value1&Param2=value2",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value",
       "GET",
       "/?Param1=value2&Param1=value1",
       {},
       "",
       "/",
       "Param1=value1&Param1=value2",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-query-order-key",
       "GET",
       "/?Param1=value2&Param1=Value1",
       {},
       "",
       "/",
       "Param1=Value1&Param1=value2",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
       "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
      {"get-vanilla-query-unreserved",
       "GET",
       std::string("/?") + kUnreserved + "=" + kUnreserved,
       {},
       "",
       "/",
       std::string(kUnreserved) + "=" + kUnreserved,
       {},
       "host;x-amz-date",
       kEmptyHash,
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
       "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query",
       "GET",
       "/?\xE1\x88\xB4=bar",
       {},
       "",
       "/",
       "%E1%88%B4=bar",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-header-value-trim",
       "GET",
       "/",
       {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}},
       "",
       "/",
       "",
       {"my-header1:value1", "my-header2:\"a b c\""},
       "host;my-header1;my-header2;x-amz-date",
       kEmptyHash,
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"get-header-value-order",
       "GET",
       "/",
       {{"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"}},
       "",
       "/",
       "",
       {"my-header1:value4,value1,value3,value2"},
       "host;my-header1;x-amz-date",
       kEmptyHash,
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-key-duplicate",
       "GET",
       "/",
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
       "",
       "/",
       "",
       {"my-header1:value2,value2,value1"},
       "host;my-header1;x-amz-date",
       kEmptyHash,
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"post-header-key-sort",
       "POST",
       "/",
       {{"My-Header1", "value1"}},
       "",
       "/",
       "",
       {"my-header1:value1"},
       "host;my-header1;x-amz-date",
       kEmptyHash,
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post-header-value-case",
       "POST",
       "/",
       {{"My-Header1", "VALUE1"}},
       "",
       "/",
       "",
       {"my-header1:VALUE1"},
       "host;my-header1;x-amz-date",
       kEmptyHash,
       "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
       "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
      {"post-vanilla",
       "POST",
       "/",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query",
       "POST",
       "/?Param1=value1",
       {},
       "",
       "/",
       "Param1=value1",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       {{"Content-Type", "application/x-www-form-urlencoded"}},
       "Param1=value1",
       "/",
       "",
       {"content-type:application/x-www-form-urlencoded"},
       "content-type;host;x-amz-date",
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post-x-www-form-urlencoded-parameters",
       "POST",
       "/",
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}},
       "Param1=value1",
       "/",
       "",
       {"content-type:application/x-www-form-urlencoded; charset=utf8"},
       "content-type;host;x-amz-date",
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
       "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
      {"get-utf8",
       "GET",
       "/\xE1\x88\xB4",
       {},
       "",
       "/%E1%88%B4",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-space",
       "GET",
       "/example space/",
       {},
       "",
       "/example%20space/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-unreserved",
       "GET",
       std::string("/") + kUnreserved,
       {},
       "",
       std::string("/") + kUnreserved,
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-slash",
       "GET",
       "//",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slashes",
       "GET",
       "//example//",
       {},
       "",
       "/example/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
      {"get-slash-dot-slash",
       "GET",
       "/./",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash-pointless-dot",
       "GET",
       "/./example",
       {},
       "",
       "/example",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
       "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"},
      {"get-relative",
       "GET",
       "/example/..",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-relative-relative",
       "GET",
       "/example1/example2/../..",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date",
       kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      // post-sts-header-before: the token comes from the credentials and is signed.
      {"post-sts-header-before",
       "POST",
       "/",
       {},
       "",
       "/",
       "",
       {},
       "host;x-amz-date;x-amz-security-token",
       kEmptyHash,
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
       true},
  };
  return *vectors;
}

class SigV4SuiteTest : public ::testing::TestWithParam<Vector> {};

TEST_P(SigV4SuiteTest, MatchesEveryStep) {
  const Vector& v = GetParam();
  SigningRequest req{.method = v.method, .target = v.target, .headers = {}, .body = v.body};
  req.headers = {{"Host", "example.amazonaws.com"}};
  req.headers.insert(req.headers.end(), v.extra_headers.begin(), v.extra_headers.end());
  req.headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  Credentials creds{.access_key_id = "AKIDEXAMPLE",
                    .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    .session_token = v.session_token ? kToken : ""};
  SignedRequest s = Sign(
      req, creds, {.region = "us-east-1", .service = "service", .amz_date = "20150830T123600Z"});

  EXPECT_EQ(s.canonical_request, ExpectedCreq(v));
  EXPECT_EQ(s.string_to_sign, std::string("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                                          "20150830/us-east-1/service/aws4_request\n") +
                                  v.sts_hash);
  EXPECT_EQ(s.signature, v.signature);
  EXPECT_EQ(s.authorization, std::string("AWS4-HMAC-SHA256 Credential=") + kScope +
                                 ", SignedHeaders=" + v.signed_headers +
                                 ", Signature=" + v.signature);
  if (v.session_token) {
    ASSERT_EQ(s.added_headers.size(), 1u);
    EXPECT_EQ(s.added_headers[0].first, "X-Amz-Security-Token");
    EXPECT_EQ(s.added_headers[0].second, kToken);
  } else {
    EXPECT_TRUE(s.added_headers.empty());  // the request already had X-Amz-Date
  }
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4SuiteTest, ::testing::ValuesIn(Vectors()),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4Test, AddsTheDateHeaderWhenMissingAndSignsIt) {
  SigningRequest req;
  req.method = "GET";
  req.target = "/";
  req.headers = {{"Host", "example.amazonaws.com"}};
  Credentials creds;
  creds.access_key_id = "AKIDEXAMPLE";
  creds.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  SignedRequest s = Sign(
      req, creds, {.region = "us-east-1", .service = "service", .amz_date = "20150830T123600Z"});
  ASSERT_EQ(s.added_headers.size(), 1u);
  EXPECT_EQ(s.added_headers[0].first, "X-Amz-Date");
  EXPECT_EQ(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, ParsesItsOwnAuthorizationHeader) {
  auto p = ParseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=5fa0");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(p.region, "us-east-1");
  EXPECT_EQ(p.service, "service");
  EXPECT_EQ(p.signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(p.signature, "5fa0");
  EXPECT_FALSE(ParseAuthorization("Bearer abc").ok);
  EXPECT_FALSE(ParseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/x, Signature=1").ok);
}

TEST(SigV4Test, AmzDateIsUtc) { EXPECT_EQ(AmzDate(1440938160000), "20150830T123600Z"); }

}  // namespace
}  // namespace paved::aws
