#include "catalog/backstage/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "catalog/backstage/git_checkout.h"
#include "core/files.h"
#include "core/paths.h"
#include "core/status_macros.h"

namespace paved::catalog::backstage {

namespace fs = std::filesystem;

struct SourceReader::Base {
  enum class Kind { kNone, kLocal, kHttp } kind = Kind::kNone;
  std::string dir;         // directory (local) or URL up to the last '/' (http)
  std::string root;        // local reads must stay below this ("" = anywhere)
  std::string shown_root;  // how files below `root` are named in errors
};

namespace {

bool HasScheme(const std::string& url) {
  size_t colon = url.find("://");
  return colon != std::string::npos && colon > 0;
}
bool IsLocal(const std::string& url) {
  return (!url.empty() && url[0] == '/') || absl::StartsWith(url, "file://") ||
         absl::StartsWith(url, "git+file://");
}
bool IsGit(const std::string& url) {
  std::string no_fragment = url.substr(0, url.find('#'));
  return absl::StartsWith(url, "git+") || absl::EndsWith(no_fragment, ".git");
}
bool IsYamlFile(const fs::path& p) {
  std::string ext = absl::AsciiStrToLower(p.extension().string());
  return ext == ".yaml" || ext == ".yml";
}

absl::StatusOr<std::string> ReadCatalogFile(const fs::path& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return absl::NotFoundError("cannot read " + path.string());
  return std::move(*text);
}

// The YAML files a directory stands for: *.yaml / *.yml at its top, catalog-info.yaml below.
std::vector<fs::path> FilesOf(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_directory() && p.filename().string().starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !IsYamlFile(p)) continue;
    if (it.depth() == 0 || p.filename() == "catalog-info.yaml") out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// True when `p` is `root` or below it once symlinks are resolved (a repository may commit a
// symlink to /etc/passwd or to Paved's data directory).
bool Below(const fs::path& p, const std::string& root) {
  return root.empty() || CanonicalWithin(root, p).has_value();
}

CatalogError SourceError(const std::string& origin, const std::string& text) {
  return {.origin = origin, .document = 0, .text = text};
}

}  // namespace

void SourceReader::ReadInline(const std::string& text, std::vector<Entity>& entities,
                              std::vector<CatalogError>& errors) {
  Base none;
  (void)ReadText(text, "", none, 0, entities, errors);
}

absl::Status SourceReader::ReadUrl(const std::string& url, std::vector<Entity>& entities,
                                   std::vector<CatalogError>& errors) {
  if (IsLocal(url) && !o_.allow_local) {
    return absl::PermissionDeniedError("only sre and admin may import from local paths");
  }
  return Read(url, nullptr, 0, entities, errors);
}

absl::Status SourceReader::Read(const std::string& target, const Base* base, int depth,
                                std::vector<Entity>& entities, std::vector<CatalogError>& errors) {
  std::string url = target;
  std::string origin = base && !base->shown_root.empty() ? base->shown_root : "";
  bool absolute = HasScheme(target) || (!target.empty() && target[0] == '/');
  if (!absolute) {
    if (base == nullptr || base->kind == Base::Kind::kNone) {
      errors.push_back(SourceError(
          origin, "relative location target " + target + " has nothing to be relative to"));
      return absl::OkStatus();
    }
    if (base->kind == Base::Kind::kHttp) {
      url = base->dir + target;
    } else {
      fs::path p = (fs::path(base->dir) / target).lexically_normal();
      if (!Below(p, base->root)) {
        errors.push_back(
            SourceError(origin, "location target " + target + " leaves its repository"));
        return absl::OkStatus();
      }
      url = p.string();
    }
  } else if (IsLocal(url) && (!o_.allow_local || (base && base->kind == Base::Kind::kHttp) ||
                              (base && !base->root.empty()))) {
    errors.push_back(
        SourceError(origin, "location target " + target + " may not read local paths"));
    return absl::OkStatus();
  }
  if (!IsLocal(url) && HasScheme(url) && !o_.allow_remote) {
    errors.push_back(SourceError(origin, "location target " + target + " may not fetch URLs"));
    return absl::OkStatus();
  }
  if (std::find(visited_.begin(), visited_.end(), url) != visited_.end()) return absl::OkStatus();
  visited_.push_back(url);
  if (depth > o_.max_depth) {
    errors.push_back(
        SourceError(url, "locations nest deeper than " + std::to_string(o_.max_depth) + " levels"));
    return absl::OkStatus();
  }
  if (IsGit(url)) return ReadGit(url, depth, entities, errors);
  if (absl::StartsWith(url, "http://") || absl::StartsWith(url, "https://")) {
    return ReadHttp(url, depth, entities, errors);
  }
  std::string path(absl::StripPrefix(url, "file://"));
  std::string shown =
      current_root_.empty()
          ? url
          : current_shown_root_ + "#" + fs::path(path).lexically_relative(current_root_).string();
  return ReadPath(path, shown, depth, entities, errors);
}

absl::Status SourceReader::ReadPath(const std::string& path, const std::string& shown, int depth,
                                    std::vector<Entity>& entities,
                                    std::vector<CatalogError>& errors) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    files = FilesOf(path);
    if (files.empty()) errors.push_back(SourceError(shown, "no YAML files in directory"));
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    errors.push_back(SourceError(shown, "no such file or directory"));
    return absl::OkStatus();
  }
  // Files below a git checkout keep the checkout as their root and its URL as their name.
  std::string root = current_root_, shown_root = current_shown_root_;
  for (const fs::path& f : files) {
    std::string name =
        root.empty() ? f.string() : shown_root + "#" + f.lexically_relative(root).string();
    if (!Below(f, root)) {
      errors.push_back(SourceError(name, "a symlink that leaves the repository"));
      continue;
    }
    auto text = ReadCatalogFile(f);
    if (!text.ok()) {
      errors.push_back(SourceError(name, std::string(text.status().message())));
      continue;
    }
    Base base{Base::Kind::kLocal, f.parent_path().string(), root, shown_root};
    RETURN_IF_ERROR(ReadText(*text, name, base, depth, entities, errors));
  }
  return absl::OkStatus();
}

