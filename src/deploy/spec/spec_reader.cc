#include "deploy/spec/spec_reader.h"

#include <algorithm>
#include <climits>
#include <regex>

#include "absl/strings/numbers.h"
#include "core/bounded_regex.h"
#include "core/suggest.h"
#include "deploy/spec/spec_checks.h"

namespace paved::deploy::spec::internal {
namespace {

const char* TypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "a scalar";
  }
}

}  // namespace

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

const Entry* Entries::Find(const std::string& key) const {
  for (const Entry& e : list_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

void Reader::Error(const YAML::Node& at, const std::string& path, const std::string& message) {
  YAML::Mark m = at.Mark();
  errors_.push_back({.line = m.is_null() ? 0 : m.line + 1,
                     .column = m.is_null() ? 0 : m.column + 1,
                     .field = path,
                     .message = message});
}

void Reader::Check(const YAML::Node& at, const std::string& path, const std::string& message) {
  if (!message.empty()) Error(at, path, message);
}

bool Reader::ExpectMap(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  Error(node, path, std::string("must be a mapping (key: value), not ") + TypeName(node));
  return false;
}

std::optional<std::string> Reader::String(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) return node.Scalar();
  Error(node, path, std::string("must be a string, not ") + TypeName(node));
  return std::nullopt;
}

std::optional<int> Reader::Int(const YAML::Node& node, const std::string& path, int min, int max) {
  static const std::regex kInt("[-+]?[0-9]+");
  int v = 0;
  // Tag "?" marks a plain scalar; quoted "3" is a string.
  if (!node.IsScalar() || node.Tag() != "?" || !BoundedRegexMatch(node.Scalar(), kInt) ||
      !absl::SimpleAtoi(node.Scalar(), &v)) {
    Error(node, path,
          std::string("must be an integer, not ") +
              (node.IsScalar() ? "'" + node.Scalar() + "'" : TypeName(node)));
    return std::nullopt;
  }
  if (v < min || v > max) {
    std::string range = max == INT_MAX
                            ? "at least " + std::to_string(min)
                            : "between " + std::to_string(min) + " and " + std::to_string(max);
    Error(node, path, "must be " + range + ", not " + std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::Bool(const YAML::Node& node, const std::string& path) {
  // YAML 1.2's core schema: only true and false, unquoted (quoted "true" is a string).
  if (node.IsScalar() && node.Tag() == "?" && node.Scalar() == "true") return true;
  if (node.IsScalar() && node.Tag() == "?" && node.Scalar() == "false") return false;
  Error(node, path,
        std::string("must be true or false, not ") +
            (node.IsScalar() ? "'" + node.Scalar() + "'" : TypeName(node)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> Reader::StringList(const YAML::Node& node,
                                                           const std::string& path) {
  if (!node.IsSequence()) {
    Error(node, path, std::string("must be a list, not ") + TypeName(node));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < node.size(); ++i) {
    auto s = String(node[i], path + "[" + std::to_string(i) + "]");
    ok = ok && s.has_value();
    if (s) out.push_back(*s);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::map<std::string, std::string> Reader::StringMap(const YAML::Node& node,
                                                     const std::string& path,
                                                     std::string (*check_key)(const std::string&)) {
  std::map<std::string, std::string> out;
  if (!ExpectMap(node, path)) return out;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      Error(kv.first, path, "keys must be plain names");
      continue;
    }
    std::string key = kv.first.Scalar();
    std::string key_path = Join(path, key);
    Check(kv.first, key_path, check_key(key));
    if (out.count(key)) Error(kv.first, key_path, "duplicate key");
    if (kv.second.IsNull()) {
      out[key] = "";
    } else if (auto v = String(kv.second, key_path)) {
      out[key] = *v;
    }
  }
  return out;
}

void Reader::CheckTarget(const YAML::Node& at, const std::string& path, const std::string& name,
                         bool cluster) {
  if (targets_ == nullptr) return;
  const std::vector<std::string>& valid = cluster ? targets_->clusters : targets_->environments;
  if (std::find(valid.begin(), valid.end(), name) != valid.end()) return;
  Error(at, path, UnknownNameMessage(cluster ? "cluster" : "environment", name, valid));
}

std::string Reader::Suggest(const std::string& key, const std::vector<std::string>& allowed) const {
  std::string best = Closest(key, allowed);
  return best.empty() ? "" : " (did you mean " + best + "?)";
}

}  // namespace paved::deploy::spec::internal
