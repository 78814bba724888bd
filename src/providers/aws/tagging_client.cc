#include "providers/aws/tagging_client.h"

#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::aws {
namespace {

constexpr char kTargetPrefix[] = "ResourceGroupsTaggingAPI_20170126.";
constexpr char kService[] = "tagging";

// Appends one GetResources page to `out` and sets `token` to its PaginationToken.
absl::Status ParseMappings(const nlohmann::json& page, const std::string& region,
                           std::vector<ResourceTagMapping>& out, std::string& token) {
  try {
    const nlohmann::json list = page.value("ResourceTagMappingList", nlohmann::json::array());
    for (const auto& item : list) {
      ResourceTagMapping m;
      m.arn = item.value("ResourceARN", "");
      const nlohmann::json tags = item.value("Tags", nlohmann::json::array());
      for (const auto& tag : tags) {
        m.tags[tag.value("Key", "")] = tag.value("Value", "");
      }
      if (!m.arn.empty()) out.push_back(std::move(m));
    }
    token = page.value("PaginationToken", "");
  } catch (const nlohmann::json::exception& e) {
    return absl::UnavailableError("AWS GetResources " + region + ": unexpected response shape");
  }
  return absl::OkStatus();
}

absl::Status ParseFailed(const nlohmann::json& res, const std::string& region,
                         std::map<std::string, FailedResource>& failed) {
  try {
    const nlohmann::json map = res.value("FailedResourcesMap", nlohmann::json::object());
    for (const auto& [arn, f] : map.items()) {
      failed[arn] = FailedResource{.status_code = f.value("StatusCode", 0),
                                   .error_code = f.value("ErrorCode", ""),
                                   .error_message = f.value("ErrorMessage", "")};
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::UnavailableError("AWS TagResources " + region + ": unexpected response shape");
  }
  return absl::OkStatus();
}

}  // namespace

TaggingClient::TaggingClient(http::Client* http, const Clock* clock, TaggingOptions options)
    : options_(std::move(options)),
      json_(http, clock,
            ServiceOptions{.endpoint = options_.endpoint,
                           .credentials = options_.credentials,
                           .service = kService,
                           .timeout = options_.timeout,
                           .max_attempts = options_.max_attempts,
                           .retry_backoff_ms = options_.retry_backoff_ms},
            kTargetPrefix, "1.1") {}

absl::StatusOr<std::vector<ResourceTagMapping>> TaggingClient::GetResources(
    const std::string& region) {
  std::vector<ResourceTagMapping> out;
  std::string token;
  std::set<std::string> seen_tokens;
  do {
    nlohmann::json request = {{"ResourcesPerPage", options_.resources_per_page}};
    if (!token.empty()) request["PaginationToken"] = token;
    ASSIGN_OR_RETURN(nlohmann::json page, json_.Call("GetResources", request, region));
    RETURN_IF_ERROR(ParseMappings(page, region, out, token));
    if (!token.empty() && !seen_tokens.insert(token).second) {
      return absl::UnavailableError("AWS GetResources " + region + ": pagination token repeated");
    }
  } while (!token.empty());
  return out;
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::Batched(
    const std::string& region, const std::string& operation, const std::vector<std::string>& arns,
    const nlohmann::json& extra) {
  std::map<std::string, FailedResource> failed;
  for (size_t start = 0; start < arns.size(); start += kMaxArnsPerTagCall) {
    size_t end = std::min(arns.size(), start + kMaxArnsPerTagCall);
    nlohmann::json request = extra;
    request["ResourceARNList"] = std::vector<std::string>(arns.begin() + start, arns.begin() + end);
    ASSIGN_OR_RETURN(nlohmann::json res, json_.Call(operation, request, region));
    RETURN_IF_ERROR(ParseFailed(res, region, failed));
  }
  return failed;
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::TagResources(
    const std::string& region, const std::vector<std::string>& arns,
    const std::map<std::string, std::string>& tags) {
  return Batched(region, "TagResources", arns, {{"Tags", tags}});
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::UntagResources(
    const std::string& region, const std::vector<std::string>& arns,
    const std::vector<std::string>& keys) {
  return Batched(region, "UntagResources", arns, {{"TagKeys", keys}});
}

}  // namespace paved::aws
