#include "core/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"
#include "core/yaml.h"

extern char** environ;

namespace paved {
namespace {

// One setting looked up through the precedence chain; `origin` says where it came from.
struct Lookup {
  std::optional<std::string> text;
  std::string origin;
};

Lookup Find(const ConfigSources& src, const nlohmann::json& file, const std::string& key) {
  if (auto it = src.flags.find(key); it != src.flags.end()) return {it->second, "--" + key};
  std::string env_key = "PAVED_";
  for (char c : key) env_key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto it = src.env.find(env_key); it != src.env.end()) return {it->second, env_key};
  if (file.is_object() && file.contains(key) && !file[key].is_null()) {
    const auto& v = file[key];
    return {v.is_string() ? v.get<std::string>() : v.dump(), "config file key " + key};
  }
  return {std::nullopt, ""};
}

absl::Status SetInt(const Lookup& l, int64_t& out) {
  if (!l.text) return absl::OkStatus();
  if (!absl::SimpleAtoi(*l.text, &out) || out < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(l.origin, ": expected a non-negative integer, got '", *l.text, "'"));
  }
  return absl::OkStatus();
}

absl::Status SetBool(const Lookup& l, bool& out) {
  if (!l.text) return absl::OkStatus();
  if (*l.text == "true" || *l.text == "1") {
    out = true;
  } else if (*l.text == "false" || *l.text == "0") {
    out = false;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(l.origin, ": expected true or false, got '", *l.text, "'"));
  }
  return absl::OkStatus();
}

absl::Status SetPublicUrl(const Lookup& l, std::string& out) {
  if (!l.text) return absl::OkStatus();
  std::string url = *l.text;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(l.origin, ": expected an http:// or https:// URL, got '", *l.text, "'"));
  }
  out = url;
  return absl::OkStatus();
}

bool IsIpAddress(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// A YAML list arrives as its JSON text; a flag or variable as "a, b".
absl::Status SetAddressList(const Lookup& l, std::vector<std::string>& out) {
  if (!l.text) return absl::OkStatus();
  std::vector<std::string> items;
  if (!l.text->empty() && l.text->front() == '[') {
    auto list = nlohmann::json::parse(*l.text, nullptr, false);
    for (const auto& item : list.is_array() ? list : nlohmann::json::array({nullptr})) {
      items.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    }
  } else {
    for (absl::string_view part : absl::StrSplit(*l.text, ',', absl::SkipWhitespace())) {
      items.emplace_back(absl::StripAsciiWhitespace(part));
    }
  }
  for (const std::string& item : items) {
    if (!IsIpAddress(item)) {
      return absl::InvalidArgumentError(
          absl::StrCat(l.origin, ": expected IP addresses, got '", item, "'"));
    }
  }
  out = std::move(items);
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> ReadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read config file ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  auto json = YamlToJson(buf.str());
  if (!json.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("config file ", path, ": ", json.status().message()));
  }
  if (!json->is_object() && !json->is_null()) {
    return absl::InvalidArgumentError(absl::StrCat("config file ", path, ": expected a mapping"));
  }
  return json->is_null() ? nlohmann::json::object() : *json;
}

}  // namespace

absl::StatusOr<nlohmann::json> YamlToJson(const std::string& yaml_text) {
  YamlError error;
  absl::StatusOr<YAML::Node> node = LoadYaml(yaml_text, &error);
  if (!node.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid YAML at line ", std::max(error.line, 1), ": ", error.message));
  }
  try {
    return YamlNodeToJson(*node);
  } catch (const YAML::Exception& e) {  // a key that is not a scalar
    return absl::InvalidArgumentError(
        absl::StrCat("invalid YAML at line ", e.mark.line + 1, ": keys must be strings"));
  }
}

absl::StatusOr<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  int64_t port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen: expected HOST:PORT (e.g. 127.0.0.1:8080), got '", listen, "'"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.rfind("PAVED_", 0) == 0) {
      out[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  return out;
}

