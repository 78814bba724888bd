#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

// REST paths of the Kubernetes API for the kinds Paved applies and reads.
namespace paved::deploy::runtime::kubernetes {

struct ApiResource {
  std::string api_version;  // "v1", "apps/v1", "networking.istio.io/v1beta1"
  std::string kind;         // "Deployment"
  std::string plural;       // "deployments"
  bool namespaced = true;
};

// The resource for (apiVersion, kind). NotFound naming both for a kind Paved does not know.
absl::StatusOr<ApiResource> ResourceFor(const std::string& api_version, const std::string& kind);

// The kinds the renderer emits, in apply order (Namespace first).
const std::vector<ApiResource>& RenderedResources();

// "/api/v1" for the core group, "/apis/{group}/{version}" otherwise.
std::string GroupVersionPath(const std::string& api_version);

// The collection: "/apis/apps/v1/namespaces/{ns}/deployments"; "/api/v1/namespaces" for a
// cluster-scoped kind (`ns` ignored). Segments are percent-encoded.
std::string CollectionPath(const ApiResource& r, const std::string& ns);

// One object: CollectionPath + "/" + name.
std::string ObjectPath(const ApiResource& r, const std::string& ns, const std::string& name);

// The resource and object path of a rendered object (its apiVersion, kind, metadata.name and
// metadata.namespace). InvalidArgument when kind, apiVersion or name is missing.
struct ObjectRef {
  ApiResource resource;
  std::string namespace_name;
  std::string name;
  std::string path;
  std::string Describe() const;  // "Deployment chat/web"
};
absl::StatusOr<ObjectRef> RefFor(const nlohmann::json& object);

}  // namespace paved::deploy::runtime::kubernetes
