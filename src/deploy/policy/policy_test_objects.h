#pragma once

#include <string>
#include <vector>

#include "deploy/policy/checker.h"
#include "nlohmann/json.hpp"

// Objects that pass every rule, for tests to break one field at a time.
namespace paved::deploy::policy::testing {

inline const std::string kDigest = "registry.example.com/chat@sha256:" + std::string(64, 'a');

inline nlohmann::json Labels() {
  return {{"app.kubernetes.io/name", "web"},
          {"app.kubernetes.io/part-of", "chat"},
          {"paved.dev/team", "platform"},
          {"paved.dev/project", "chat"}};
}

inline nlohmann::json GoodContainer() {
  return {{"name", "web"},
          {"image", kDigest},
          {"ports", {{{"name", "http"}, {"containerPort", 8080}}}},
          {"resources",
           {{"requests", {{"cpu", "500m"}, {"memory", "512Mi"}}},
            {"limits", {{"cpu", "1"}, {"memory", "1Gi"}}}}},
          {"livenessProbe", {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}}}},
          {"readinessProbe", {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}}}},
          {"securityContext", {{"allowPrivilegeEscalation", false}, {"privileged", false}}}};
}

inline nlohmann::json GoodPodSpec() {
  return {{"securityContext", {{"runAsNonRoot", true}, {"runAsUser", 10001}}},
          {"containers", {GoodContainer()}}};
}

inline nlohmann::json GoodDeployment() {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "web"}, {"namespace", "chat"}, {"labels", Labels()}}},
          {"spec",
           {{"replicas", 3},
            {"selector", {{"matchLabels", {{"app.kubernetes.io/name", "web"}}}}},
            {"template", {{"metadata", {{"labels", Labels()}}}, {"spec", GoodPodSpec()}}}}}};
}

inline nlohmann::json GoodPdb() {
  return {{"apiVersion", "policy/v1"},
          {"kind", "PodDisruptionBudget"},
          {"metadata", {{"name", "web"}, {"namespace", "chat"}}},
          {"spec",
           {{"minAvailable", 1},
            {"selector", {{"matchLabels", {{"app.kubernetes.io/name", "web"}}}}}}}};
}

inline nlohmann::json GoodCronJob() {
  return {{"apiVersion", "batch/v1"},
          {"kind", "CronJob"},
          {"metadata", {{"name", "cleanup"}, {"namespace", "chat"}, {"labels", Labels()}}},
          {"spec",
           {{"schedule", "0 3 * * *"},
            {"jobTemplate", {{"spec", {{"template", {{"spec", GoodPodSpec()}}}}}}}}}};
}

// The findings of `rule` only, for objects checked together in `env`.
inline std::vector<Finding> FindingsOf(const std::string& rule,
                                       const std::vector<nlohmann::json>& objects,
                                       const std::string& env = "production",
                                       const PolicyConfig& config = PolicyConfig()) {
  std::vector<Finding> out;
  for (auto& f : CheckObjects(objects, env, config)) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

// A production Deployment (with its PDB) after `edit`, checked for `rule`.
template <typename Edit>
std::vector<Finding> DeploymentFindings(const std::string& rule, Edit edit) {
  nlohmann::json d = GoodDeployment();
  edit(d);
  return FindingsOf(rule, {d, GoodPdb()});
}

inline nlohmann::json& Container(nlohmann::json& deployment) {
  return deployment["spec"]["template"]["spec"]["containers"][0];
}

}  // namespace paved::deploy::policy::testing
