#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace paved::aws {

// Long-lived or temporary AWS credentials. Never log them: the secret and the session token are
// secrets; the access key id is not.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // "" for long-lived keys
};

// One HTTP request to sign. `target` is the request target as written on the wire (path and
// optional "?query"); `headers` are every header sent that should be signed (Host included).
struct SigningRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct SigningParams {
  std::string region;
  std::string service;
  std::string amz_date;        // "20150830T123600Z"
  bool normalize_path = true;  // every service but S3: remove "." and ".." segments and "//"
};

// The result of signing: each step kept so that tests can compare them with the AWS test suite.
struct SignedRequest {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // value of the Authorization header
  // Headers to add to the request besides Authorization: X-Amz-Date when the request had none,
  // X-Amz-Security-Token for temporary credentials. Both are signed.
  std::vector<std::pair<std::string, std::string>> added_headers;
};

// AWS Signature Version 4 (header form, HMAC-SHA256).
SignedRequest Sign(const SigningRequest& request, const Credentials& credentials,
                   const SigningParams& params);

// The parts of a SigV4 Authorization header; ok is false when it does not parse.
struct ParsedAuthorization {
  bool ok = false;
  std::string access_key_id;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lowercase, in order
  std::string signature;
};
ParsedAuthorization ParseAuthorization(absl::string_view header);

// Building blocks, exposed for tests and for servers that verify signatures.
std::string Sha256Hex(absl::string_view data);
std::string HmacSha256(absl::string_view key, absl::string_view data);  // raw bytes
std::string HexEncode(absl::string_view bytes);
// RFC 3986 percent-encoding as AWS specifies it: A-Z a-z 0-9 - _ . ~ are kept, everything else
// (bytes of UTF-8 included) becomes %XY with upper-case hex; '/' is kept when `keep_slash`.
std::string UriEncode(absl::string_view in, bool keep_slash);
// "20150830T123600Z" for a time in Unix milliseconds.
std::string AmzDate(int64_t unix_ms);

}  // namespace paved::aws
