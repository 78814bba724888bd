#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::catalog {

// System namespaces: kube-*, istio-system, default, plus the platform's own list.
class NamespaceRules {
 public:
  NamespaceRules() = default;
  explicit NamespaceRules(std::vector<std::string> reserved) : reserved_(std::move(reserved)) {}

  bool IsReserved(const std::string& ns) const;

 private:
  std::vector<std::string> reserved_;  // beyond the built-in ones
};

// The `catalog.reserved_namespaces` list of the server config file (`file` is the whole file as
// JSON), e.g. [monitoring, cert-manager]. InvalidArgument naming the key when it is not a list
// of DNS labels.
absl::StatusOr<NamespaceRules> ParseNamespaceRules(const nlohmann::json& file);

}  // namespace paved::catalog
