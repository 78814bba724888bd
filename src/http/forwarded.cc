#include "http/forwarded.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace paved::http {
namespace {

// The comma-separated entries of a header, trimmed, in order.
std::vector<std::string> Entries(const std::string& header) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(header, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

}  // namespace

bool TrustedProxies::Trusts(const std::string& address) const {
  return std::find(addresses_.begin(), addresses_.end(), address) != addresses_.end();
}

std::string TrustedProxies::ClientAddress(const Request& req) const {
  if (!Trusts(req.remote_addr)) return req.remote_addr;
  std::vector<std::string> hops = Entries(req.Header("X-Forwarded-For"));
  std::string client = req.remote_addr;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    client = *it;
    if (!Trusts(*it)) break;
  }
  return client;
}

bool TrustedProxies::ForwardedHttps(const Request& req) const {
  if (!Trusts(req.remote_addr)) return false;
  std::vector<std::string> protos = Entries(req.Header("X-Forwarded-Proto"));
  return !protos.empty() && absl::AsciiStrToLower(protos.back()) == "https";
}

}  // namespace paved::http
