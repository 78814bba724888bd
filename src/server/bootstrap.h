#pragma once

#include <string>

#include "absl/status/status.h"
#include "audit/audit_log.h"
#include "auth/users.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "deploy/platform/platform_store.h"
#include "deploy/secrets/config_store.h"
#include "deploy/spec/spec_store.h"

namespace paved::server {

// Creates user `admin` (role admin) unless it exists. Its password is `configured_password` when
// set, else a random one that is printed once on stdout. Later starts change nothing.
absl::Status EnsureAdmin(store::Store& store, auth::UserStore& users, audit::AuditLog& audit,
                         const std::string& configured_password);

struct DemoDeployStores {
  deploy::spec::SpecStore* specs;
  deploy::platform::PlatformStore* platform;
  deploy::ConfigStore* config;
};

// Seeds a few demo teams and projects when the database has no teams yet; the chat gateway
// also gets an app spec, a config set per environment and both local clusters as targets.
absl::Status SeedDemoData(store::Store& store, catalog::TeamStore& teams,
                          catalog::ProjectStore& projects, audit::AuditLog& audit,
                          const DemoDeployStores& deploy);

}  // namespace paved::server
