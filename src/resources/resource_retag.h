#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "jobs/worker_pool.h"
#include "resources/provider.h"
#include "resources/resource_store.h"

namespace paved::resources {

inline constexpr char kRetagJobKind[] = "resources.retag";

// Keeps the owner tags of resources' pieces in step with their project's owner: the catalog
// changes owners (a transfer, a team renamed by the HR sync, a Backstage import) without knowing
// about resources, so each round compares, for every ready resource of a provider that tags
// (Provider::Tags), the owner team now with the team its pieces were tagged with
// (`outputs.tagged_team`, kTaggedTeamOutput; absent on resources made before it was recorded,
// which are retagged once), and where they differ calls Provider::Retag. A retag is recorded in
// one transaction: `outputs.tagged_team`, a journal entry (saga and step `retag`, detail
// "<from> -> <to>") and the audit event `resource.retag` (actor `paved`, summary from/to). A
// resource that changed status meanwhile is left for the next round; a resource whose project
// is gone is skipped. A provider's error (transient or not) is logged and tried again next
// round; it never stops the other resources.
class Retagger {
 public:
  using ProviderLookup = std::function<Provider*(const std::string& name)>;
  Retagger(ResourceStore* store, audit::AuditLog* audit, ProviderLookup providers)
      : store_(store), audit_(audit), providers_(std::move(providers)) {}

  struct Round {
    int retagged = 0;
    int failed = 0;
  };
  // One round over every ready resource. Errors only when the resources cannot be read.
  absl::StatusOr<Round> RunOnce();
  // Registers the job kRetagJobKind, which runs one round.
  void Register(jobs::WorkerPool& pool);

 private:
  // Records that `r`'s pieces now carry `r.owner_team`; false when `r` is no longer ready.
  absl::StatusOr<bool> Record(const Resource& r, const std::string& from);

  ResourceStore* store_;
  audit::AuditLog* audit_;
  ProviderLookup providers_;
};

}  // namespace paved::resources
