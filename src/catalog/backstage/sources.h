#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/backstage/entity.h"
#include "http/client.h"

namespace paved::catalog::backstage {

struct SourceOptions {
  http::Client* http_client = nullptr;  // for http(s) URLs; none → those fail with Unavailable
  bool allow_local = false;  // local paths, file:// and git+file:// (they read the server's disk)
  bool allow_remote = true;  // http(s) and git URLs (the server fetches them)
  int max_depth = 5;         // nested Location entities followed at most this deep
};

// Reads catalog documents from a location and from the Location entities it holds.
//   /abs/path or file:///abs/path      a YAML file, or a directory: every *.yaml / *.yml in it
//                                       and every catalog-info.yaml below it
//   git+https://..., git+file://..., https://host/repo.git
//                                       cloned (libgit2) into a temporary directory; reads
//                                       catalog-info.yaml at its root or the #path fragment
//   http(s)://...                       one YAML file, fetched with the HTTP client
// Kind Location: spec.target / spec.targets are read relative to the document that holds them,
// each target once (loops end), at most max_depth levels deep. Targets of remote documents may
// not name local paths.
class SourceReader {
 public:
  explicit SourceReader(SourceOptions options) : o_(options) {}

  // Appends the entities of the request body (origin "") and of the Locations it lists.
  void ReadInline(const std::string& text, std::vector<Entity>& entities,
                  std::vector<CatalogError>& errors);
  // Appends the entities found at `url`. Problems reading it become errors (document 0).
  // PermissionDenied when the location is local and local reads are not allowed.
  absl::Status ReadUrl(const std::string& url, std::vector<Entity>& entities,
                       std::vector<CatalogError>& errors);

 private:
  struct Base;  // where relative targets resolve
  absl::Status Read(const std::string& url, const Base* base, int depth,
                    std::vector<Entity>& entities, std::vector<CatalogError>& errors);
  absl::Status ReadPath(const std::string& path, const std::string& shown, int depth,
                        std::vector<Entity>& entities, std::vector<CatalogError>& errors);
  absl::Status ReadGit(const std::string& url, int depth, std::vector<Entity>& entities,
                       std::vector<CatalogError>& errors);
  absl::Status ReadHttp(const std::string& url, int depth, std::vector<Entity>& entities,
                        std::vector<CatalogError>& errors);
  // Parses one file's text and follows its Location entities.
  absl::Status ReadText(const std::string& text, const std::string& origin, const Base& base,
                        int depth, std::vector<Entity>& entities,
                        std::vector<CatalogError>& errors);

  SourceOptions o_;
  std::vector<std::string> visited_;
  std::string current_root_;        // the git checkout being read, "" outside one
  std::string current_shown_root_;  // its URL, naming the files read from it
};

}  // namespace paved::catalog::backstage
