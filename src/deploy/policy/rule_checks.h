#pragma once

#include "deploy/policy/rules.h"

// The check of each rule, one function per rule. Used by the rule table in rules.cc.
namespace paved::deploy::policy {

// rules_containers.cc
void CheckResourcesSet(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckResourceCeilings(const RuleContext& ctx, const nlohmann::json& obj,
                           std::vector<Violation>*);
void CheckProbes(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckImageDigest(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckImageTag(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckPrivileged(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckPrivilegeEscalation(const RuleContext& ctx, const nlohmann::json& obj,
                              std::vector<Violation>*);

// rules_pod.cc
void CheckRunAsNonRoot(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckHostPath(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckHostNamespaces(const RuleContext& ctx, const nlohmann::json& obj,
                         std::vector<Violation>*);

// rules_objects.cc
void CheckProductionReplicas(const RuleContext& ctx, const nlohmann::json& obj,
                             std::vector<Violation>*);
void CheckProductionPdb(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckRequiredLabels(const RuleContext& ctx, const nlohmann::json& obj,
                         std::vector<Violation>*);
void CheckRbacWildcards(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);
void CheckLoadBalancer(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Violation>*);

}  // namespace paved::deploy::policy
