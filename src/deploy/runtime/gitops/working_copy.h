#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct git_repository;

namespace paved::deploy::runtime::gitops {

// A commit id as 40 hex digits.
using CommitId = std::string;

// One file of a directory at a commit.
struct TreeFile {
  std::string name;
  std::string content;
};

// A libgit2 working copy of one remote ("origin"), cloned under a local directory. Every
// error is a Status: Unavailable when the remote cannot be reached or refuses us, Internal
// for a local repository failure; messages name the remote and carry libgit2's reason.
// Not thread-safe: one caller at a time per working copy.
class WorkingCopy {
 public:
  // Opens the clone at `dir`, or clones `url` (https://, ssh://, file://, or a local path to a
  // repository) into it when there is none (or what is there is not a repository). `token`,
  // when not empty, answers HTTPS authentication (user "x-access-token"); SSH uses the agent.
  static absl::StatusOr<std::unique_ptr<WorkingCopy>> OpenOrClone(const std::string& dir,
                                                                  const std::string& url,
                                                                  const std::string& token);
  ~WorkingCopy();
  WorkingCopy(const WorkingCopy&) = delete;
  WorkingCopy& operator=(const WorkingCopy&) = delete;

  // The branch the remote's HEAD named when cloned, e.g. "main".
  const std::string& branch() const { return branch_; }
  const std::string& url() const { return url_; }

  // Fetches every branch of origin (pruning deleted ones).
  absl::Status Fetch();
  // origin/<branch> as last fetched; nullopt while the remote branch has no commit.
  absl::StatusOr<std::optional<CommitId>> RemoteTip();
  // Points the local branch, index and work tree at `commit` (nullopt: an empty branch),
  // discarding local changes.
  absl::Status ResetHard(const std::optional<CommitId>& commit);

  // The most recent commit reachable from `tip` (looking at most `limit` commits back) whose
  // message has the line "<key>: <value>"; nullopt when none.
  absl::StatusOr<std::optional<CommitId>> FindCommitWithTrailer(const CommitId& tip,
                                                                const std::string& key,
                                                                const std::string& value,
                                                                int limit);
  // The regular files directly in directory `dir` at `commit` (empty when it does not exist).
  absl::StatusOr<std::vector<TreeFile>> FilesAt(const std::optional<CommitId>& commit,
                                                const std::string& dir);
  // The most recent commit from `tip` (at most `limit` back) that changed `dir`; nullopt
  // when none within the limit.
  absl::StatusOr<std::optional<CommitId>> LastCommitTouching(const CommitId& tip,
                                                             const std::string& dir, int limit);
  absl::StatusOr<std::string> MessageOf(const CommitId& commit);
  absl::StatusOr<int64_t> TimeMsOf(const CommitId& commit);

  // Makes `dir` of the work tree hold exactly `files` (name → content), stages it and commits
  // on the local branch when the tree changed. Returns the new commit, or nullopt when the
  // staged tree equals the branch's (nothing committed).
  absl::StatusOr<std::optional<CommitId>> CommitDirectory(
      const std::string& dir, const std::map<std::string, std::string>& files,
      const std::string& message, const std::string& author_name, const std::string& author_email,
      int64_t time_ms);

  enum class PushResult { kPushed, kRejected };
  // Pushes the local branch to origin/<branch>. kRejected when the remote moved on (not a
  // fast-forward); other failures are errors.
  absl::StatusOr<PushResult> Push();

 private:
  WorkingCopy(git_repository* repo, std::string dir, std::string url, std::string token);
  absl::Status DetectBranch();

  git_repository* repo_;
  std::string dir_;
  std::string url_;
  std::string token_;  // a credential: never logged
  std::string branch_;
};

}  // namespace paved::deploy::runtime::gitops
