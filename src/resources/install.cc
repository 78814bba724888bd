#include "resources/install.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "catalog/resource_scan.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "resources/notify.h"
#include "spdlog/spdlog.h"

namespace paved::resources {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json LocalStandard(const std::string& environment) {
  return {{"account", "local"},
          {"environment", environment},
          {"provider", "local"},
          {"defaults",
           {{"redis",
             {{"size", "s"},
              {"engine_version", "7.0"},
              {"eviction_policy", "allkeys-lru"},
              {"maxmemory_mb", {{"s", 64}, {"m", 256}, {"l", 1024}}}}},
            {"common", {{"encryption_at_rest", false}, {"backup_retention_days", 0}}}}},
          {"overridable", {"backup_retention_days"}},
          // On-demand prices of cache.t4g.small / cache.m7g.large / cache.r7g.xlarge, as a
          // stand-in until the platform team sets its own.
          {"prices", {{"redis", {{"s", 23.36}, {"m", 115.34}, {"l", 316.09}}}}}};
}

// A profile in the config file for an AWS account of `resources.aws.accounts` is an aws profile
// in that account's region unless it says otherwise.
json WithAwsDefaults(json profile, const std::map<std::string, aws_provider::AwsAccount>& aws) {
  if (!profile.is_object() || !profile.contains("account") || !profile["account"].is_string()) {
    return profile;
  }
  auto account = aws.find(profile["account"].get<std::string>());
  if (account == aws.end()) return profile;
  if (!profile.contains("provider")) profile["provider"] = "aws";
  if (!profile.contains("region")) profile["region"] = account->second.region;
  return profile;
}

absl::Status SeedProfiles(const InstallDeps& deps, ResourceStore& store,
                          const std::map<std::string, aws_provider::AwsAccount>& aws) {
  ASSIGN_OR_RETURN(std::vector<Profile> existing, store.Profiles());
  json configured = json::array();
  if (deps.config && deps.config->is_object() && deps.config->contains("resources")) {
    const json& section = (*deps.config)["resources"];
    if (!section.is_object()) return absl::InvalidArgumentError("resources: must be a mapping");
    configured = section.value("profiles", json::array());
    if (!configured.is_array()) {
      return absl::InvalidArgumentError("resources.profiles: must be a list");
    }
  } else if (existing.empty()) {
    for (const std::string& env : deps.environments) configured.push_back(LocalStandard(env));
  }
  for (size_t i = 0; i < configured.size(); ++i) {
    absl::StatusOr<Profile> p = ParseProfile(WithAwsDefaults(configured[i], aws));
    if (!p.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "resources.profiles[", i, "].", ErrorField(p.status()), ": ", p.status().message()));
    }
    bool stored = false;
    for (const Profile& e : existing) {
      stored = stored || (e.account == p->account && e.environment == p->environment);
    }
    if (stored) continue;
    p->updated_by = "paved";
    RETURN_IF_ERROR(deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(store.PutProfile(tx, *p));
      return deps.audit->Append(tx, "paved", "resource_profile.create",
                                absl::StrCat("resource-profile:", p->account, "/", p->environment),
                                {{"after", ProfileToJson(*p)}});
    }));
  }
  return absl::OkStatus();
}

// The AWS accounts of `resources.aws`, none when the section is absent.
using AwsAccountMap = std::map<std::string, aws_provider::AwsAccount>;
absl::StatusOr<AwsAccountMap> AwsAccounts(const json* config) {
  if (!config || !config->is_object() || !config->contains("resources")) return AwsAccountMap{};
  const json& section = (*config)["resources"];
  if (!section.is_object() || !section.contains("aws")) return AwsAccountMap{};
  return aws_provider::ParseAwsAccounts(section["aws"], catalog::ProcessEnv());
}

constexpr char kDynaliteCli[] = "tools/dynalite/node_modules/dynalite/cli.js";

// dynalite's cli.js: `resources.local.dynalite` of the config file, else the one that
// scripts/install-deps installs into the source tree — found from the working directory (as
// `make run` starts Paved) or from the executable's (a build tree inside the source tree).
std::string FindDynalite(const json* config) {
  if (config && config->is_object()) {
    const json& local = config->value("resources", json::object()).value("local", json::object());
    if (local.is_object() && local.value("dynalite", json()).is_string()) {
      return local["dynalite"].get<std::string>();
    }
  }
  std::error_code ec;
  if (fs::exists(kDynaliteCli, ec)) return fs::absolute(kDynaliteCli).string();
  for (fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
       !ec && dir.has_relative_path(); dir = dir.parent_path()) {
    if (fs::exists(dir / kDynaliteCli, ec)) return (dir / kDynaliteCli).string();
  }
  return "";
}

// The first `node` on PATH, for dynalite.
std::string FindNode() {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "/usr/bin:/bin", ':')) {
    std::string candidate = absl::StrCat(dir, "/node");
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "/usr/bin/node";
}

