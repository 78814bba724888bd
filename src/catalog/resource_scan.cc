#include "catalog/resource_scan.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "providers/aws/account_config.h"
#include "spdlog/spdlog.h"

namespace paved::catalog {
namespace {

absl::StatusOr<AwsAccount> ParseAccount(const nlohmann::json& a, const std::string& key,
                                        const EnvLookup& env) {
  if (!a.is_object()) return aws::ConfigError(key, "must be a mapping");
  AwsAccount account;
  ASSIGN_OR_RETURN(account.id, aws::ConfigAccountId(a, key));
  if (!a.contains("regions") || !a["regions"].is_array() || a["regions"].empty()) {
    return aws::ConfigError(key + ".regions", "must be a non-empty list of regions");
  }
  for (const auto& r : a["regions"]) {
    if (!r.is_string() || r.get<std::string>().empty()) {
      return aws::ConfigError(key + ".regions", "must hold region names such as us-east-1");
    }
    account.regions.push_back(r.get<std::string>());
  }
  ASSIGN_OR_RETURN(account.credentials, aws::ConfigCredentials(a, key, env));
  return account;
}

absl::Status ParseAws(const nlohmann::json& aws, const EnvLookup& env, CloudResourceConfig& c) {
  if (!aws.is_object()) return aws::ConfigError("catalog.aws", "must be a mapping");
  ASSIGN_OR_RETURN(std::string endpoint, aws::ConfigString(aws, "endpoint", "catalog.aws"));
  if (!endpoint.empty()) c.endpoint = endpoint;
  if (aws.contains("interval")) {
    const auto& v = aws["interval"];
    std::string text = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
    auto ms = ParseDurationMs(text);
    if (!ms.ok())
      return aws::ConfigError("catalog.aws.interval", std::string(ms.status().message()));
    c.interval_ms = *ms;
  }
  if (!aws.contains("accounts") || aws["accounts"].is_null()) return absl::OkStatus();
  if (!aws["accounts"].is_array())
    return aws::ConfigError("catalog.aws.accounts", "must be a list");
  for (size_t i = 0; i < aws["accounts"].size(); ++i) {
    ASSIGN_OR_RETURN(
        AwsAccount account,
        ParseAccount(aws["accounts"][i], absl::StrCat("catalog.aws.accounts[", i, "]"), env));
    c.accounts.push_back(std::move(account));
  }
  return absl::OkStatus();
}

nlohmann::json TagsJson(const std::map<std::string, std::string>& tags) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : tags) out[k] = v;
  return out;
}

std::string TagValue(const std::map<std::string, std::string>& tags, const std::string& key) {
  auto it = tags.find(key);
  return it == tags.end() ? "" : it->second;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) {
    const char* v = std::getenv(name.c_str());
    return v ? std::string(v) : std::string();
  };
}

