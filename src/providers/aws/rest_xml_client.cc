#include "providers/aws/rest_xml_client.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "providers/aws/sigv4.h"

namespace paved::aws {
namespace {

std::string Base64Md5(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest, size);
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

std::pair<std::string, std::string> ReadRestXmlError(const http::ClientResponse& res) {
  absl::StatusOr<XmlElement> doc = ParseXml(res.body);
  if (!doc.ok()) return {res.status == 404 ? "NotFound" : "", ""};
  const XmlElement* error = doc->name == "Error" ? &*doc : doc->Find("Error");
  if (!error) return {"", ""};
  return {error->Text("Code"), error->Text("Message")};
}

RestXmlClient::RestXmlClient(http::Client* http, const Clock* clock, ServiceOptions options)
    : http_(http, clock, std::move(options), ReadRestXmlError) {}

absl::StatusOr<RestXmlAnswer> RestXmlClient::Call(const std::string& method,
                                                  const std::string& path, const std::string& body,
                                                  http::ClientHeaders headers) {
  if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
  if (http_.options().service == "s3") {
    headers.emplace_back("x-amz-content-sha256", Sha256Hex(body));
    if (!body.empty()) headers.emplace_back("Content-MD5", Base64Md5(body));
  }
  AwsRequest req{.method = method,
                 .path = path,
                 .headers = std::move(headers),
                 .body = body,
                 .context = absl::StrCat(method, " ", http_.options().service, " ", path)};
  auto res = http_.Send(req);
  if (!res.ok()) return res.status();
  RestXmlAnswer answer{.status = res->status, .raw = *res};
  if (res->body.empty()) return answer;
  absl::StatusOr<XmlElement> doc = ParseXml(res->body);
  if (!doc.ok()) {
    return absl::UnavailableError(absl::StrCat("AWS ", req.context, ": answer is not XML"));
  }
  answer.body = std::move(*doc);
  return answer;
}

}  // namespace paved::aws