// `local_sites` (max_file_bytes, max_site_bytes, max_files) over the defaults.
absl::StatusOr<local::SiteLimits> SiteLimitsFrom(const json* config) {
  local::SiteLimits limits;
  if (!config || !config->is_object() || !config->contains("local_sites")) return limits;
  const json& set = (*config)["local_sites"];
  if (!set.is_object()) return absl::InvalidArgumentError("local_sites: must be a mapping");
  for (auto [name, target] :
       {std::pair<const char*, int64_t*>{"max_file_bytes", &limits.max_file_bytes},
        {"max_site_bytes", &limits.max_site_bytes}}) {
    if (!set.contains(name)) continue;
    if (!set[name].is_number_integer() || set[name].get<int64_t>() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("local_sites.", name, ": must be a positive integer"));
    }
    *target = set[name].get<int64_t>();
  }
  if (set.contains("max_files")) {
    if (!set["max_files"].is_number_integer() || set["max_files"].get<int64_t>() <= 0) {
      return absl::InvalidArgumentError("local_sites.max_files: must be a positive integer");
    }
    limits.max_files = set["max_files"].get<int>();
  }
  return limits;
}

}  // namespace

absl::StatusOr<Installed> InstallResources(const InstallDeps& deps) {
  Installed out;
  out.store = std::make_unique<ResourceStore>(deps.store, deps.clock);
  out.secrets = std::make_unique<deploy::SecretStore>(deps.store, deps.keys, deps.clock);
  out.connections = std::make_unique<ConnectionSecrets>(out.secrets.get());
  local::LocalOptions local_options{.root = deps.data_dir + "/resources",
                                    .node = FindNode(),
                                    .dynalite = FindDynalite(deps.config),
                                    .sandbox = deps.sandbox,
                                    .public_url = deps.public_url};
  out.local = std::make_unique<local::LocalProvider>(local_options);
  ASSIGN_OR_RETURN(out.site_limits, SiteLimitsFrom(deps.config));
  ASSIGN_OR_RETURN(auto aws_accounts, AwsAccounts(deps.config));
  std::map<std::string, Provider*> providers = {{"local", out.local.get()}};
  if (!aws_accounts.empty()) {
    out.aws_http = http::NewCurlClient();
    out.aws = std::make_unique<aws_provider::AwsProvider>(
        out.aws_http.get(), deps.clock, aws_provider::AwsProviderOptions{.accounts = aws_accounts});
    providers["aws"] = out.aws.get();
  }
  // The runner reports to the service, which needs the runner: set once both exist.
  auto service = std::make_shared<ResourceService*>(nullptr);
  out.runner = std::make_unique<SagaRunner>(
      out.store.get(), deps.queue, providers,
      SagaListener{.ended = [service](store::Tx& tx, const Resource& r, Status ended,
                                      const std::string& why) -> absl::Status {
                     if (!*service) return absl::OkStatus();
                     return (*service)->RecordEnd(tx, r, ended, why);
                   },
                   .updated = [service](store::Tx& tx, const Resource& r,
                                        const std::string& failure) -> absl::Status {
                     if (!*service) return absl::OkStatus();
                     return (*service)->RecordUpdate(tx, r, failure);
                   },
                   .committed = [audit = deps.audit] { audit->Published(); }});
  out.runner->SetConnections(out.connections.get());
  if (const char* kill = std::getenv("PAVED_FAULT_KILL_AFTER_JOURNAL_ENTRIES")) {
    out.runner->KillAfterJournalEntries(std::atoi(kill));
  }
  out.service = std::make_shared<ResourceService>(
      ResourceServiceDeps{.store = deps.store,
                          .resources = out.store.get(),
                          .runner = out.runner.get(),
                          .projects = deps.projects,
                          .teams = deps.teams,
                          .audit = deps.audit,
                          .workers = deps.workers,
                          .connections = out.connections.get(),
                          .queue = deps.queue,
                          .require_environment = deps.require_environment,
                          .budget_gate = deps.budget_gate});
  *service = out.service.get();
  RETURN_IF_ERROR(SeedProfiles(deps, *out.store, aws_accounts));
  out.runner->Register(*deps.workers);
  RegisterNotifier(
      *deps.workers,
      [service = out.service.get()](const std::string& id) { return service->Get(id); }, deps.chat,
      deps.public_url);
  ResourceStore* store = out.store.get();
  local::LocalProvider* local = out.local.get();
  deps.workers->Register(kReviveJobKind, [store, local](jobs::JobContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<Resource> ready, store->List({.status = "ready", .limit = 10000}));
    for (const Resource& r : ready) {
      if (r.provider != "local") continue;
      absl::StatusOr<bool> revived = local->Revive(r);
      if (!revived.ok()) {
        spdlog::warn("resources: cannot start {} again: {}", r.id, revived.status().ToString());
      } else if (*revived) {
        spdlog::info("resources: started {} {} ({}) again", KindName(r.kind), r.name, r.id);
      }
    }
    return absl::OkStatus();
  });
  deps.scheduler->Every(kReviveJobKind, 15'000);
  out.retagger = std::make_unique<Retagger>(
      out.store.get(), deps.audit,
      [runner = out.runner.get()](const std::string& name) { return runner->ProviderFor(name); });
  out.retagger->Register(*deps.workers);
  deps.scheduler->Every(kRetagJobKind, kRetagIntervalMs);
  return out;
}

}  // namespace paved::resources