absl::StatusOr<int64_t> ParseDurationMs(const std::string& text) {
  int64_t seconds_only = 0;
  if (absl::SimpleAtoi(text, &seconds_only)) {
    if (seconds_only <= 0) return absl::InvalidArgumentError("duration must be positive");
    return seconds_only * 1000;
  }
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    int64_t n = 0;
    std::string unit = text.substr(unit_start, i - unit_start);
    if (unit_start == start || !absl::SimpleAtoi(text.substr(start, unit_start - start), &n)) {
      return absl::InvalidArgumentError("bad duration \"" + text + "\" (use e.g. 30s, 10m, 1h)");
    }
    static const std::map<std::string, int64_t> kUnits = {
        {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
    auto u = kUnits.find(unit);
    if (u == kUnits.end()) {
      return absl::InvalidArgumentError("bad duration unit \"" + unit + "\" in \"" + text + "\"");
    }
    total += n * u->second;
  }
  if (total <= 0) return absl::InvalidArgumentError("duration must be positive");
  return total;
}

absl::StatusOr<CloudResourceConfig> ParseCloudResourceConfig(const nlohmann::json& file,
                                                             const EnvLookup& env) {
  CloudResourceConfig c;
  if (!file.is_object() || !file.contains("catalog") || file["catalog"].is_null()) return c;
  const nlohmann::json& catalog = file["catalog"];
  if (!catalog.is_object()) return aws::ConfigError("catalog", "must be a mapping");
  if (catalog.contains("tag_keys")) {
    const auto& keys = catalog["tag_keys"];
    if (!keys.is_object()) return aws::ConfigError("catalog.tag_keys", "must be a mapping");
    ASSIGN_OR_RETURN(std::string team, aws::ConfigString(keys, "team", "catalog.tag_keys"));
    ASSIGN_OR_RETURN(std::string project, aws::ConfigString(keys, "project", "catalog.tag_keys"));
    if (!team.empty()) c.team_tag = team;
    if (!project.empty()) c.project_tag = project;
  }
  if (catalog.contains("aws") && !catalog["aws"].is_null()) {
    RETURN_IF_ERROR(ParseAws(catalog["aws"], env, c));
  }
  return c;
}

std::optional<Arn> ParseArn(const std::string& arn) {
  std::vector<std::string> parts = absl::StrSplit(arn, absl::MaxSplits(':', 5));
  if (parts.size() != 6 || parts[0] != "arn" || parts[2].empty() || parts[5].empty()) {
    return std::nullopt;
  }
  Arn out{.partition = parts[1],
          .service = parts[2],
          .region = parts[3],
          .account = parts[4],
          .type = parts[2],
          .name = parts[5]};
  size_t sep = parts[5].find_first_of("/:");
  if (sep != std::string::npos) {
    out.type = parts[2] + ":" + parts[5].substr(0, sep);
    out.name = parts[5].substr(sep + 1);
  }
  return out;
}

nlohmann::json ScanSummary::ToJson() const {
  return {{"regions", regions},   {"resources", resources},       {"owned", owned},
          {"orphaned", orphaned}, {"with_project", with_project}, {"errors", errors}};
}

ResourceScanner::ResourceScanner(const ScannerDeps& deps, CloudResourceConfig config)
    : deps_(deps), config_(std::move(config)), http_(http::NewCurlClient()) {
  for (const AwsAccount& account : config_.accounts) {
    clients_[account.id] = std::make_unique<aws::TaggingClient>(
        http_.get(), deps_.clock,
        aws::TaggingOptions{.endpoint = config_.endpoint, .credentials = account.credentials});
  }
}

absl::StatusOr<ResourceScanner::Resolved> ResourceScanner::Resolve(
    store::Tx& tx, const std::map<std::string, std::string>& tags) {
  Resolved out;
  std::string team_value = TagValue(tags, config_.team_tag);
  std::string project_value = TagValue(tags, config_.project_tag);
  std::optional<Project> project;
  if (!project_value.empty()) {
    ASSIGN_OR_RETURN(project, deps_.projects->FindBySlugTx(tx, project_value));
    if (project) out.project_id = project->id;
  }
  std::optional<Team> team;
  if (!team_value.empty()) {
    ASSIGN_OR_RETURN(team, deps_.teams->FindBySlugTx(tx, team_value));
    if (!team) {
      ASSIGN_OR_RETURN(team, deps_.teams->FindByHrIdTx(tx, team_value));
    }
  } else if (project) {
    ASSIGN_OR_RETURN(team, deps_.teams->FindByIdTx(tx, project->owner_team_id));
  }
  if (team && team->status != "dissolved") out.owner_team_id = team->id;
  return out;
}

CloudResource ResourceScanner::ToResource(const AwsAccount& account, const std::string& region,
                                          const aws::ResourceTagMapping& m) const {
  CloudResource r;
  r.id = m.arn;
  r.provider = "aws";
  r.account = account.id;
  r.region = region;
  if (auto arn = ParseArn(m.arn)) {
    if (!arn->account.empty()) r.account = arn->account;
    if (!arn->region.empty()) r.region = arn->region;
    r.type = arn->type;
    r.name = arn->name;
  }
  r.tags = TagsJson(m.tags);
  r.source = "aws-scan";
  return r;
}

absl::StatusOr<ScanSummary> ResourceScanner::Run(const std::function<bool()>& keep_going) {
  struct Fetched {
    const AwsAccount* account;
    std::string region;
    std::vector<aws::ResourceTagMapping> items;
  };
  std::vector<Fetched> fetched;
  ScanSummary summary;
  absl::Status first_error;
  for (const AwsAccount& account : config_.accounts) {
    for (const std::string& region : account.regions) {
      if (keep_going && !keep_going()) return absl::AbortedError("aws scan: lease lost");
      auto got = clients_.at(account.id)->GetResources(region);
      if (!got.ok()) {
        summary.errors.push_back(
            absl::StrCat(account.id, "/", region, ": ", got.status().message()));
        spdlog::warn("aws scan {}/{}: {}", account.id, region, std::string(got.status().message()));
        if (first_error.ok()) first_error = got.status();
        continue;
      }
      fetched.push_back({&account, region, std::move(*got)});
    }
  }
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    summary.regions = static_cast<int>(fetched.size());
    summary.resources = summary.owned = summary.orphaned = summary.with_project = 0;
    for (const Fetched& f : fetched) {
      for (const auto& m : f.items) {
        CloudResource r = ToResource(*f.account, f.region, m);
        ASSIGN_OR_RETURN(Resolved owner, Resolve(tx, m.tags));
        r.owner_team_id = owner.owner_team_id;
        r.project_id = owner.project_id;
        RETURN_IF_ERROR(deps_.resources->Upsert(tx, r));
        ++summary.resources;
        ++(r.owner_team_id.empty() ? summary.orphaned : summary.owned);
        if (!r.project_id.empty()) ++summary.with_project;
      }
    }
    return deps_.audit->Append(tx, "system", "resource.scan", "resources:aws", summary.ToJson());
  }));
  deps_.audit->Published();
  if (!first_error.ok()) {
    return absl::Status(
        aws::IsRetryable(first_error) ? absl::StatusCode::kUnavailable : first_error.code(),
        "aws scan: " + absl::StrJoin(summary.errors, "; "));
  }
  return summary;
}

