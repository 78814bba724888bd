#include "providers/aws/s3_objects.h"

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "providers/aws/rest_xml_client.h"
#include "providers/aws/sigv4.h"
#include "providers/aws/xml.h"

namespace paved::aws {
namespace {

std::string Unquoted(std::string etag) {
  absl::string_view v = etag;
  absl::ConsumePrefix(&v, "\"");
  absl::ConsumeSuffix(&v, "\"");
  return std::string(v);
}

}  // namespace

S3Objects::S3Objects(http::Client* http, const Clock* clock, ServiceOptions options)
    : http_(http, clock, std::move(options), ReadRestXmlError) {}

absl::StatusOr<http::ClientResponse> S3Objects::Get(const std::string& path,
                                                    http::ClientHeaders headers,
                                                    const std::string& context) {
  headers.emplace_back("x-amz-content-sha256", Sha256Hex(""));
  return http_.Send(
      {.method = "GET", .path = path, .headers = std::move(headers), .context = context});
}

absl::StatusOr<std::vector<S3Object>> S3Objects::List(const std::string& bucket,
                                                      const std::string& prefix) {
  std::vector<S3Object> out;
  std::string token;
  for (int page = 0; page < 100'000; ++page) {
    std::string path = absl::StrCat("/", UriEncode(bucket, false),
                                    "?list-type=2&prefix=", UriEncode(prefix, false));
    if (!token.empty()) absl::StrAppend(&path, "&continuation-token=", UriEncode(token, false));
    auto res = Get(path, {}, absl::StrCat("ListObjectsV2 ", bucket));
    if (!res.ok()) return res.status();
    auto doc = ParseXml(res->body);
    if (!doc.ok()) {
      return absl::UnavailableError(absl::StrCat("S3 ListObjectsV2 ", bucket, ": not XML"));
    }
    for (const XmlElement* c : doc->Children("Contents")) {
      S3Object o{.key = c->Text("Key"), .etag = Unquoted(c->Text("ETag"))};
      if (!absl::SimpleAtoi(c->Text("Size"), &o.size)) o.size = -1;
      absl::Time modified;
      std::string error;
      if (absl::ParseTime(absl::RFC3339_full, c->Text("LastModified"), &modified, &error)) {
        o.modified_s = absl::ToUnixSeconds(modified);
      }
      out.push_back(std::move(o));
    }
    token = doc->Text("NextContinuationToken");
    if (doc->Text("IsTruncated") != "true" || token.empty()) return out;
  }
  return absl::ResourceExhaustedError(absl::StrCat("S3 bucket ", bucket, ": too many pages"));
}

absl::Status S3Objects::Download(const std::string& bucket, const S3Object& object,
                                 const std::string& path, int64_t part_bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  const std::string target =
      absl::StrCat("/", UriEncode(bucket, false), "/", UriEncode(object.key, true));
  int64_t offset = 0;
  if (object.size == 0) return absl::OkStatus();  // a range of an empty object is refused
  do {
    int64_t last = offset + part_bytes - 1;
    auto res = Get(target, {{"Range", absl::StrCat("bytes=", offset, "-", last)}},
                   absl::StrCat("GetObject ", bucket, "/", object.key));
    if (!res.ok()) return res.status();
    if (!object.etag.empty() && Unquoted(res->Header("ETag")) != object.etag) {
      return absl::FailedPreconditionError(
          absl::StrCat("S3 object ", bucket, "/", object.key, " changed while it was read"));
    }
    if (res->status == 200) {  // a server without ranges sent the whole object
      out.write(res->body.data(), static_cast<std::streamsize>(res->body.size()));
      offset = static_cast<int64_t>(res->body.size());
      break;
    }
    out.write(res->body.data(), static_cast<std::streamsize>(res->body.size()));
    offset += static_cast<int64_t>(res->body.size());
    if (res->body.empty()) break;
  } while (offset < object.size);
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  if (object.size >= 0 && offset != object.size) {
    return absl::UnavailableError(absl::StrCat("S3 object ", bucket, "/", object.key, ": read ",
                                               offset, " of ", object.size, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace paved::aws
