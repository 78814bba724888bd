#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "providers/aws/signed_http.h"
#include "providers/aws/xml.h"

namespace paved::aws {

// A 2xx answer of a REST-XML service: its headers (ETag, Location, ...) and its XML body
// (an element with an empty name when the body was empty).
struct RestXmlAnswer {
  int status = 0;
  http::ClientResponse raw;
  XmlElement body;
  std::string Header(const std::string& name) const { return raw.Header(name); }
};

// The AWS REST-XML protocol (S3, CloudFront, Route 53): a method on a path, XML bodies both
// ways, errors as `<Error><Code>` (S3) or `<ErrorResponse><Error><Code>`. S3 requests carry
// x-amz-content-sha256 and, with a body, Content-MD5 (which PutBucketTagging requires), and are
// signed without path normalisation. Errors and retries as SignedHttp says.
// The code and message of a REST-XML error answer (`<Error><Code>`, or nested in
// `<ErrorResponse>`); "NotFound" for a 404 without XML.
std::pair<std::string, std::string> ReadRestXmlError(const http::ClientResponse& res);

class RestXmlClient {
 public:
  RestXmlClient(http::Client* http, const Clock* clock, ServiceOptions options);

  // `path` includes the query ("/2020-05-31/distribution?WithTags"); `headers` are extra
  // (If-Match, ...). An answer body that is not XML is Unavailable.
  absl::StatusOr<RestXmlAnswer> Call(const std::string& method, const std::string& path,
                                     const std::string& body = "",
                                     http::ClientHeaders headers = {});

 private:
  SignedHttp http_;
};

}  // namespace paved::aws
