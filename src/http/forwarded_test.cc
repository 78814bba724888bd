#include "http/forwarded.h"

#include <gtest/gtest.h>

namespace paved::http {
namespace {

Request From(const std::string& peer, const Headers& headers = {}) {
  Request req;
  req.remote_addr = peer;
  req.headers = headers;
  return req;
}

TEST(TrustedProxiesTest, HeadersFromUntrustedPeersAreIgnored) {
  TrustedProxies proxies({"10.0.0.7"});
  Request req =
      From("203.0.113.9", {{"X-Forwarded-For", "198.51.100.1"}, {"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(proxies.ClientAddress(req), "203.0.113.9");
  EXPECT_FALSE(proxies.ForwardedHttps(req));
  EXPECT_FALSE(TrustedProxies().ForwardedHttps(From("10.0.0.7", {{"X-Forwarded-Proto", "https"}})));
}

TEST(TrustedProxiesTest, TrustedPeerNamesTheClientAndScheme) {
  TrustedProxies proxies({"10.0.0.7", "10.0.0.8"});
  // The client may send its own X-Forwarded-For: only what our proxies appended counts.
  Request req = From("10.0.0.7", {{"X-Forwarded-For", "1.2.3.4, 198.51.100.1, 10.0.0.8"},
                                  {"X-Forwarded-Proto", "HTTPS"}});
  EXPECT_EQ(proxies.ClientAddress(req), "198.51.100.1");
  EXPECT_TRUE(proxies.ForwardedHttps(req));
  EXPECT_EQ(proxies.ClientAddress(From("10.0.0.7")), "10.0.0.7");
  EXPECT_FALSE(proxies.ForwardedHttps(From("10.0.0.7", {{"X-Forwarded-Proto", "http"}})));
}

}  // namespace
}  // namespace paved::http
