#include "deploy/runtime/gitops/working_copy.h"

#include <git2.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paved::deploy::runtime::gitops {
namespace {

namespace fs = std::filesystem;

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const {
    if (p != nullptr) Free(p);
  }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Freer<T, Free>>;

using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using TreeEntryPtr = Owned<git_tree_entry, git_tree_entry_free>;
using RemotePtr = Owned<git_remote, git_remote_free>;
using IndexPtr = Owned<git_index, git_index_free>;
using WalkPtr = Owned<git_revwalk, git_revwalk_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using ReferencePtr = Owned<git_reference, git_reference_free>;
using SignaturePtr = Owned<git_signature, git_signature_free>;

void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string LastError() {
  const git_error* err = git_error_last();
  return err != nullptr && err->message != nullptr ? err->message : "unknown libgit2 error";
}

absl::Status Local(const std::string& what) {
  return absl::InternalError(absl::StrCat("git ", what, ": ", LastError()));
}

std::string Hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return buf;
}

// Shared by the network callbacks of one operation.
struct NetPayload {
  const std::string* token = nullptr;
  int attempts = 0;
  std::string rejected;  // a push status from the remote, "" when accepted
};

int AcquireCredential(git_credential** out, const char* /*url*/, const char* user_from_url,
                      unsigned int allowed, void* payload) {
  auto* p = static_cast<NetPayload*>(payload);
  if (p->attempts++ > 0) {
    git_error_set_str(GIT_ERROR_NET, "authentication rejected by the remote");
    return GIT_EUSER;
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !p->token->empty()) {
    return git_credential_userpass_plaintext_new(out, "x-access-token", p->token->c_str());
  }
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    return git_credential_ssh_key_from_agent(out, user_from_url ? user_from_url : "git");
  }
  return GIT_PASSTHROUGH;
}

int OnPushUpdate(const char* /*refname*/, const char* status, void* payload) {
  if (status != nullptr) static_cast<NetPayload*>(payload)->rejected = status;
  return 0;
}

git_remote_callbacks Callbacks(NetPayload* payload) {
  git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
  cb.credentials = AcquireCredential;
  cb.push_update_reference = OnPushUpdate;
  cb.payload = payload;
  return cb;
}

absl::StatusOr<git_oid> ParseOid(const CommitId& id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) {
    return absl::InvalidArgumentError("bad commit id " + id);
  }
  return oid;
}

absl::StatusOr<CommitPtr> LookupCommit(git_repository* repo, const CommitId& id) {
  absl::StatusOr<git_oid> oid = ParseOid(id);
  if (!oid.ok()) return oid.status();
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &*oid) != 0) return Local("lookup commit " + id);
  return CommitPtr(commit);
}

// The tree id of `dir` in `commit`, nullopt when the commit has no such directory.
std::optional<git_oid> DirectoryId(git_commit* commit, const std::string& dir) {
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit) != 0) return std::nullopt;
  TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree.get(), dir.c_str()) != 0) return std::nullopt;
  TreeEntryPtr entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

bool SameDirectory(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return git_oid_equal(&*a, &*b) != 0;
}

bool HasTrailer(const char* message, const std::string& line) {
  for (absl::string_view l : absl::StrSplit(message == nullptr ? "" : message, '\n')) {
    if (l == line) return true;
  }
  return false;
}

absl::Status WriteFiles(const fs::path& dir, const std::map<std::string, std::string>& files) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return absl::InternalError("cannot create " + dir.string() + ": " + ec.message());
  for (const auto& [name, content] : files) {
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) return absl::InternalError("cannot write " + (dir / name).string());
  }
  return absl::OkStatus();
}

}  // namespace

WorkingCopy::WorkingCopy(git_repository* repo, std::string dir, std::string url, std::string token)
    : repo_(repo), dir_(std::move(dir)), url_(std::move(url)), token_(std::move(token)) {}

WorkingCopy::~WorkingCopy() { git_repository_free(repo_); }

absl::StatusOr<std::unique_ptr<WorkingCopy>> WorkingCopy::OpenOrClone(const std::string& dir,
                                                                      const std::string& url,
                                                                      const std::string& token) {
  InitLibgit2();
  git_repository* repo = nullptr;
  if (git_repository_open(&repo, dir.c_str()) == 0) {
    if (git_remote_set_url(repo, "origin", url.c_str()) != 0) {
      git_repository_free(repo);
      return Local("set the remote url of " + dir);
    }
  } else {
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(fs::path(dir).parent_path(), ec);
    NetPayload payload{&token};
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.fetch_opts.callbacks = Callbacks(&payload);
    if (git_clone(&repo, url.c_str(), dir.c_str(), &options) != 0) {
      std::string reason = LastError();
      fs::remove_all(dir, ec);
      return absl::UnavailableError(absl::StrCat("git clone ", url, ": ", reason));
    }
  }
  std::unique_ptr<WorkingCopy> copy(new WorkingCopy(repo, dir, url, token));
  if (absl::Status s = copy->DetectBranch(); !s.ok()) return s;
  return copy;
}

