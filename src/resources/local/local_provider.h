#pragma once

#include <memory>
#include <string>
#include <vector>

#include "deploy/runtime/local/sandbox.h"
#include "http/client.h"
#include "resources/provider.h"

namespace paved::resources::local {

struct LocalOptions {
  // Where each resource gets a directory of its own (<root>/<resource id>); inside Paved's data
  // directory, which the sandbox hides from every other process.
  std::string root;
  std::string redis_server = "/usr/bin/redis-server";
  // A DynamoDB table runs in dynalite (from npm, tools/dynalite): `node` runs `dynalite`, the
  // path of its cli.js; "" when it is not installed (creating a table then fails and says so).
  std::string node = "/usr/bin/node";
  std::string dynalite;
  // How redis-server processes are kept from Paved and each other: the local runtime's
  // sandbox, each resource as its own unprivileged user (uid_base + 100000 + a number derived
  // from the resource id).
  deploy::runtime::local::Sandbox sandbox;
  // Paved's public address ("https://paved.example.com"): a static site is served at
  // <public_url>/sites/<resource id>/, its output `url`. Empty: no url.
  std::string public_url;
};

// The embedded provider, so `make run` users can create a Redis and connect to it:
// - redis: a real `redis-server` on a free 127.0.0.1 port with the effective settings
//   (maxmemory by size, eviction policy, a password Paved generates), in its own session so it
//   outlives a Paved restart; steps `config` (directory, redis.conf) and `process`.
// - static-site: a directory Paved serves at /sites/<id>/ (resources/site_routes.h), filled
//   through its upload API; step `site`, with output `url`.
// - dynamodb: a dynalite server of its own on a free 127.0.0.1 port, data in the resource's
//   directory; steps `config`, `process`, `table`. Apps reach it with any AWS keys at
//   `endpoint`. dynalite has no UpdateTimeToLive: the TTL attribute is recorded, not enforced.
class LocalProvider : public Provider {
 public:
  explicit LocalProvider(LocalOptions options);
  ~LocalProvider() override;
  std::string Name() const override { return "local"; }
  bool Supports(Kind kind) const override;
  std::vector<std::unique_ptr<Step>> Steps(const Resource& r) override;
  absl::StatusOr<nlohmann::json> LiveStatus(const Resource& r) override;
  // A Redis's maxmemory (by size) and eviction policy: redis.conf rewritten for the next start,
  // and CONFIG SET on the running server. A static site's documents: nothing to change.
  absl::StatusOr<StepOutcome> Update(const Resource& r) override;

  // The password of a local Redis (for the connection secret); NotFound before `config` ran.
  absl::StatusOr<std::string> RedisPassword(const Resource& r) const;
  // Starts again a ready Redis or table whose process is gone (after a reboot, or killed); keeps
  // one that still runs. Returns whether it had to start it.
  absl::StatusOr<bool> Revive(const Resource& r);

  // The directory of a local static site's files: <root>/<resource id>/site.
  std::string SiteDir(const Resource& r) const;

 private:
  LocalOptions options_;
  std::unique_ptr<http::Client> http_;  // to each table's dynalite
};

// Sends AUTH and PING to 127.0.0.1:`port`; OK when Redis answers PONG.
absl::Status PingRedis(int port, const std::string& password, int timeout_ms = 500);

// Sends AUTH, then each command (inline form), to 127.0.0.1:`port`; returns the replies, one
// line each ("+OK", "-ERR ..."), the AUTH reply first. Only for commands with one-line replies.
// Unavailable when Redis cannot be reached or does not answer them all in time.
absl::StatusOr<std::vector<std::string>> RedisCall(int port, const std::string& password,
                                                   const std::vector<std::string>& commands,
                                                   int timeout_ms = 500);

}  // namespace paved::resources::local
