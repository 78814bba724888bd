#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace paved {

// Every YAML text from outside (API bodies, files, repositories) is loaded through this header,
// never with YAML::Load directly: a few hundred bytes of nested aliases ("billion laughs") expand
// to billions of nodes in whoever walks the result.

inline constexpr int64_t kMaxYamlNodes = 1'000'000;
inline constexpr int kMaxYamlDepth = 64;

// How many nodes loads may still produce, counting each use of an alias as a copy of its anchored
// node, and how deep they may nest (through aliases). One budget may bound several loads
// together (the documents of one request): each load spends from it.
class YamlBudget {
 public:
  explicit YamlBudget(int64_t max_nodes = kMaxYamlNodes, int max_depth = kMaxYamlDepth)
      : max_nodes_(max_nodes), nodes_left_(max_nodes), max_depth_(max_depth) {}

  int64_t max_nodes() const { return max_nodes_; }
  int64_t nodes_left() const { return nodes_left_; }
  int max_depth() const { return max_depth_; }
  void Spend(int64_t nodes) { nodes_left_ -= nodes; }

 private:
  int64_t max_nodes_;
  int64_t nodes_left_;
  int max_depth_;
};

// Where and why a load failed; line and column count from 1 (0 when unknown).
struct YamlError {
  int line = 0;
  int column = 0;
  std::string message;
  bool limit = false;  // the text is valid YAML but exceeds the budget
};

// Loads every document of `text`. The text is first walked as events, without building nodes,
// and refused when it would exceed `budget` (a default one when null). On failure returns
// InvalidArgument "line L, column C: <why>" (the limit named in <why>) and fills `error` when
// given. Never throws.
absl::StatusOr<std::vector<YAML::Node>> LoadYamlDocuments(const std::string& text,
                                                          YamlError* error = nullptr,
                                                          YamlBudget* budget = nullptr);

// Like YAML::Load: the first document of `text` (a Null node when there is none), bounded and
// reported as LoadYamlDocuments.
absl::StatusOr<YAML::Node> LoadYaml(const std::string& text, YamlError* error = nullptr,
                                    YamlBudget* budget = nullptr);

// A plain (unquoted, untagged) scalar read with the YAML 1.2 core schema: null, a boolean, an
// integer (text kept when out of range) or a float when it spells one, else the string.
nlohmann::json PlainScalarToJson(const std::string& s);

// A YAML node as JSON with the YAML 1.2 core schema: quoted or !!str scalars stay strings, plain
// scalars go through PlainScalarToJson. Throws YAML::Exception on a key that is not a scalar
// (`? [a, b]`): callers turn it into their own error.
nlohmann::json YamlNodeToJson(const YAML::Node& node);

}  // namespace paved
