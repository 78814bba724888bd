#pragma once

// Internal to the spec parser: reading YAML nodes into values while collecting every error
// with its position. Not part of the library's contract.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deploy/spec/spec_parser.h"
#include "yaml-cpp/yaml.h"

namespace paved::deploy::spec::internal {

// "a" + "b" → "a.b"; "" + "b" → "b".
std::string Join(const std::string& path, const std::string& key);

// One key of a mapping and its value.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  std::string path;  // dotted path of the value
};

// The known keys of one mapping, in text order.
class Entries {
 public:
  void Add(Entry e) { list_.push_back(std::move(e)); }
  const Entry* Find(const std::string& key) const;
  const std::vector<Entry>& list() const { return list_; }

 private:
  std::vector<Entry> list_;
};

class Reader {
 public:
  explicit Reader(const SpecTargets* targets = nullptr) : targets_(targets) {}

  // Records an error when the reader knows the platform's targets and `name` is not one of the
  // environments (`cluster` false) or clusters (`cluster` true).
  void CheckTarget(const YAML::Node& at, const std::string& path, const std::string& name,
                   bool cluster);
  // Records an error at `at`'s position (1-based).
  void Error(const YAML::Node& at, const std::string& path, const std::string& message);
  // Records `message` unless it is empty (the checks of spec_checks.h answer "" for fine).
  void Check(const YAML::Node& at, const std::string& path, const std::string& message);

  // True when `node` is a mapping; otherwise records "must be a mapping".
  bool ExpectMap(const YAML::Node& node, const std::string& path);
  // The entries of mapping `node` whose keys are in `allowed`; every other key is an error
  // ("unknown key", with a suggestion when one is close), as is a key given twice.
  // `misplaced(key)` may name keys that are known but not allowed here: it answers the message
  // for them ("ingress applies to services only"), or "" for a plain unknown key.
  template <typename Misplaced>
  Entries Keys(const YAML::Node& node, const std::string& path,
               const std::vector<std::string>& allowed, Misplaced misplaced);
  Entries Keys(const YAML::Node& node, const std::string& path,
               const std::vector<std::string>& allowed) {
    return Keys(node, path, allowed, [](const std::string&) { return std::string(); });
  }

  // A scalar as written (numbers and booleans too). Null and collections are errors.
  std::optional<std::string> String(const YAML::Node& node, const std::string& path);
  // A plain (unquoted) integer scalar within [min, max].
  std::optional<int> Int(const YAML::Node& node, const std::string& path, int min, int max);
  // A plain (unquoted) true or false.
  std::optional<bool> Bool(const YAML::Node& node, const std::string& path);
  // A sequence of scalars.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node,
                                                     const std::string& path);
  // A mapping of scalars (null values become ""); keys checked with `check_key`.
  std::map<std::string, std::string> StringMap(const YAML::Node& node, const std::string& path,
                                               std::string (*check_key)(const std::string&));

  std::vector<SpecError>& errors() { return errors_; }

 private:
  std::string Suggest(const std::string& key, const std::vector<std::string>& allowed) const;
  const SpecTargets* targets_;
  std::vector<SpecError> errors_;
};

template <typename Misplaced>
Entries Reader::Keys(const YAML::Node& node, const std::string& path,
                     const std::vector<std::string>& allowed, Misplaced misplaced) {
  Entries out;
  if (!ExpectMap(node, path)) return out;
  std::vector<std::string> seen;
  for (const auto& kv : node) {
    const YAML::Node& k = kv.first;
    if (!k.IsScalar()) {
      Error(k, path, "keys must be plain names");
      continue;
    }
    std::string key = k.Scalar();
    std::string key_path = Join(path, key);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(k, key_path, "duplicate key");
      continue;
    }
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string why = misplaced(key);
      Error(k, key_path, why.empty() ? "unknown key" + Suggest(key, allowed) : why);
      continue;
    }
    out.Add({key, k, kv.second, key_path});
  }
  return out;
}

}  // namespace paved::deploy::spec::internal
