#pragma once

#include <string>
#include <vector>

#include "http/message.h"

namespace paved::http {

// What a request says about its client, believing X-Forwarded-For and X-Forwarded-Proto only
// from the listed peers (exact IP addresses: the reverse proxies in front of the server). A
// header from any other peer is ignored, so a client cannot claim another address or HTTPS.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<std::string> addresses) : addresses_(std::move(addresses)) {}

  bool Trusts(const std::string& address) const;

  // The client's address: the peer's, or, when the peer is trusted, the rightmost entry of
  // X-Forwarded-For that is not itself a trusted proxy.
  std::string ClientAddress(const Request& req) const;

  // Whether the client used HTTPS as far as a trusted peer says: the last X-Forwarded-Proto
  // value is "https" and the peer is trusted.
  bool ForwardedHttps(const Request& req) const;

 private:
  std::vector<std::string> addresses_;
};

}  // namespace paved::http
