#include "deploy/render/standards.h"

#include <algorithm>
#include <set>

#include "core/config.h"
#include "core/status_macros.h"
#include "deploy/policy/quantity.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

absl::Status Invalid(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError("standards." + key + ": " + message);
}

// Fails naming `key` + the first key of `v` not in `known`; also when `v` is not a mapping.
absl::Status CheckKeys(const json& v, const std::string& key, std::set<std::string> known) {
  if (!v.is_object()) return Invalid(key, "expected a mapping");
  for (const auto& [k, value] : v.items()) {
    if (!known.contains(k)) return Invalid(key.empty() ? k : key + "." + k, "unknown key");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> String(const json& v, const std::string& key) {
  if (!v.is_string()) return Invalid(key, "expected a string");
  return v.get<std::string>();
}

absl::StatusOr<int64_t> Integer(const json& v, const std::string& key, int64_t min, int64_t max) {
  if (!v.is_number_integer()) return Invalid(key, "expected an integer");
  int64_t n = v.get<int64_t>();
  if (n < min || n > max) {
    return Invalid(key, "expected " + std::to_string(min) + " to " + std::to_string(max));
  }
  return n;
}

absl::StatusOr<std::vector<std::string>> StringList(const json& v, const std::string& key) {
  std::optional<std::vector<std::string>> list = StringListOf(v);
  if (!list) return Invalid(key, "expected a list of strings");
  return std::move(*list);
}

// A Kubernetes quantity, kept as written ("500m"; a YAML number 4 becomes "4").
absl::StatusOr<std::string> Quantity(const json& v, const std::string& key) {
  if (!v.is_string() && !v.is_number()) return Invalid(key, "expected a quantity");
  auto q = policy::ParseQuantity(v);
  if (!q.ok()) return Invalid(key, std::string(q.status().message()));
  if (*q <= 0) return Invalid(key, "expected a positive quantity");
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Runs `fn(value, key)` for `section.name` when present.
template <typename Fn>
absl::Status Field(const json& section, const std::string& prefix, const char* name, Fn fn) {
  auto it = section.find(name);
  if (it == section.end()) return absl::OkStatus();
  return fn(*it, prefix.empty() ? std::string(name) : prefix + "." + name);
}

absl::Status ParseLabels(const json& v, Standards* s) {
  if (!v.is_object()) return Invalid("labels", "expected a mapping of label to value");
  for (const auto& [k, value] : v.items()) {
    ASSIGN_OR_RETURN(s->labels[k], String(value, "labels." + k));
  }
  return absl::OkStatus();
}

absl::Status ParsePair(const json& v, const std::string& key, std::string* cpu,
                       std::string* memory) {
  RETURN_IF_ERROR(CheckKeys(v, key, {"cpu", "memory"}));
  RETURN_IF_ERROR(Field(v, key, "cpu", [&](const json& x, const std::string& k) -> absl::Status {
    ASSIGN_OR_RETURN(*cpu, Quantity(x, k));
    return absl::OkStatus();
  }));
  return Field(v, key, "memory", [&](const json& x, const std::string& k) -> absl::Status {
    ASSIGN_OR_RETURN(*memory, Quantity(x, k));
    return absl::OkStatus();
  });
}

absl::Status CheckDefaultBelowCeiling(const std::string& def, const std::string& ceiling,
                                      const std::string& key) {
  auto d = policy::ParseQuantity(def);
  auto c = policy::ParseQuantity(ceiling);
  if (d.ok() && c.ok() && *d > *c + 1e-9) {
    return Invalid("resources.defaults." + key, def + " is above the ceiling " + ceiling);
  }
  return absl::OkStatus();
}

absl::Status ParseResources(const json& v, Standards* s) {
  RETURN_IF_ERROR(CheckKeys(v, "resources", {"defaults", "ceilings", "cpu_limit"}));
  RETURN_IF_ERROR(Field(v, "resources", "defaults", [&](const json& x, const std::string& k) {
    return ParsePair(x, k, &s->default_cpu, &s->default_memory);
  }));
  RETURN_IF_ERROR(Field(v, "resources", "ceilings", [&](const json& x, const std::string& k) {
    return ParsePair(x, k, &s->ceiling_cpu, &s->ceiling_memory);
  }));
  RETURN_IF_ERROR(Field(v, "resources", "cpu_limit", [&](const json& x, const std::string& k) {
    if (x != "none" && x != "equal") return Invalid(k, "expected none or equal");
    s->cpu_limit_equal_request = x == "equal";
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(CheckDefaultBelowCeiling(s->default_cpu, s->ceiling_cpu, "cpu"));
  return CheckDefaultBelowCeiling(s->default_memory, s->ceiling_memory, "memory");
}

// An integer field stored into an int.
template <typename T>
auto IntInto(T* out, int64_t min, int64_t max) {
  return [=](const json& x, const std::string& k) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t n, Integer(x, k, min, max));
    *out = static_cast<T>(n);
    return absl::OkStatus();
  };
}

absl::Status ParseProbes(const json& v, Standards* s) {
  RETURN_IF_ERROR(
      CheckKeys(v, "probes", {"initial_delay_seconds", "period_seconds", "failure_threshold"}));
  RETURN_IF_ERROR(Field(v, "probes", "initial_delay_seconds",
                        IntInto(&s->probe_initial_delay_seconds, 0, 3600)));
  RETURN_IF_ERROR(Field(v, "probes", "period_seconds", IntInto(&s->probe_period_seconds, 1, 3600)));
  return Field(v, "probes", "failure_threshold", IntInto(&s->probe_failure_threshold, 1, 100));
}

absl::Status ParseTopology(const json& v, Standards* s) {
  RETURN_IF_ERROR(CheckKeys(v, "topology_spread", {"max_skew", "when_unsatisfiable"}));
  RETURN_IF_ERROR(Field(v, "topology_spread", "max_skew", IntInto(&s->topology_max_skew, 1, 100)));
  return Field(v, "topology_spread", "when_unsatisfiable",
               [&](const json& x, const std::string& k) {
                 if (x != "ScheduleAnyway" && x != "DoNotSchedule") {
                   return Invalid(k, "expected ScheduleAnyway or DoNotSchedule");
                 }
                 s->topology_when_unsatisfiable = x.get<std::string>();
                 return absl::OkStatus();
               });
}

absl::Status ParseSecurityContext(const json& v, Standards* s) {
  RETURN_IF_ERROR(CheckKeys(v, "security_context", {"run_as_user"}));
  // User 0 is root: the platform never renders it.
  return Field(v, "security_context", "run_as_user",
               IntInto(&s->run_as_user, 1, int64_t{2147483647}));
}

absl::Status ParsePrometheus(const json& v, Standards* s) {
  RETURN_IF_ERROR(CheckKeys(v, "prometheus", {"scrape", "path"}));
  RETURN_IF_ERROR(Field(v, "prometheus", "scrape", [&](const json& x, const std::string& k) {
    if (!x.is_boolean()) return Invalid(k, "expected true or false");
    s->prometheus_scrape = x.get<bool>();
    return absl::OkStatus();
  }));
  return Field(v, "prometheus", "path", [&](const json& x, const std::string& k) -> absl::Status {
    ASSIGN_OR_RETURN(s->prometheus_path, String(x, k));
    if (s->prometheus_path.empty() || s->prometheus_path[0] != '/') {
      return Invalid(k, "expected a path starting with /");
    }
    return absl::OkStatus();
  });
}

absl::Status ParsePdb(const json& v, Standards* s) {
  RETURN_IF_ERROR(CheckKeys(v, "pdb", {"min_available_percent"}));
  return Field(v, "pdb", "min_available_percent", IntInto(&s->pdb_min_available_percent, 1, 100));
}

const std::vector<std::string>& OverridableFields() {
  static const std::vector<std::string> kFields = {"resources", "replicas", "env",
                                                   "autoscale", "probes",   "probes.path"};
  return kFields;
}

absl::Status ParseOverridable(const json& v, Standards* s) {
  ASSIGN_OR_RETURN(s->overridable, StringList(v, "overridable"));
  for (const std::string& what : s->overridable) {
    const auto& known = OverridableFields();
    if (std::find(known.begin(), known.end(), what) == known.end()) {
      return Invalid("overridable", "unknown field '" + what + "'");
    }
  }
  return absl::OkStatus();
}

absl::Status ParseLists(const json& section, Standards* s) {
  RETURN_IF_ERROR(
      Field(section, "", "image_pull_secrets", [&](const json& x, const std::string& k) {
        ASSIGN_OR_RETURN(s->image_pull_secrets, StringList(x, k));
        return absl::OkStatus();
      }));
  return Field(section, "", "writable_paths", [&](const json& x, const std::string& k) {
    ASSIGN_OR_RETURN(s->writable_paths, StringList(x, k));
    for (const std::string& p : s->writable_paths) {
      if (p.empty() || p[0] != '/') return Invalid(k, "'" + p + "' is not an absolute path");
    }
    return absl::OkStatus();
  });
}

}  // namespace

bool Standards::Overridable(const std::string& what) const {
  for (const std::string& o : overridable) {
    if (o == what || what.rfind(o + ".", 0) == 0) return true;
  }
  return false;
}

absl::StatusOr<Standards> ParseStandards(const json& section) {
  Standards s;
  if (section.is_null()) return s;
  RETURN_IF_ERROR(
      CheckKeys(section, "",
                {"labels", "resources", "probes", "topology_spread", "security_context",
                 "image_pull_secrets", "prometheus", "pdb", "writable_paths", "overridable"}));
  auto with = [&](absl::Status (*fn)(const json&, Standards*)) {
    return [&s, fn](const json& x, const std::string&) { return fn(x, &s); };
  };
  RETURN_IF_ERROR(Field(section, "", "labels", with(ParseLabels)));
  RETURN_IF_ERROR(Field(section, "", "resources", with(ParseResources)));
  RETURN_IF_ERROR(Field(section, "", "probes", with(ParseProbes)));
  RETURN_IF_ERROR(Field(section, "", "topology_spread", with(ParseTopology)));
  RETURN_IF_ERROR(Field(section, "", "security_context", with(ParseSecurityContext)));
  RETURN_IF_ERROR(Field(section, "", "prometheus", with(ParsePrometheus)));
  RETURN_IF_ERROR(Field(section, "", "pdb", with(ParsePdb)));
  RETURN_IF_ERROR(Field(section, "", "overridable", with(ParseOverridable)));
  RETURN_IF_ERROR(ParseLists(section, &s));
  return s;
}

json StandardsToJson(const Standards& s) {
  return {
      {"labels", s.labels},
      {"resources",
       {{"defaults", {{"cpu", s.default_cpu}, {"memory", s.default_memory}}},
        {"ceilings", {{"cpu", s.ceiling_cpu}, {"memory", s.ceiling_memory}}},
        {"cpu_limit", s.cpu_limit_equal_request ? "equal" : "none"}}},
      {"probes",
       {{"initial_delay_seconds", s.probe_initial_delay_seconds},
        {"period_seconds", s.probe_period_seconds},
        {"failure_threshold", s.probe_failure_threshold}}},
      {"topology_spread",
       {{"max_skew", s.topology_max_skew}, {"when_unsatisfiable", s.topology_when_unsatisfiable}}},
      {"security_context", {{"run_as_user", s.run_as_user}}},
      {"image_pull_secrets", s.image_pull_secrets},
      {"prometheus", {{"scrape", s.prometheus_scrape}, {"path", s.prometheus_path}}},
      {"pdb", {{"min_available_percent", s.pdb_min_available_percent}}},
      {"writable_paths", s.writable_paths},
      {"overridable", s.overridable},
  };
}

}  // namespace paved::deploy::render