absl::Status WorkingCopy::DetectBranch() {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo_, "HEAD") != 0) return Local("read HEAD");
  ReferencePtr head(raw);
  const char* target = git_reference_symbolic_target(head.get());
  const std::string prefix = "refs/heads/";
  if (target == nullptr || !absl::StartsWith(target, prefix)) {
    return absl::InternalError("HEAD of " + dir_ + " is not on a branch");
  }
  branch_ = std::string(target).substr(prefix.size());
  return absl::OkStatus();
}

absl::Status WorkingCopy::Fetch() {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo_, "origin") != 0) return Local("find remote origin");
  RemotePtr remote(raw);
  NetPayload payload{&token_};
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.callbacks = Callbacks(&payload);
  options.prune = GIT_FETCH_PRUNE;
  if (git_remote_fetch(remote.get(), nullptr, &options, nullptr) != 0) {
    return absl::UnavailableError(absl::StrCat("git fetch ", url_, ": ", LastError()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CommitId>> WorkingCopy::RemoteTip() {
  git_oid oid;
  std::string ref = "refs/remotes/origin/" + branch_;
  int rc = git_reference_name_to_id(&oid, repo_, ref.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<CommitId>();
  if (rc != 0) return Local("read " + ref);
  return std::optional<CommitId>(Hex(oid));
}

absl::Status WorkingCopy::ResetHard(const std::optional<CommitId>& commit) {
  if (!commit) {
    git_reference* raw = nullptr;
    std::string ref = "refs/heads/" + branch_;
    if (git_reference_lookup(&raw, repo_, ref.c_str()) == 0) {
      ReferencePtr branch(raw);
      if (git_reference_delete(branch.get()) != 0) return Local("delete " + ref);
    }
    return absl::OkStatus();
  }
  absl::StatusOr<git_oid> oid = ParseOid(*commit);
  if (!oid.ok()) return oid.status();
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo_, &*oid, GIT_OBJECT_COMMIT) != 0) return Local("lookup");
  ObjectPtr target(raw);
  git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
  checkout.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
  if (git_reset(repo_, target.get(), GIT_RESET_HARD, &checkout) != 0) {
    return Local("reset --hard " + *commit);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CommitId>> WorkingCopy::FindCommitWithTrailer(const CommitId& tip,
                                                                           const std::string& key,
                                                                           const std::string& value,
                                                                           int limit) {
  absl::StatusOr<git_oid> start = ParseOid(tip);
  if (!start.ok()) return start.status();
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo_) != 0) return Local("revwalk");
  WalkPtr walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  if (git_revwalk_push(walk.get(), &*start) != 0) return Local("revwalk " + tip);
  std::string line = key + ": " + value;
  git_oid id;
  for (int n = 0; n < limit && git_revwalk_next(&id, walk.get()) == 0; ++n) {
    absl::StatusOr<CommitPtr> commit = LookupCommit(repo_, Hex(id));
    if (!commit.ok()) return commit.status();
    if (HasTrailer(git_commit_message(commit->get()), line)) {
      return std::optional<CommitId>(Hex(id));
    }
  }
  return std::optional<CommitId>();
}

absl::StatusOr<std::vector<TreeFile>> WorkingCopy::FilesAt(const std::optional<CommitId>& commit,
                                                           const std::string& dir) {
  std::vector<TreeFile> files;
  if (!commit) return files;
  absl::StatusOr<CommitPtr> c = LookupCommit(repo_, *commit);
  if (!c.ok()) return c.status();
  std::optional<git_oid> dir_id = DirectoryId(c->get(), dir);
  if (!dir_id) return files;
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, repo_, &*dir_id) != 0) return Local("read tree " + dir);
  TreePtr tree(raw_tree);
  for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) continue;
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, repo_, git_tree_entry_id(entry)) != 0) return Local("blob");
    BlobPtr blob(raw_blob);
    files.push_back({git_tree_entry_name(entry),
                     std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                 static_cast<size_t>(git_blob_rawsize(blob.get())))});
  }
  return files;
}

