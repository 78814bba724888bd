#include "catalog/backstage/git_checkout.h"

#include <git2.h>
#include <stdlib.h>

#include <filesystem>
#include <mutex>

namespace paved::catalog::backstage {

absl::StatusOr<GitCheckout> GitCheckout::Clone(const std::string& url) {
  static std::once_flag init;
  std::call_once(init, [] { git_libgit2_init(); });
  std::string templ = (std::filesystem::temp_directory_path() / "paved-git-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary directory for " + url);
  }
  GitCheckout checkout(templ);
  git_repository* repo = nullptr;
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  int rc = git_clone(&repo, url.c_str(), (templ + "/repo").c_str(), &options);
  if (rc != 0) {
    const git_error* err = git_error_last();
    return absl::UnavailableError("git clone " + url + ": " +
                                  (err && err->message ? err->message : "failed"));
  }
  git_repository_free(repo);
  checkout.dir_ = templ + "/repo";
  return checkout;
}

GitCheckout::~GitCheckout() {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::path root = std::filesystem::path(dir_);
  if (root.filename() == "repo") root = root.parent_path();
  std::filesystem::remove_all(root, ec);
}

}  // namespace paved::catalog::backstage