bool ResourceScanner::CanWriteTags(const CloudResource& r) const {
  return r.provider == "aws" && clients_.count(r.account) > 0;
}

absl::Status ResourceScanner::WriteOwnerTags(const CloudResource& r,
                                             const std::optional<std::string>& team_slug,
                                             const std::optional<std::string>& project_slug) {
  auto client = clients_.find(r.account);
  if (r.provider != "aws" || client == clients_.end()) {
    return absl::FailedPreconditionError("account " + r.account + " is not configured");
  }
  std::map<std::string, std::string> set;
  std::vector<std::string> remove;
  for (const auto& [key, value] :
       {std::pair{config_.team_tag, team_slug}, std::pair{config_.project_tag, project_slug}}) {
    if (!value) continue;
    if (value->empty()) {
      remove.push_back(key);
    } else {
      set[key] = *value;
    }
  }
  std::map<std::string, aws::FailedResource> failed;
  if (!set.empty()) {
    ASSIGN_OR_RETURN(failed, client->second->TagResources(r.region, {r.id}, set));
  }
  if (!remove.empty() && failed.empty()) {
    ASSIGN_OR_RETURN(failed, client->second->UntagResources(r.region, {r.id}, remove));
  }
  auto it = failed.find(r.id);
  if (it != failed.end()) {
    return DomainError(
        absl::StatusCode::kFailedPrecondition, "provider_error",
        "AWS did not tag " + r.id + ": " + it->second.error_code + " " + it->second.error_message);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<ResourceScanner>> InstallCloudResources(
    const CloudResourceDeps& deps) {
  ASSIGN_OR_RETURN(
      CloudResourceConfig config,
      ParseCloudResourceConfig(deps.config ? *deps.config : nlohmann::json(), ProcessEnv()));
  const bool periodic = !config.accounts.empty();
  const int64_t interval_ms = config.interval_ms;
  auto scanner = std::make_shared<ResourceScanner>(ScannerDeps{.store = deps.store,
                                                               .audit = deps.audit,
                                                               .resources = deps.resources,
                                                               .teams = deps.teams,
                                                               .projects = deps.projects,
                                                               .clock = deps.clock},
                                                   std::move(config));
  deps.workers->Register(kAwsScanJob, [scanner](jobs::JobContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(ScanSummary summary, scanner->Run(ctx.heartbeat));
    spdlog::info("aws scan: {}", summary.ToJson().dump());
    return absl::OkStatus();
  });
  if (periodic) deps.scheduler->Every(kAwsScanJob, interval_ms);
  return scanner;
}

}  // namespace paved::catalog