absl::StatusOr<ServerConfig> LoadServerConfig(const ConfigSources& sources) {
  ServerConfig cfg;
  std::optional<std::string> path = sources.config_path;
  if (!path) {
    if (auto it = sources.env.find("PAVED_CONFIG"); it != sources.env.end()) path = it->second;
  }
  if (path) {
    ASSIGN_OR_RETURN(cfg.file, ReadConfigFile(*path));
    cfg.config_path = *path;
  }
  auto find = [&](const std::string& key) { return Find(sources, cfg.file, key); };

  if (auto l = find("listen"); l.text) {
    auto hp = ParseListen(*l.text);
    if (!hp.ok())
      return absl::InvalidArgumentError(absl::StrCat(l.origin, ": ", hp.status().message()));
    std::tie(cfg.listen_host, cfg.listen_port) = *hp;
  }
  if (auto l = find("data_dir"); l.text) cfg.data_dir = *l.text;
  if (auto l = find("store"); l.text) cfg.store_url = *l.text;
  if (auto l = find("web_dir"); l.text) cfg.web_dir = *l.text;
  if (auto l = find("admin_password"); l.text) cfg.admin_password = *l.text;
  if (auto l = find("cluster_credentials_dir"); l.text) cfg.cluster_credentials_dir = *l.text;
  int64_t n = cfg.http_threads;
  RETURN_IF_ERROR(SetInt(find("http_threads"), n));
  cfg.http_threads = static_cast<int>(std::max<int64_t>(1, n));
  n = cfg.worker_threads;
  RETURN_IF_ERROR(SetInt(find("worker_threads"), n));
  cfg.worker_threads = static_cast<int>(n);
  int64_t lease = cfg.job_lease_ms / 1000;
  RETURN_IF_ERROR(SetInt(find("job_lease_seconds"), lease));
  cfg.job_lease_ms = std::max<int64_t>(1, lease) * 1000;
  RETURN_IF_ERROR(SetInt(find("max_body_bytes"), cfg.max_body_bytes));
  n = cfg.login_max_failures;
  RETURN_IF_ERROR(SetInt(find("login_max_failures"), n));
  cfg.login_max_failures = static_cast<int>(std::max<int64_t>(1, n));
  int64_t secs = cfg.login_lock_ms / 1000;
  RETURN_IF_ERROR(SetInt(find("login_lock_seconds"), secs));
  cfg.login_lock_ms = secs * 1000;
  secs = cfg.session_ttl_ms / 1000;
  RETURN_IF_ERROR(SetInt(find("session_ttl_seconds"), secs));
  cfg.session_ttl_ms = secs * 1000;
  RETURN_IF_ERROR(SetPublicUrl(find("public_url"), cfg.public_url));
  RETURN_IF_ERROR(SetAddressList(find("trusted_proxies"), cfg.trusted_proxies));
  RETURN_IF_ERROR(SetBool(find("demo_data"), cfg.demo_data));
  RETURN_IF_ERROR(SetBool(find("demo_deploy"), cfg.demo_deploy));
  RETURN_IF_ERROR(SetBool(find("access_log"), cfg.access_log));
  if (cfg.store_url.empty()) cfg.store_url = "sqlite://" + cfg.data_dir + "/paved.db";
  ASSIGN_OR_RETURN(cfg.cost, ParseCostConfig(cfg.file));
  return cfg;
}

namespace {

// A tag key or a non-empty list of them, into `out`; absent leaves the default.
absl::Status SetTagKeys(const nlohmann::json& keys, const char* name,
                        std::vector<std::string>& out) {
  auto it = keys.find(name);
  if (it == keys.end() || it->is_null()) return absl::OkStatus();
  if (it->is_string() && !it->get<std::string>().empty()) {
    out = {it->get<std::string>()};
    return absl::OkStatus();
  }
  std::optional<std::vector<std::string>> list = StringListOf(*it);
  if (!list || list->empty() ||
      std::any_of(list->begin(), list->end(), [](const std::string& k) { return k.empty(); })) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cost.tag_keys.", name, ": expected a tag key or a list of tag keys, e.g. [\"user:", name,
        "\", ", name, "]"));
  }
  out = std::move(*list);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CostConfig> ParseCostConfig(const nlohmann::json& file) {
  CostConfig cost;
  if (!file.is_object() || !file.contains("cost") || file["cost"].is_null()) return cost;
  const nlohmann::json& block = file["cost"];
  if (!block.is_object()) return absl::InvalidArgumentError("cost: must be a mapping");
  if (!block.contains("tag_keys") || block["tag_keys"].is_null()) return cost;
  const nlohmann::json& keys = block["tag_keys"];
  if (!keys.is_object()) {
    return absl::InvalidArgumentError("cost.tag_keys: must be a mapping with team and project");
  }
  RETURN_IF_ERROR(SetTagKeys(keys, "team", cost.team_tag_keys));
  RETURN_IF_ERROR(SetTagKeys(keys, "project", cost.project_tag_keys));
  return cost;
}

std::optional<std::vector<std::string>> StringListOf(const nlohmann::json& v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace paved
