#pragma once

#include <string>
#include <vector>

#include "deploy/runtime/runtime.h"
#include "nlohmann/json.hpp"

// Health judgement on objects as the API server returns them.
namespace paved::deploy::runtime::kubernetes {

// Restarts after which a container in CrashLoopBackOff fails the rollout.
inline constexpr int kCrashLoopRestarts = 3;

// One Deployment judged exactly as `kubectl rollout status` (DeploymentStatusViewer) does:
// progressing until status.observedGeneration ≥ metadata.generation; then failed when the
// Progressing condition's reason is ProgressDeadlineExceeded; progressing while
// updatedReplicas < spec.replicas, while status.replicas > updatedReplicas (old replicas
// pending termination) and while availableReplicas < updatedReplicas; healthy otherwise.
// The message says which (kubectl's wording).
HealthReport DeploymentHealth(const nlohmann::json& deployment);

// Pods (a list's items) that will not come up on their own, one line each, e.g.
// "pod web-7d9f: container web CrashLoopBackOff (5 restarts)": a container (or init container)
// waiting in CrashLoopBackOff with ≥ kCrashLoopRestarts restarts, or in ImagePullBackOff,
// ErrImagePull or InvalidImageName.
std::vector<std::string> StuckPods(const nlohmann::json& pods);

// The pod-template-hash of the Deployment's current ReplicaSet among `replica_sets` (a list's
// items): the one owned by the Deployment (ownerReferences uid) whose pod template equals the
// Deployment's once its pod-template-hash label is dropped, as the Deployment controller finds
// it. "" when there is none yet.
std::string NewReplicaSetHash(const nlohmann::json& deployment, const nlohmann::json& replica_sets);

// The pods (a list's items) labelled pod-template-hash=`hash`; all of them when `hash` is "".
nlohmann::json PodsOfHash(const nlohmann::json& pods, const std::string& hash);

// The equality label selector "k1=v1,k2=v2" of a Deployment's spec.selector.matchLabels (or a
// pod template's labels); "" when there are none.
std::string SelectorOf(const nlohmann::json& match_labels);

}  // namespace paved::deploy::runtime::kubernetes