absl::Status SourceReader::ReadGit(const std::string& url, int depth, std::vector<Entity>& entities,
                                   std::vector<CatalogError>& errors) {
  std::string repo_url(absl::StripPrefix(url, "git+"));
  std::string fragment;
  if (size_t hash = repo_url.find('#'); hash != std::string::npos) {
    fragment = repo_url.substr(hash + 1);
    repo_url = repo_url.substr(0, hash);
  }
  auto checkout = GitCheckout::Clone(repo_url);
  if (!checkout.ok()) {
    errors.push_back(SourceError(url, std::string(checkout.status().message())));
    return absl::OkStatus();
  }
  fs::path target =
      (fs::path(checkout->dir()) / (fragment.empty() ? "catalog-info.yaml" : fragment))
          .lexically_normal();
  if (!Below(target, checkout->dir())) {
    errors.push_back(SourceError(url, "path " + fragment + " leaves the repository"));
    return absl::OkStatus();
  }
  std::string saved_root = current_root_, saved_shown = current_shown_root_;
  current_root_ = checkout->dir();
  current_shown_root_ = url.substr(0, url.find('#'));
  absl::Status s = ReadPath(target.string(), url, depth, entities, errors);
  current_root_ = saved_root;
  current_shown_root_ = saved_shown;
  return s;
}

absl::Status SourceReader::ReadHttp(const std::string& url, int depth,
                                    std::vector<Entity>& entities,
                                    std::vector<CatalogError>& errors) {
  if (o_.http_client == nullptr) {
    errors.push_back(SourceError(url, "no HTTP client configured"));
    return absl::OkStatus();
  }
  auto reply = o_.http_client->Send("GET", url, {{"Accept", "application/yaml, text/yaml, */*"}},
                                    "", std::chrono::seconds(30));
  if (!reply.ok()) {
    errors.push_back(SourceError(url, std::string(reply.status().message())));
    return absl::OkStatus();
  }
  if (reply->status != 200) {
    errors.push_back(SourceError(url, "HTTP " + std::to_string(reply->status)));
    return absl::OkStatus();
  }
  std::string no_query = url.substr(0, url.find_first_of("?#"));
  Base base{Base::Kind::kHttp, no_query.substr(0, no_query.rfind('/') + 1), "", ""};
  return ReadText(reply->body, url, base, depth, entities, errors);
}

absl::Status SourceReader::ReadText(const std::string& text, const std::string& origin,
                                    const Base& base, int depth, std::vector<Entity>& entities,
                                    std::vector<CatalogError>& errors) {
  size_t first = entities.size();
  ParseDocuments(text, origin, entities, errors);
  std::vector<std::string> targets;
  for (size_t i = first; i < entities.size(); ++i) {
    const nlohmann::json& doc = entities[i].doc;
    if (!doc.is_object() || !doc.contains("kind") || !doc["kind"].is_string() ||
        absl::AsciiStrToLower(doc["kind"].get<std::string>()) != "location") {
      continue;
    }
    auto spec = doc.find("spec");
    if (spec == doc.end() || !spec->is_object()) continue;
    if (spec->contains("target") && (*spec)["target"].is_string()) {
      targets.push_back((*spec)["target"]);
    }
    if (spec->contains("targets") && (*spec)["targets"].is_array()) {
      for (const auto& t : (*spec)["targets"]) {
        if (t.is_string()) targets.push_back(t);
      }
    }
  }
  for (const std::string& t : targets) {
    RETURN_IF_ERROR(Read(t, &base, depth + 1, entities, errors));
  }
  return absl::OkStatus();
}

}  // namespace paved::catalog::backstage
