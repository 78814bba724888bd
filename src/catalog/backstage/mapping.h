#pragma once

#include <string>
#include <vector>

#include "catalog/projects.h"
#include "nlohmann/json.hpp"

namespace paved::catalog::backstage {

// How Backstage fields map onto Paved's, shared by the import and the export so the two stay
// inverse to each other. All functions take a validated entity document.

inline constexpr char kSourceLocation[] = "backstage.io/source-location";
inline constexpr char kGithubSlug[] = "github.com/project-slug";
inline constexpr char kKubeNamespace[] = "backstage.io/kubernetes-namespace";
inline constexpr char kPavedNamespaces[] = "paved.dev/namespaces";  // "[cluster:]ns,..."
inline constexpr char kPavedOwners[] = "paved.dev/owners";          // "group,group:ns/name,..."
inline constexpr char kPavedHrId[] = "paved.dev/hr-id";
inline constexpr char kPavedArn[] = "paved.dev/arn";
inline constexpr char kPavedAccount[] = "paved.dev/account";
inline constexpr char kPavedRegion[] = "paved.dev/region";
inline constexpr char kSlackChannel[] = "slack.com/channel";

// metadata.annotations[key] when a string, else "".
std::string AnnotationOf(const nlohmann::json& doc, const std::string& key);
std::string StringAt(const nlohmann::json& doc, const std::string& section, const std::string& key);

// repo URL from backstage.io/source-location ("url:" prefix dropped) or github.com/project-slug.
std::string RepoUrlOf(const nlohmann::json& doc);
// Namespaces from paved.dev/namespaces or backstage.io/kubernetes-namespace (cluster "");
// `present` says whether either annotation exists.
std::vector<ProjectNamespace> NamespacesOf(const nlohmann::json& doc, bool* present);
// spec.lifecycle, values Paved does not model mapped to experimental.
std::string LifecycleOf(const nlohmann::json& doc);
// The HR id of a Group: annotation `configured_key`, else paved.dev/hr-id; "" when neither.
std::string HrIdOf(const nlohmann::json& doc, const std::string& configured_key);
// A Resource's cloud id: an ARN annotation (paved.dev/arn, aws.amazon.com/arn, any */aws-arn)
// or "backstage:resource:<namespace>/<name>".
std::string ResourceIdOf(const nlohmann::json& doc);
// Display name of a Group: spec.profile.displayName, else metadata.title, else metadata.name.
std::string GroupDisplayName(const nlohmann::json& doc);

// Sets metadata.annotations[key] = value, or removes it when value is "" (and drops an empty
// annotations map).
void SetAnnotation(nlohmann::json& doc, const std::string& key, const std::string& value);
// Sets doc[section][key] = value, or removes it when value is empty.
void SetOrErase(nlohmann::json& doc, const std::string& section, const std::string& key,
                const nlohmann::json& value);

}  // namespace paved::catalog::backstage
