#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved {

// The `cost:` block: how bills name a line's owner. Each key as the cloud writes it
// ("user:team"); a bill line's first key present wins. Nested blocks of the cost part
// (`cost.kubernetes`, `cost.budgets`) have structs and parse functions of their own.
struct CostConfig {
  std::vector<std::string> team_tag_keys = {"user:team", "team"};
  std::vector<std::string> project_tag_keys = {"user:project", "project"};
};

// Everything `paved serve` needs to start. Each setting comes from, in order of precedence:
// a command-line flag, an environment variable PAVED_<KEY>, the YAML config file, the default.
struct ServerConfig {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string data_dir = ".paved";
  std::string store_url;  // default: sqlite://<data_dir>/paved.db
  std::string web_dir;    // built web UI; default: the build's configured path
  // Connections are spread over these threads: more of them, less waiting behind a slow handler.
  int http_threads = 8;
  int64_t max_body_bytes = 1 << 20;
  int worker_threads = 2;
  int64_t job_lease_ms = 30'000;  // a job whose worker stops renewing is retried after this
  bool demo_data = true;          // seed demo teams/projects into an empty database
  bool demo_deploy = false;       // with demo_data: also deploy the demo app on the local runtime
  bool access_log = true;         // one JSON line per request on stderr
  std::string admin_password;     // first start only; random when empty
  int login_max_failures = 5;     // failures before a login is locked
  int64_t login_lock_ms = 5 * 60 * 1000;
  int64_t session_ttl_ms = 12 * 3600 * 1000;
  // The address users reach Paved at, e.g. "https://paved.example.com" (no trailing slash);
  // "" = unknown. When it is https the session cookie is always marked Secure.
  std::string public_url;
  // Peers (exact IP addresses) whose X-Forwarded-For and X-Forwarded-Proto headers are believed:
  // the reverse proxies in front of Paved. Empty: nobody's.
  std::vector<std::string> trusted_proxies;
  // Clusters' token files and kubeconfigs must lie inside this directory; "" = none allowed
  // (environment variables PAVED_CLUSTER_* only).
  std::string cluster_credentials_dir = "/etc/paved/clusters";
  CostConfig cost;          // the `cost:` block
  nlohmann::json file;      // the whole config file as JSON, for domains' own sections
  std::string config_path;  // the file `file` was read from; "" when none
};

struct ConfigSources {
  std::map<std::string, std::string> flags;  // key -> value, keys as in the YAML file
  std::map<std::string, std::string> env;    // usually the process environment
  std::optional<std::string> config_path;    // YAML file
};

// Keys: listen, data_dir, store, web_dir, http_threads, max_body_bytes, worker_threads,
// job_lease_seconds, demo_data, demo_deploy, access_log, admin_password, login_max_failures,
// login_lock_seconds, session_ttl_seconds, public_url (http:// or https:// URL),
// trusted_proxies (a YAML list, or comma-separated in a flag or variable, of IP addresses),
// cluster_credentials_dir.
// From the file only: the `cost:` block (ParseCostConfig).
// On failure (unreadable file, bad YAML, a value of the
// wrong type) returns InvalidArgument naming the key and where it came from.
absl::StatusOr<ServerConfig> LoadServerConfig(const ConfigSources& sources);

// The `cost:` block of a config file (`file` is the whole file; a missing block gives the
// defaults): `tag_keys: {team: [...], project: [...]}`, each a tag key or a list of them.
// InvalidArgument naming the key ("cost.tag_keys.team: ...") for anything else.
absl::StatusOr<CostConfig> ParseCostConfig(const nlohmann::json& file);

// The PAVED_* variables of this process's environment, keyed "PAVED_LISTEN" etc.
std::map<std::string, std::string> ProcessEnvironment();

// "host:port" → (host, port). Port 0 is allowed (pick a free one).
absl::StatusOr<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

// YAML → JSON (scalars stay strings unless they parse as bool/number). Throws nothing.
absl::StatusOr<nlohmann::json> YamlToJson(const std::string& yaml_text);

// The strings of a configuration value that must be a list of strings; nullopt when it is not.
std::optional<std::vector<std::string>> StringListOf(const nlohmann::json& v);

}  // namespace paved
