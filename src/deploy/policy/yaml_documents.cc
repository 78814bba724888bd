#include "deploy/policy/yaml_documents.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/yaml.h"

namespace paved::deploy::policy {
namespace {

struct Chunk {
  int line = 1;  // first line of the chunk's text
  std::string text;
};

bool IsSeparator(const std::string& line) {
  return line.rfind("---", 0) == 0 &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Cuts the stream at document separators. Content after "--- " on the same line stays in the
// document that the separator opens.
std::vector<Chunk> Split(const std::string& text) {
  std::vector<Chunk> chunks(1);
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (IsSeparator(line)) {
      chunks.push_back({n, line.substr(3) + "\n"});
    } else {
      chunks.back().text += line + "\n";
    }
  }
  return chunks;
}

}  // namespace

absl::StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(const std::string& text) {
  std::vector<YamlDocument> docs;
  YamlBudget budget;  // for all the documents together
  int index = 0;
  for (const Chunk& chunk : Split(text)) {
    YamlError error;
    absl::StatusOr<YAML::Node> loaded = LoadYaml(chunk.text, &error, &budget);
    if (!loaded.ok()) {
      int line = chunk.line + std::max(error.line - 1, 0);
      return absl::InvalidArgumentError(
          absl::StrCat("document ", index + 1, ", line ", line, ": ", error.message));
    }
    YAML::Node node = *loaded;
    if (node.IsNull()) continue;  // empty or comment-only
    ++index;
    try {
      docs.push_back({index, chunk.line, YamlNodeToJson(node)});
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document ", index, ", line ", chunk.line + (e.mark.is_null() ? 0 : e.mark.line),
          ": keys must be strings"));
    }
  }
  return docs;
}

}  // namespace paved::deploy::policy
