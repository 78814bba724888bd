#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::deploy {

// Which keys a version changed against the one before it. File entries are named "files/NAME".
struct KeyChanges {
  std::vector<std::string> added, removed, changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};
nlohmann::json KeyChangesToJson(const KeyChanges& c);

// The contents of one config set: plain key/values and named files (not secret).
struct ConfigData {
  std::map<std::string, std::string> data;
  std::map<std::string, std::string> files;
  bool operator==(const ConfigData& other) const {
    return data == other.data && files == other.files;
  }
};

// One immutable version of a config set (table config_versions).
struct ConfigVersion {
  std::string project_id;
  std::string environment;
  std::string set;
  int64_t version = 0;
  ConfigData content;
  KeyChanges changes;  // against the previous version
  std::string author;
  std::string message;
  int64_t created_at_ms = 0;
};

// A set and its latest version, for lists.
struct ConfigSetSummary {
  std::string set;
  int64_t version = 0;
  std::string author;
  int64_t updated_at_ms = 0;
};

// One key that differs between two versions; `from`/`to` absent when the key was added/removed.
struct KeyDiff {
  std::string key;
  std::string change;  // added | removed | changed
  std::optional<std::string> from, to;
};

// The per-key difference between two contents, sorted by key.
std::vector<KeyDiff> DiffContents(const ConfigData& from, const ConfigData& to);
KeyChanges ChangesOf(const std::vector<KeyDiff>& diff);

// Versioned config sets per project and environment. Versions start at 1 and only grow; a
// version, once written, never changes.
class ConfigStore {
 public:
  ConfigStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Writes the next version inside `tx` and returns it (with its changes). Serialised per
  // project. Content identical to the latest version writes nothing and returns that version
  // (`*created` false; true when a version was written) — so a retried write is harmless and
  // its `expected_version` is not checked. Otherwise with `expected_version` (0: the set must
  // not exist yet), FailedPrecondition "version_conflict" when the latest version is another
  // one: the caller read an older version, and writing would drop what was written since.
  // REQUIRES: names already validated by the caller.
  absl::StatusOr<ConfigVersion> Put(store::Tx& tx, const std::string& project_id,
                                    const std::string& env, const std::string& set,
                                    const ConfigData& content, const std::string& author,
                                    const std::string& message,
                                    std::optional<int64_t> expected_version = std::nullopt,
                                    bool* created = nullptr);
  // In its own transaction.
  absl::StatusOr<ConfigVersion> Put(const std::string& project_id, const std::string& env,
                                    const std::string& set, const ConfigData& content,
                                    const std::string& author, const std::string& message);
  // `version` nullopt = latest. NotFound when there is no such set or version.
  absl::StatusOr<ConfigVersion> Get(const std::string& project_id, const std::string& env,
                                    const std::string& set, std::optional<int64_t> version = {});
  // Newest first.
  absl::StatusOr<std::vector<ConfigVersion>> History(const std::string& project_id,
                                                     const std::string& env,
                                                     const std::string& set);
  // From version `from` to version `to`; NotFound when either is missing.
  absl::StatusOr<std::vector<KeyDiff>> Diff(const std::string& project_id, const std::string& env,
                                            const std::string& set, int64_t from, int64_t to);
  // Sets of one environment, by name.
  absl::StatusOr<std::vector<ConfigSetSummary>> Sets(const std::string& project_id,
                                                     const std::string& env);

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::deploy
