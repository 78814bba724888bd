#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace paved {

// Platform roles, ordered by what they may do: each role may do everything the one before it may.
enum class Role { kViewer = 0, kDeveloper = 1, kSre = 2, kAdmin = 3 };

std::string_view RoleName(Role role);
// Returns nullopt for an unknown name.
std::optional<Role> ParseRole(std::string_view name);

inline bool RoleAtLeast(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

}  // namespace paved
