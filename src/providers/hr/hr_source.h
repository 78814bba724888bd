#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::providers::hr {

// One person listed under a team by the HR source.
struct HrMember {
  std::string id;  // stable HR person id
  std::string login;
  std::string email;
  std::string display_name;
  bool lead = false;
};

// One team as the HR source lists it, normalized from whatever shape the source uses.
struct HrTeam {
  std::string id;  // stable HR team id: Paved's identity for the team
  std::string name;
  std::string parent_id;  // HR id of the parent team; "" for a top-level team
  std::string chat_channel;
  std::vector<HrMember> members;
};

// JSON pointers locating each field. `teams` is relative to the document root, the team fields
// to a team object, the member fields to a member object. Defaults read the shape of
// docs/catalog.md (`{"teams":[{"id","name","parent","slack","members":[...]}]}`).
struct HrMapping {
  std::string teams = "/teams";
  std::string id = "/id";
  std::string name = "/name";
  std::string parent = "/parent";
  std::string chat_channel = "/slack";
  std::string members = "/members";
  std::string member_id = "/id";
  std::string member_login = "/login";
  std::string member_email = "/email";
  std::string member_name = "/name";
  std::string member_lead = "/lead";
};

// `catalog.hr_source` of the server config file.
struct HrSourceConfig {
  std::string url;    // http(s) URL; exactly one of url and file is set
  std::string file;   // local JSON file
  std::string token;  // bearer token sent to `url` when not empty; never logged
  int64_t interval_ms = 10 * 60 * 1000;
  int64_t timeout_ms = 30 * 1000;
  HrMapping mapping;

  // Where the teams come from, safe to show: the URL without credentials or query, or the file.
  std::string Describe() const;
};

// Reads `catalog.hr_source` from the whole server config (as JSON). Returns nullopt-like empty
// optional when the section is absent. Keys: url | file, token, interval ("90s", "10m", "1h" or
// a number of seconds), timeout (same syntax), mapping (keys of HrMapping, values JSON pointers).
// On a bad section (unknown key, both or neither of url/file, bad interval, bad pointer) returns
// InvalidArgument naming the key.
absl::StatusOr<std::optional<HrSourceConfig>> ParseHrSourceConfig(const nlohmann::json& config);

// "90s", "10m", "1h", "250ms", or a plain number of seconds → milliseconds (> 0).
absl::StatusOr<int64_t> ParseDurationMs(const nlohmann::json& value);

// Parses and validates a source document. Any problem fails the whole document with
// InvalidArgument whose message names the team (and member) at fault: malformed JSON, a missing
// id or name, a duplicate team id, one member id with two logins (or one login with two member
// ids), a parent that is not a listed team, a cycle of parents.
absl::StatusOr<std::vector<HrTeam>> ParseHrTeams(const std::string& body, const HrMapping& mapping);

// Checks the cross-team rules above on already normalized teams (ParseHrTeams calls it).
absl::Status ValidateHrTeams(const std::vector<HrTeam>& teams);

// Reads the source document: GETs `url` with `client` (Authorization: Bearer TOKEN when a token is
// set, at most timeout_ms), or reads `file`.
// Errors never contain the token. Unavailable: the source could not be reached, timed out, or
// answered 5xx / 429 — worth retrying. FailedPrecondition: any other non-2xx answer (bad token,
// wrong URL) or an unreadable file — retrying will not help.
absl::StatusOr<std::string> FetchHrDocument(const HrSourceConfig& config, http::Client& client);

// FetchHrDocument + ParseHrTeams.
absl::StatusOr<std::vector<HrTeam>> FetchHrTeams(const HrSourceConfig& config,
                                                 http::Client& client);

}  // namespace paved::providers::hr
