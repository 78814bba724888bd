#include "cli/catalog_import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "cli/commands.h"
#include "cli/table.h"

namespace paved::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOutcomes[] = {"created", "updated", "unchanged", "orphaned"};

int CountLines(absl::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

bool IsYamlFile(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

absl::StatusOr<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::vector<fs::path>> YamlFilesBelow(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (IsHidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && IsYamlFile(it->path())) files.push_back(it->path());
  }
  if (ec)
    return absl::UnavailableError(absl::StrCat("cannot list ", dir.string(), ": ", ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

// The server's message (which names the document, line and field), followed by the file and
// line it maps to in `source`; composed from the parts when the message is empty.
std::string DescribeError(const nlohmann::json& error, const CatalogSource* source) {
  const nlohmann::json line = error.value("line", nlohmann::json());
  const int line_number = line.is_number_integer() ? line.get<int>() : 0;
  const std::string file = source != nullptr ? LocateLine(*source, line_number) : "";
  std::string message = CleanCell(Text(error, "message"), 0);
  if (message.empty()) {
    std::vector<std::string> parts;
    if (!Text(error, "document").empty()) parts.push_back("document " + Text(error, "document"));
    if (line_number > 0) parts.push_back(absl::StrCat("line ", line_number));
    if (!Text(error, "field").empty()) parts.push_back("field " + Text(error, "field"));
    message = absl::StrJoin(parts, ", ") + ": invalid";
  }
  return file.empty() ? message : absl::StrCat(message, " (", file, ")");
}

}  // namespace

bool IsRemoteLocation(absl::string_view source) {
  return absl::StartsWith(source, "http://") || absl::StartsWith(source, "https://") ||
         absl::StartsWith(source, "git+");
}

CatalogSource JoinCatalogFiles(const std::vector<std::pair<std::string, std::string>>& files) {
  CatalogSource out;
  for (const auto& [path, content] : files) {
    absl::string_view text = content;
    int first_line = 1;
    if (!out.text.empty()) {
      const int separator_line = CountLines(out.text) + 1;
      // A file's own leading "---" becomes the separator, keeping its line numbers.
      const bool own_separator = absl::ConsumePrefix(&text, "---\n");
      out.text += "---\n";
      first_line = own_separator ? separator_line : separator_line + 1;
    }
    out.files.push_back({path, first_line});
    absl::StrAppend(&out.text, text);
    if (!text.empty() && text.back() != '\n') out.text += '\n';
  }
  return out;
}

absl::StatusOr<CatalogSource> ReadCatalogSource(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("no such file or directory: ", path));
  }
  std::vector<fs::path> paths;
  if (fs::is_directory(status)) {
    auto found = YamlFilesBelow(path);
    if (!found.ok()) return found.status();
    paths = std::move(*found);
    if (paths.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("no *.yaml or *.yml files in ", path));
    }
  } else {
    paths.push_back(path);
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const fs::path& p : paths) {
    auto text = ReadWholeFile(p);
    if (!text.ok()) return text.status();
    files.emplace_back(p.string(), std::move(*text));
  }
  return JoinCatalogFiles(files);
}

std::string LocateLine(const CatalogSource& source, int line) {
  if (source.files.empty() || line <= 0) return "";
  const CatalogFile* file = &source.files.front();
  for (const CatalogFile& f : source.files) {
    if (f.first_line <= line) file = &f;
  }
  return absl::StrCat(file->path, ":", line - file->first_line + 1);
}

ImportReport FormatImportResult(const nlohmann::json& result, bool dry_run,
                                const CatalogSource* source) {
  ImportReport report;
  std::vector<std::string> counts;
  for (const char* outcome : kOutcomes) {
    const nlohmann::json refs = result.value(outcome, nlohmann::json::array());
    for (const auto& ref : refs) {
      if (ref.is_string()) {
        absl::StrAppend(&report.out, CleanCell(ref.get<std::string>(), 0), " ", outcome, "\n");
      }
    }
    counts.push_back(absl::StrCat(refs.is_array() ? refs.size() : 0, " ", outcome));
  }
  const nlohmann::json errors = result.value("errors", nlohmann::json::array());
  for (const auto& error : errors) {
    absl::StrAppend(&report.err, "error: ", DescribeError(error, source), "\n");
  }
  for (const auto& warning : result.value("warnings", nlohmann::json::array())) {
    absl::StrAppend(&report.err, "warning: ", DescribeError(warning, source), "\n");
  }
  report.failed = errors.is_array() && !errors.empty();
  std::string summary = absl::StrJoin(counts, ", ");
  if (report.failed) {
    absl::StrAppend(&summary, "; ", errors.size(), errors.size() == 1 ? " error" : " errors",
                    ": nothing was imported");
  } else if (dry_run) {
    absl::StrAppend(&summary, " (dry run: nothing was changed)");
  }
  absl::StrAppend(&report.out, summary, "\n");
  return report;
}

}  // namespace paved::cli
