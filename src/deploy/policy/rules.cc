#include "deploy/policy/rules.h"

#include "deploy/policy/rule_checks.h"

namespace paved::deploy::policy {
namespace {

using K = std::vector<std::string>;
const K kPods = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"};
const K kServing = {"Deployment", "StatefulSet", "DaemonSet", "Pod"};
const K kLabelled = {"Deployment", "StatefulSet", "DaemonSet", "CronJob", "Pod", "Service"};

}  // namespace

// The rule set as data. Ids are stable: the platform config and exceptions refer to them.
const std::vector<PolicyRule>& Rules() {
  static const std::vector<PolicyRule> kRules = {
      {"resources-required", Severity::kError, kPods,
       "every container sets cpu and memory requests and limits",
       "set resources.requests and resources.limits (cpu, memory) on the container",
       CheckResourcesSet},
      {"resources-ceiling", Severity::kError, kPods,
       "container requests and limits stay within the platform ceilings",
       "lower the value, split the workload, or ask SRE for an exception", CheckResourceCeilings},
      {"probes-required", Severity::kError, kServing,
       "every container that serves a port has a liveness and a readiness probe",
       "add livenessProbe and readinessProbe (e.g. httpGet on the health path)", CheckProbes},
      {"run-as-non-root", Severity::kError, kPods, "containers run as a non-root user",
       "set securityContext.runAsNonRoot: true on the pod (and a non-zero runAsUser)",
       CheckRunAsNonRoot},
      {"no-privileged", Severity::kError, kPods, "no container runs privileged",
       "remove securityContext.privileged or set it to false", CheckPrivileged},
      {"no-privilege-escalation", Severity::kError, kPods, "containers forbid privilege escalation",
       "set securityContext.allowPrivilegeEscalation: false on the container",
       CheckPrivilegeEscalation},
      {"no-host-path", Severity::kError, kPods, "no hostPath volumes",
       "use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead", CheckHostPath},
      {"no-host-namespaces", Severity::kError, kPods,
       "pods do not share the node's network, PID or IPC namespace",
       "remove hostNetwork, hostPID and hostIPC from the pod spec", CheckHostNamespaces},
      {"image-digest", Severity::kError, kPods, "images are pinned by digest (@sha256:...)",
       "deploy a built artifact: reference the image as name@sha256:<64 hex digits>",
       CheckImageDigest},
      {"image-no-latest", Severity::kError, kPods, "images are neither untagged nor :latest",
       "pin the image by digest, or at least by an immutable version tag", CheckImageTag},
      {"production-replicas",
       Severity::kError,
       {"Deployment", "StatefulSet"},
       "production workloads run at least 2 replicas (an autoscaler's minReplicas when one "
       "scales them)",
       "set replicas (or the autoscaler's minReplicas) to 2 or more for production",
       CheckProductionReplicas},
      {"production-pdb",
       Severity::kError,
       {"Deployment", "StatefulSet"},
       "production workloads have a PodDisruptionBudget selecting their pods",
       "add a PodDisruptionBudget in the same namespace whose selector matches the pod labels",
       CheckProductionPdb},
      {"required-labels", Severity::kError, kLabelled,
       "objects carry the platform's required labels", "add the missing labels to metadata.labels",
       CheckRequiredLabels},
      {"rbac-no-wildcards",
       Severity::kError,
       {"Role", "ClusterRole"},
       "RBAC rules name their verbs, resources and apiGroups (no '*')",
       "list the exact verbs, resources and apiGroups the workload needs",
       CheckRbacWildcards},
      {"load-balancer-namespaces",
       Severity::kError,
       {"Service"},
       "Services of type LoadBalancer only in the allowed namespaces",
       "use ClusterIP behind the shared ingress, or ask SRE to allow the namespace",
       CheckLoadBalancer},
      // Checked by the deploy part, not on objects: listed so that exceptions can name it.
      {"promotion-order",
       Severity::kError,
       {},
       "a deployment uses a digest that succeeded in the environment before (alpha first)",
       "deploy the artifact to the earlier environment first, or record an exception",
       [](const RuleContext&, const nlohmann::json&, std::vector<Violation>*) {}},
  };
  return kRules;
}

const PolicyRule* FindRule(const std::string& id) {
  for (const auto& r : Rules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace paved::deploy::policy
