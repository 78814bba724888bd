#include "providers/aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace paved::aws {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding that keeps '+' (AWS query strings use %20 for spaces).
std::string Decode(absl::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// Removes "." and ".." segments and empty segments ("//"); keeps a trailing slash.
std::string NormalizePath(absl::string_view path) {
  std::vector<absl::string_view> kept;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string out = "/" + absl::StrJoin(kept, "/");
  if (!kept.empty() && absl::EndsWith(path, "/")) out += "/";
  return out;
}

std::string CanonicalUri(absl::string_view path, bool normalize) {
  if (path.empty()) return "/";
  if (normalize) return UriEncode(NormalizePath(path), true);
  return UriEncode(Decode(path), true);  // S3: the path is encoded once
}

std::string CanonicalQuery(absl::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (absl::string_view piece : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    size_t eq = piece.find('=');
    absl::string_view key = piece.substr(0, eq);
    absl::string_view value = eq == absl::string_view::npos ? "" : piece.substr(eq + 1);
    pairs.emplace_back(UriEncode(Decode(key), false), UriEncode(Decode(value), false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> parts;
  for (const auto& [key, value] : pairs) parts.push_back(key + "=" + value);
  return absl::StrJoin(parts, "&");
}

// Trims and collapses runs of spaces and tabs to one space.
std::string CanonicalValue(absl::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : absl::StripAsciiWhitespace(value)) {
    bool space = c == ' ' || c == '\t';
    if (space && in_space) continue;
    out += space ? ' ' : c;
    in_space = space;
  }
  return out;
}

bool HasHeader(const std::vector<std::pair<std::string, std::string>>& headers,
               absl::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return absl::EqualsIgnoreCase(h.first, name); });
}

std::string SigningKey(const std::string& secret, const SigningParams& params) {
  std::string key = HmacSha256("AWS4" + secret, params.amz_date.substr(0, 8));
  key = HmacSha256(key, params.region);
  key = HmacSha256(key, params.service);
  return HmacSha256(key, "aws4_request");
}

}  // namespace

std::string HexEncode(absl::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string UriEncode(absl::string_view in, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string AmzDate(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

SignedRequest Sign(const SigningRequest& request, const Credentials& credentials,
                   const SigningParams& params) {
  SignedRequest out;
  auto headers = request.headers;
  if (!HasHeader(headers, "x-amz-date")) {
    out.added_headers.emplace_back("X-Amz-Date", params.amz_date);
  }
  if (!credentials.session_token.empty() && !HasHeader(headers, "x-amz-security-token")) {
    out.added_headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  headers.insert(headers.end(), out.added_headers.begin(), out.added_headers.end());

  std::map<std::string, std::string> canonical;  // lowercase name -> values joined by ','
  for (const auto& [name, value] : headers) {
    std::string& joined = canonical[absl::AsciiStrToLower(name)];
    if (!joined.empty()) joined += ',';
    joined += CanonicalValue(value);
  }
  std::string canonical_headers, signed_headers;
  for (const auto& [name, value] : canonical) {
    canonical_headers += name + ":" + value + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }

  size_t question = request.target.find('?');
  absl::string_view target = request.target;
  absl::string_view path = target.substr(0, question);
  absl::string_view query = question == std::string::npos ? "" : target.substr(question + 1);
  out.canonical_request = absl::StrJoin(
      {request.method, CanonicalUri(path, params.normalize_path), CanonicalQuery(query),
       canonical_headers, signed_headers, Sha256Hex(request.body)},
      "\n");

  std::string scope =
      params.amz_date.substr(0, 8) + "/" + params.region + "/" + params.service + "/aws4_request";
  out.string_to_sign = absl::StrJoin(
      {std::string(kAlgorithm), params.amz_date, scope, Sha256Hex(out.canonical_request)}, "\n");
  out.signature =
      HexEncode(HmacSha256(SigningKey(credentials.secret_access_key, params), out.string_to_sign));
  out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                      scope + ", SignedHeaders=" + signed_headers + ", Signature=" + out.signature;
  return out;
}

ParsedAuthorization ParseAuthorization(absl::string_view header) {
  ParsedAuthorization out;
  if (!absl::ConsumePrefix(&header, kAlgorithm) || !absl::ConsumePrefix(&header, " ")) return out;
  std::map<std::string, std::string> fields;
  for (absl::string_view part : absl::StrSplit(header, ',')) {
    part = absl::StripAsciiWhitespace(part);
    size_t eq = part.find('=');
    if (eq == absl::string_view::npos) return out;
    fields[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
  }
  std::vector<std::string> scope = absl::StrSplit(fields["Credential"], '/');
  if (scope.size() != 5 || scope[4] != "aws4_request") return out;
  out.access_key_id = scope[0];
  out.date = scope[1];
  out.region = scope[2];
  out.service = scope[3];
  out.signed_headers = absl::StrSplit(fields["SignedHeaders"], ';', absl::SkipEmpty());
  out.signature = fields["Signature"];
  out.ok = !out.signed_headers.empty() && !out.signature.empty();
  return out;
}

}  // namespace paved::aws
