// Rules on each container of a workload: resources, probes, images, privileges.
#include <cctype>

#include "deploy/policy/pod_spec.h"
#include "deploy/policy/quantity.h"
#include "deploy/policy/rule_checks.h"

namespace paved::deploy::policy {
namespace {

std::string ContainerName(const nlohmann::json& c) {
  return "container '" + StringField(c, "name", "?") + "'";
}

std::string Image(const nlohmann::json& c) { return StringField(c, "image", ""); }

bool HasDigest(const std::string& image) {
  auto at = image.rfind("@sha256:");
  if (at == std::string::npos) return false;
  std::string hex = image.substr(at + 8);
  if (hex.size() != 64) return false;
  for (char ch : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(ch)) ||
        std::isupper(static_cast<unsigned char>(ch))) {
      return false;
    }
  }
  return true;
}

// The tag of "host:5000/team/app:1.2" ("1.2"), "" when untagged.
std::string Tag(const std::string& image) {
  std::string ref = image.substr(0, image.find('@'));
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";
  return ref.substr(colon + 1);
}

void CheckCeiling(const nlohmann::json& value, std::optional<double> ceiling,
                  const std::string& ceiling_text, const std::string& what, const std::string& path,
                  std::vector<Violation>* out) {
  auto q = ParseQuantity(value);
  if (!q.ok()) {
    out->push_back({path, std::string(q.status().message())});
  } else if (ceiling && *q > *ceiling + 1e-9) {
    out->push_back({path, what + " " +
                              (value.is_string() ? value.get<std::string>() : value.dump()) +
                              " is above the platform ceiling of " + ceiling_text});
  }
}

}  // namespace

void CheckResourcesSet(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  ForEachContainer(obj, false, [&](const nlohmann::json& c, const std::string& path) {
    for (const char* section : {"requests", "limits"}) {
      for (const char* res : {"cpu", "memory"}) {
        if (At(c, {"resources", section, res})) continue;
        out->push_back({path + ".resources." + section + "." + res,
                        ContainerName(c) + " sets no " + res + " " +
                            std::string(section).substr(0, std::string(section).size() - 1)});
      }
    }
  });
}

void CheckResourceCeilings(const RuleContext& ctx, const nlohmann::json& obj,
                           std::vector<Violation>* out) {
  const PolicyConfig& cfg = ctx.config;
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    for (const char* section : {"requests", "limits"}) {
      std::string base = path + ".resources." + section;
      std::string what = ContainerName(c) + " " + section;
      if (auto* cpu = At(c, {"resources", section, "cpu"})) {
        CheckCeiling(*cpu, cfg.cpu_ceiling, cfg.cpu_ceiling_text, what + " cpu", base + ".cpu",
                     out);
      }
      if (auto* mem = At(c, {"resources", section, "memory"})) {
        CheckCeiling(*mem, cfg.memory_ceiling, cfg.memory_ceiling_text, what + " memory",
                     base + ".memory", out);
      }
    }
  });
}

void CheckProbes(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  ForEachContainer(obj, false, [&](const nlohmann::json& c, const std::string& path) {
    // A container that serves no port (a queue worker) has nothing a probe could ask.
    if (!c.contains("ports") || c["ports"].empty()) return;
    for (const char* probe : {"livenessProbe", "readinessProbe"}) {
      if (!c.contains(probe)) {
        out->push_back({path + "." + probe, ContainerName(c) + " has no " + probe});
      }
    }
  });
}

void CheckImageDigest(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    std::string image = Image(c);
    if (!HasDigest(image)) {
      out->push_back({path + ".image", ContainerName(c) + " image '" + image +
                                           "' is not pinned by digest (@sha256:<64 hex>)"});
    }
  });
}

void CheckImageTag(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    std::string image = Image(c);
    if (HasDigest(image)) return;
    std::string tag = Tag(image);
    if (tag.empty() || tag == "latest") {
      out->push_back({path + ".image", ContainerName(c) + " image '" + image + "' " +
                                           (tag.empty() ? "has no tag" : "uses :latest")});
    }
  });
}

void CheckPrivileged(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    if (IsTrue(At(c, {"securityContext", "privileged"}))) {
      out->push_back({path + ".securityContext.privileged", ContainerName(c) + " is privileged"});
    }
  });
}

void CheckPrivilegeEscalation(const RuleContext&, const nlohmann::json& obj,
                              std::vector<Violation>* out) {
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    const nlohmann::json* v = At(c, {"securityContext", "allowPrivilegeEscalation"});
    if (v && v->is_boolean() && !v->get<bool>()) return;
    out->push_back({path + ".securityContext.allowPrivilegeEscalation",
                    ContainerName(c) + (v ? " allows privilege escalation"
                                          : " does not set allowPrivilegeEscalation: false")});
  });
}

}  // namespace paved::deploy::policy
