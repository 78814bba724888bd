#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// One file of a joined catalog text: its path and the 1-based line where it starts.
struct CatalogFile {
  std::string path;
  int first_line = 1;
};

// YAML read for `paved catalog import`: one text (multi-document) and the files it came from.
struct CatalogSource {
  std::string text;
  std::vector<CatalogFile> files;
};

// True for what the server fetches itself: http://, https:// and git+... URLs.
bool IsRemoteLocation(absl::string_view source);

// Joins (path, text) pairs in order into one multi-document YAML text: each file ends with a
// newline and the next starts after a "---" line (a file's own leading "---" line is dropped).
CatalogSource JoinCatalogFiles(const std::vector<std::pair<std::string, std::string>>& files);

// Reads `path`: a file as it is, or every *.yaml / *.yml file below a directory (recursively,
// sorted by path, hidden entries skipped) joined with JoinCatalogFiles(). NotFound when the path
// does not exist, InvalidArgument for a directory without YAML files.
absl::StatusOr<CatalogSource> ReadCatalogSource(const std::string& path);

// "FILE:N" for line `line` of the joined text; "" when `source` has no files or the line is not
// positive.
std::string LocateLine(const CatalogSource& source, int line);

// The text of an import answer ({"location","created","updated","unchanged","orphaned",
// "errors"}): `out` lists each entity ref with its outcome ("component:default/web created") and
// a summary line; `err` has one "error: MESSAGE" line per error, followed by "(FILE:N)" when
// `source` maps the error's line to a file. `failed` when there are errors.
struct ImportReport {
  std::string out;
  std::string err;
  bool failed = false;
};
ImportReport FormatImportResult(const nlohmann::json& result, bool dry_run,
                                const CatalogSource* source);

}  // namespace paved::cli
