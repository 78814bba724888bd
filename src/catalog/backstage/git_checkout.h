#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::catalog::backstage {

// A temporary clone of a git repository, removed with the object.
class GitCheckout {
 public:
  // Clones `url` (https://, file://, or a local path) with libgit2 into a new temporary
  // directory. Unavailable when the clone fails (message from libgit2).
  static absl::StatusOr<GitCheckout> Clone(const std::string& url);
  GitCheckout(GitCheckout&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }
  GitCheckout& operator=(GitCheckout&&) = delete;
  GitCheckout(const GitCheckout&) = delete;
  ~GitCheckout();

  const std::string& dir() const { return dir_; }

 private:
  explicit GitCheckout(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace paved::catalog::backstage
