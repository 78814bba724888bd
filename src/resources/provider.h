#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "resources/resource.h"

namespace paved::resources {

// What one step of a creation achieved: finished (with the provider's id of the piece it made
// and outputs for the resource, e.g. {"port": 6379}), or still waiting for the provider (poll
// again after `poll_after_ms`; `waiting_for` says for what, for the journal).
struct StepOutcome {
  bool done = true;
  std::string provider_id;
  nlohmann::json outputs = nlohmann::json::object();
  int64_t poll_after_ms = 0;
  std::string waiting_for;

  static StepOutcome Done(std::string provider_id,
                          nlohmann::json outputs = nlohmann::json::object()) {
    return {.done = true, .provider_id = std::move(provider_id), .outputs = std::move(outputs)};
  }
  static StepOutcome Waiting(int64_t poll_after_ms, std::string waiting_for) {
    return {.done = false, .poll_after_ms = poll_after_ms, .waiting_for = std::move(waiting_for)};
  }
};

// One piece of a resource (a subnet group, a parameter group, a replication group, a process).
// Both directions must be idempotent, because a crash can come between doing a thing and
// journaling it:
// - Apply uses a name derived from the resource (the idempotency key), so running it again
//   finds what the first run made. It adopts an existing piece only when it carries Paved's
//   `paved-resource-id` tag with this resource's id; anything else is AlreadyExists
//   "not_ours" — never taken over, never deleted.
// - Undo removes the piece (`provider_id` from the journal, or "" when the crash came before
//   it was known: then by the idempotency key). A piece that is already gone is OK, and so is
//   one under that name that is not Paved's: it is left alone.
// Errors: Unavailable / DeadlineExceeded / ResourceExhausted / Aborted are transient (the step
// is retried); every other code fails the creation for good, which undoes it.
class Step {
 public:
  virtual ~Step() = default;
  virtual std::string Name() const = 0;
  virtual std::string IdempotencyKey(const Resource& r) const = 0;
  // `outputs` holds what earlier steps produced.
  virtual absl::StatusOr<StepOutcome> Apply(const Resource& r, const nlohmann::json& outputs) = 0;
  virtual absl::Status Undo(const Resource& r, const std::string& provider_id) = 0;
};

// What a provider found when asked to import a resource that already exists there: the kind's
// spec fields as they are, other settings as they are (`settings`; a null value removes the
// standard's value, e.g. `size` when the node type is none of the standard's sizes), outputs
// as the steps would have made them, and each piece adopted as the step that would have made
// it (its name) with the provider's id of it, for the journal.
struct ImportedPiece {
  std::string step;
  std::string provider_id;
};
struct Adoption {
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json outputs = nlohmann::json::object();
  std::vector<ImportedPiece> pieces;
};

// What names the existing resource: the provider's id of its main piece (a replication group
// id, a bucket name, a table name) and, for a static site, its CloudFront distribution.
struct ImportRef {
  std::string id;
  std::string distribution_id;  // optional
};

// A backend that makes resources: the steps of each kind, and the live state of a resource.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string Name() const = 0;  // local | aws
  virtual bool Supports(Kind kind) const = 0;
  // The ordered steps that create `r`; deleting runs their Undo in reverse order.
  virtual std::vector<std::unique_ptr<Step>> Steps(const Resource& r) = 0;
  // What the provider reports now (e.g. {"state": "available", "nodes": 2}); NotFound when
  // the resource is gone from the provider.
  virtual absl::StatusOr<nlohmann::json> LiveStatus(const Resource& r) = 0;
  // Brings a ready resource to `r.effective` in place (an update of the fields a kind lets
  // change). Idempotent: it is retried on transient errors, and called again with the previous
  // settings to put them back when it fails for good. Unimplemented when the provider cannot.
  virtual absl::StatusOr<StepOutcome> Update(const Resource& r) {
    return absl::UnimplementedError("the " + Name() + " provider cannot change a " +
                                    KindName(r.kind) + " in place");
  }
  // Whether the provider could bring `before` to `after` with Update: checked before an update
  // is accepted, so a change the provider can never make is the caller's error at once
  // (FailedPrecondition or InvalidArgument naming the `spec.<field>`), not a failed job.
  virtual absl::Status CheckUpdate(const Resource& before, const Resource& after) {
    (void)before;
    (void)after;
    return absl::OkStatus();
  }
  // Whether the pieces this provider makes carry tags (team, project, ...) that Retag keeps
  // current.
  virtual bool Tags() const { return false; }
  // Sets the tags of every piece of a ready resource to what `r` says now (its owner team and
  // project, filled from the catalog), leaving other tags alone. Idempotent. Errors as for
  // steps: transient ones are worth another try later.
  virtual absl::Status Retag(const Resource& r) {
    (void)r;
    return absl::OkStatus();
  }
  // Import, in two calls so nothing is tagged before Paved decided to keep the resource:
  // Describe reads what `ref` names for `r` (an id, kind, account and project but no settings
  // yet; `r.effective` is the standard's). NotFound (field "id" or "distribution_id") when it
  // does not exist; AlreadyExists "already_managed" when it carries a `paved-resource-id` tag.
  virtual absl::StatusOr<Adoption> DescribeForImport(const Resource& r, const ImportRef& ref) {
    return absl::UnimplementedError("the " + Name() + " provider cannot import a " +
                                    KindName(r.kind));
  }
  // Adopt tags the pieces of `adoption` as the steps tag what they make (idempotent); from
  // then on the steps' Undo treats them as `r`'s.
  virtual absl::Status Adopt(const Resource& /*r*/, const Adoption& /*adoption*/) {
    return absl::UnimplementedError("the " + Name() + " provider cannot import");
  }
  // Removes Paved's tags (managed-by, paved-resource-id, team, project, env) from `pieces`
  // when they are `r`'s, leaving the pieces themselves: for a failed import and for a delete
  // that keeps the cloud resource. Pieces already gone or someone else's are left alone.
  virtual absl::Status Release(const Resource& /*r*/,
                               const std::vector<ImportedPiece>& /*pieces*/) {
    return absl::UnimplementedError("the " + Name() + " provider cannot let go of a resource");
  }
};

// The output in which a provider that tags pieces records the owner team it tagged them with.
inline constexpr char kTaggedTeamOutput[] = "tagged_team";

// Whether a step's error is worth retrying.
bool IsTransient(const absl::Status& status);

}  // namespace paved::resources
