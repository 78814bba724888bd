#include "deploy/runtime/gitops/manifest_files.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "deploy/render/renderer.h"

namespace paved::deploy::runtime::gitops {
namespace {

using nlohmann::json;

bool SafeSegment(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
         s.find('\\') == std::string::npos && s.find('\0') == std::string::npos;
}

void BlankValues(json& object, const char* field) {
  if (!object.contains(field) || !object[field].is_object()) return;
  for (auto& [key, value] : object[field].items()) value = "";
}

std::string OneLine(const std::string& s) {
  return absl::StrReplaceAll(s, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

std::string ShortDigest(const std::string& digest) {
  const std::string prefix = "sha256:";
  if (digest.rfind(prefix, 0) != 0 || digest.size() <= prefix.size() + 12) return digest;
  return digest.substr(0, prefix.size() + 12) + "\u2026";
}

}  // namespace

absl::StatusOr<std::string> ReleaseDirectory(const std::string& cluster,
                                             const std::string& namespace_name) {
  if (!SafeSegment(cluster)) return absl::InvalidArgumentError("bad cluster name: " + cluster);
  if (!SafeSegment(namespace_name)) {
    return absl::InvalidArgumentError("bad namespace name: " + namespace_name);
  }
  return absl::StrCat("clusters/", cluster, "/", namespace_name);
}

json RedactForGit(const json& object) {
  if (object.value("kind", "") != "Secret") return object;
  json out = object;
  BlankValues(out, "data");
  BlankValues(out, "stringData");
  json& annotations = out["metadata"]["annotations"];
  annotations["paved.dev/redacted"] = "true";
  // The secret operator owns the live Secret: Argo CD and Flux must not apply this copy.
  annotations["argocd.argoproj.io/hook"] = "Skip";
  annotations["kustomize.toolkit.fluxcd.io/reconcile"] = "disabled";
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> ReleaseFiles(const std::vector<json>& objects) {
  std::map<std::string, std::string> files;
  for (const json& object : objects) {
    std::string kind = object.value("kind", "");
    std::string name;
    if (object.contains("metadata") && object["metadata"].is_object()) {
      name = object["metadata"].value("name", "");
    }
    if (!SafeSegment(kind) || !SafeSegment(name)) {
      return absl::InvalidArgumentError("object without a usable kind/name: " + kind + "/" + name);
    }
    std::string file = absl::AsciiStrToLower(kind) + "-" + name + ".yaml";
    if (files.contains(file)) return absl::InvalidArgumentError("two objects write " + file);
    files[file] = render::ToYaml({RedactForGit(object)});
  }
  return files;
}

std::string CommitMessage(const RolloutTarget& t) {
  std::string m = absl::StrCat("deploy ", t.project, " to ", t.cluster.name, ": ",
                               ShortDigest(t.digest), " (spec v", t.spec_version, ")\n\n");
  absl::StrAppend(&m, "Requested-by: ", OneLine(t.requester), "\n");
  if (!t.approver.empty()) absl::StrAppend(&m, "Approved-by: ", OneLine(t.approver), "\n");
  if (!t.reason.empty()) absl::StrAppend(&m, "Reason: ", OneLine(t.reason), "\n");
  absl::StrAppend(&m, "Artifact: ", t.digest, "\n");
  absl::StrAppend(&m, "Paved-Deployment: ", t.deployment_id, "\n");
  absl::StrAppend(&m, "Manifest-Hash: ", t.manifest_hash, "\n");
  return m;
}

std::string TrailerValue(const std::string& message, const std::string& key) {
  std::string prefix = key + ": ";
  for (absl::string_view line : absl::StrSplit(message, '\n')) {
    if (absl::StartsWith(line, prefix)) return std::string(line.substr(prefix.size()));
  }
  return "";
}

}  // namespace paved::deploy::runtime::gitops
