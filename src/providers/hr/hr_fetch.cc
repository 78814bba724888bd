#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/files.h"
#include "core/status_macros.h"
#include "providers/hr/hr_source.h"

namespace paved::providers::hr {
namespace {

// Rewrites a client error so that it names the source safely: no credentials, no token.
absl::Status SafeError(const HrSourceConfig& c, const absl::Status& s) {
  std::string message(s.message());
  const std::string raw = c.url.substr(0, c.url.find('?'));
  message = absl::StrReplaceAll(message, {{raw, c.Describe()}});
  if (!c.token.empty()) message = absl::StrReplaceAll(message, {{c.token, "[token]"}});
  absl::StatusCode code =
      s.code() == absl::StatusCode::kDeadlineExceeded || s.code() == absl::StatusCode::kUnavailable
          ? absl::StatusCode::kUnavailable
          : absl::StatusCode::kFailedPrecondition;
  return absl::Status(code, absl::StrCat("HR source ", c.Describe(), ": ", message));
}

absl::StatusOr<std::string> ReadHrFile(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return absl::FailedPreconditionError("HR source " + path + ": cannot be read");
  return std::move(*text);
}

absl::StatusOr<std::string> Get(const HrSourceConfig& c, http::Client& client) {
  http::ClientHeaders headers = {{"Accept", "application/json"}};
  if (!c.token.empty()) headers.emplace_back("Authorization", "Bearer " + c.token);
  auto res = client.Send("GET", c.url, headers, "", std::chrono::milliseconds(c.timeout_ms));
  if (!res.ok()) return SafeError(c, res.status());
  if (res->status >= 200 && res->status < 300) return std::move(res->body);
  const std::string message =
      absl::StrCat("HR source ", c.Describe(), " answered HTTP ", res->status);
  if (res->status >= 500 || res->status == 429) return absl::UnavailableError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace

absl::StatusOr<std::string> FetchHrDocument(const HrSourceConfig& config, http::Client& client) {
  if (!config.file.empty()) return ReadHrFile(config.file);
  return Get(config, client);
}

absl::StatusOr<std::vector<HrTeam>> FetchHrTeams(const HrSourceConfig& config,
                                                 http::Client& client) {
  ASSIGN_OR_RETURN(std::string body, FetchHrDocument(config, client));
  return ParseHrTeams(body, config.mapping);
}

}  // namespace paved::providers::hr
