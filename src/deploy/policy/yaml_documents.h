#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

// One document of a multi-document YAML stream.
struct YamlDocument {
  int index = 0;  // 1-based position in the stream
  int line = 0;   // 1-based line where the document starts
  nlohmann::json value;
};

// Splits `text` at "---" lines and parses each document to JSON. Plain scalars become
// bool/null/integer/float when they read as one; quoted scalars stay strings. Empty documents
// are skipped. On malformed YAML returns InvalidArgument "document N, line L: <reason>" with L
// counted from the start of `text`.
absl::StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(const std::string& text);

}  // namespace paved::deploy::policy
