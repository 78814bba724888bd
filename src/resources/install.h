#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/client.h"
#include "jobs/scheduler.h"
#include "resources/aws/aws_provider.h"
#include "resources/local/local_provider.h"
#include "resources/local/site_files.h"
#include "resources/notify.h"
#include "resources/resource_retag.h"
#include "resources/resource_service.h"

namespace paved::resources {

struct InstallDeps {
  store::Store* store = nullptr;
  const Clock* clock = nullptr;
  audit::AuditLog* audit = nullptr;
  catalog::ProjectStore* projects = nullptr;
  catalog::TeamStore* teams = nullptr;
  jobs::JobQueue* queue = nullptr;
  jobs::WorkerPool* workers = nullptr;
  jobs::Scheduler* scheduler = nullptr;
  const nlohmann::json* config = nullptr;  // the config file; section `resources`
  std::string data_dir;
  deploy::runtime::local::Sandbox sandbox;
  std::function<absl::Status(const std::string&)> require_environment;
  std::vector<std::string> environments;  // the platform's, for the first start's standard
  deploy::KeyRing* keys = nullptr;        // encrypts the connection secrets
  ChatPost chat;                          // the owner team's channel; unset: nobody is told
  std::string public_url;  // Paved's address: links in chat messages, local static sites' url
  BudgetGate budget_gate;  // the budget check of a creation; unset: none
};

// Everything the resources domain runs on, owned by the server.
struct Installed {
  std::unique_ptr<ResourceStore> store;
  std::unique_ptr<deploy::SecretStore> secrets;
  std::unique_ptr<ConnectionSecrets> connections;
  std::unique_ptr<local::LocalProvider> local;
  local::SiteLimits site_limits;  // `local_sites` of the config file, or the defaults
  std::unique_ptr<http::Client> aws_http;
  std::unique_ptr<aws_provider::AwsProvider> aws;  // null without resources.aws.accounts
  std::unique_ptr<SagaRunner> runner;
  std::shared_ptr<ResourceService> service;
  std::unique_ptr<Retagger> retagger;
};

inline constexpr char kReviveJobKind[] = "resources.local.revive";
inline constexpr int64_t kRetagIntervalMs = 60'000;

// Wires the domain: the local provider under <data_dir>/resources, the aws provider for the
// accounts of `resources.aws.accounts` (a profile of such an account that names no provider
// uses it, in the account's region), the saga jobs, a job every
// 15 s that starts again a ready local Redis whose process is gone, a job every 60 s that
// retags the pieces of resources whose project changed owner (resource_retag.h), and the
// standard's first
// profiles — `resources.profiles` of the config file where no profile of that (account,
// environment) is stored yet; with neither, a local profile for every environment, so a new
// installation can create a Redis at once.
absl::StatusOr<Installed> InstallResources(const InstallDeps& deps);

}  // namespace paved::resources
