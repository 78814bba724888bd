#pragma once

#include <string>

#include "absl/status/status.h"
#include "audit/audit_log.h"
#include "auth/users.h"
#include "catalog/projects.h"
#include "catalog/teams.h"

namespace paved::server {

// Creates user `admin` (role admin) unless it exists. Its password is `configured_password` when
// set, else a random one that is printed once on stdout. Later starts change nothing.
absl::Status EnsureAdmin(store::Store& store, auth::UserStore& users, audit::AuditLog& audit,
                         const std::string& configured_password);

// Seeds a few demo teams and projects when the database has no teams yet.
absl::Status SeedDemoData(store::Store& store, catalog::TeamStore& teams,
                          catalog::ProjectStore& projects, audit::AuditLog& audit);

}  // namespace paved::server
