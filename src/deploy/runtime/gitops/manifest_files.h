#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/runtime/runtime.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::runtime::gitops {

// "clusters/<cluster>/<namespace>": the repository directory one release owns.
// InvalidArgument when either name is empty or could escape the directory ("/", "..").
absl::StatusOr<std::string> ReleaseDirectory(const std::string& cluster,
                                             const std::string& namespace_name);

// The object as written to git: a Secret keeps its keys with empty values (data and
// stringData) and gets the annotations paved.dev/redacted: "true", argocd.argoproj.io/hook:
// "Skip" and kustomize.toolkit.fluxcd.io/reconcile: "disabled" (so neither applier overwrites
// the Secret the cluster's secret operator maintains); other objects are unchanged.
nlohmann::json RedactForGit(const nlohmann::json& object);

// File name → content, one file per object: "<kind-lowercase>-<name>.yaml" holding
// render::ToYaml of the redacted object. InvalidArgument for an object without kind or name,
// a name that could escape the directory, or two objects with the same file name.
absl::StatusOr<std::map<std::string, std::string>> ReleaseFiles(
    const std::vector<nlohmann::json>& objects);

// The commit message of a rollout:
//   deploy <project> to <cluster>: sha256:<12 hex>… (spec v<N>)
//
//   Requested-by: <requester>
//   Approved-by: <approver>            (omitted when no approval was needed)
//   Reason: <reason on one line>       (omitted when empty)
//   Artifact: <full digest>
//   Paved-Deployment: <deployment id>
//   Manifest-Hash: <manifest hash>
std::string CommitMessage(const RolloutTarget& t);

// The value of trailer `key` ("Paved-Deployment") in a commit message, "" when absent.
std::string TrailerValue(const std::string& message, const std::string& key);

}  // namespace paved::deploy::runtime::gitops