absl::StatusOr<std::optional<CommitId>> WorkingCopy::LastCommitTouching(const CommitId& tip,
                                                                        const std::string& dir,
                                                                        int limit) {
  std::optional<CommitId> current = tip;
  for (int n = 0; n < limit && current; ++n) {
    absl::StatusOr<CommitPtr> commit = LookupCommit(repo_, *current);
    if (!commit.ok()) return commit.status();
    std::optional<git_oid> mine = DirectoryId(commit->get(), dir);
    std::optional<git_oid> parents;
    std::optional<CommitId> parent_id;
    if (git_commit_parentcount(commit->get()) > 0) {
      parent_id = Hex(*git_commit_parent_id(commit->get(), 0));
      absl::StatusOr<CommitPtr> parent = LookupCommit(repo_, *parent_id);
      if (!parent.ok()) return parent.status();
      parents = DirectoryId(parent->get(), dir);
    }
    if (!SameDirectory(mine, parents)) return current;
    current = parent_id;
  }
  return std::optional<CommitId>();
}

absl::StatusOr<std::string> WorkingCopy::MessageOf(const CommitId& commit) {
  absl::StatusOr<CommitPtr> c = LookupCommit(repo_, commit);
  if (!c.ok()) return c.status();
  const char* message = git_commit_message(c->get());
  return std::string(message == nullptr ? "" : message);
}

absl::StatusOr<int64_t> WorkingCopy::TimeMsOf(const CommitId& commit) {
  absl::StatusOr<CommitPtr> c = LookupCommit(repo_, commit);
  if (!c.ok()) return c.status();
  return static_cast<int64_t>(git_commit_time(c->get())) * 1000;
}

absl::StatusOr<std::optional<CommitId>> WorkingCopy::CommitDirectory(
    const std::string& dir, const std::map<std::string, std::string>& files,
    const std::string& message, const std::string& author_name, const std::string& author_email,
    int64_t time_ms) {
  if (absl::Status s = WriteFiles(fs::path(git_repository_workdir(repo_)) / dir, files); !s.ok()) {
    return s;
  }
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo_) != 0) return Local("open index");
  IndexPtr index(raw_index);
  std::string pathspec = dir;
  char* paths[] = {pathspec.data()};
  git_strarray spec = {paths, 1};
  git_oid tree_id;
  if (git_index_remove_directory(index.get(), dir.c_str(), 0) != 0 ||
      git_index_add_all(index.get(), &spec, GIT_INDEX_ADD_FORCE, nullptr, nullptr) != 0 ||
      git_index_write(index.get()) != 0 || git_index_write_tree(&tree_id, index.get()) != 0) {
    return Local("stage " + dir);
  }
  CommitPtr parent;
  git_oid head_id;
  if (git_reference_name_to_id(&head_id, repo_, "HEAD") == 0) {
    absl::StatusOr<CommitPtr> p = LookupCommit(repo_, Hex(head_id));
    if (!p.ok()) return p.status();
    parent = std::move(*p);
    if (git_oid_equal(git_commit_tree_id(parent.get()), &tree_id)) {
      return std::optional<CommitId>();
    }
  }
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, repo_, &tree_id) != 0) return Local("read staged tree");
  TreePtr tree(raw_tree);
  git_signature* raw_sig = nullptr;
  if (git_signature_new(&raw_sig, author_name.c_str(), author_email.c_str(), time_ms / 1000, 0) !=
      0) {
    return Local("signature");
  }
  SignaturePtr sig(raw_sig);
  const git_commit* parents[] = {parent.get()};
  git_oid commit_id;
  if (git_commit_create(&commit_id, repo_, "HEAD", sig.get(), sig.get(), nullptr, message.c_str(),
                        tree.get(), parent ? 1 : 0, parents) != 0) {
    return Local("commit");
  }
  return std::optional<CommitId>(Hex(commit_id));
}

absl::StatusOr<WorkingCopy::PushResult> WorkingCopy::Push() {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo_, "origin") != 0) return Local("find remote origin");
  RemotePtr remote(raw);
  NetPayload payload{&token_};
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  options.callbacks = Callbacks(&payload);
  std::string refspec = absl::StrCat("refs/heads/", branch_, ":refs/heads/", branch_);
  char* specs[] = {refspec.data()};
  git_strarray refspecs = {specs, 1};
  int rc = git_remote_push(remote.get(), &refspecs, &options);
  if (rc == GIT_ENONFASTFORWARD) return PushResult::kRejected;
  if (rc != 0) return absl::UnavailableError(absl::StrCat("git push ", url_, ": ", LastError()));
  if (!payload.rejected.empty()) return PushResult::kRejected;
  return PushResult::kPushed;
}

}  // namespace paved::deploy::runtime::gitops
