// ResourceService::Import and Forget: bringing an existing cloud resource under Paved, and
// letting go of it again without deleting it.
#include "absl/strings/str_cat.h"
#include "auth/permissions.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "resources/kinds.h"
#include "resources/resource_service.h"
#include "spdlog/spdlog.h"

namespace paved::resources {
namespace {

using nlohmann::json;

// `found` split into what the kind's spec accepts and the rest: each field the spec check
// names is moved to `settings`, until the spec passes.
json SpecOf(Kind kind, json found, json& settings) {
  for (size_t tries = 0; tries <= found.size() + 1; ++tries) {
    absl::StatusOr<json> ok = ValidateSpec(kind, found);
    if (ok.ok()) return found;
    std::string field = ErrorField(ok.status());
    if (field.rfind("spec.", 0) == 0) field = field.substr(5, field.find('.', 5) - 5);
    if (!found.contains(field)) break;
    settings[field] = found[field];
    found.erase(field);
  }
  return found;
}

// The effective settings of an imported resource: what the provider found (source
// `imported`) over the standard; a null setting takes the standard's value away.
absl::StatusOr<json> ImportedEffective(const Profile& profile, Kind kind, const json& spec,
                                       const json& settings) {
  ASSIGN_OR_RETURN(json effective, Resolve(profile, kind, spec, json::object()));
  for (const auto& [key, value] : spec.items()) {
    effective[key] = {{"value", value}, {"source", "imported"}};
  }
  for (const auto& [key, value] : settings.items()) {
    if (value.is_null()) {
      effective.erase(key);
    } else {
      effective[key] = {{"value", value}, {"source", "imported"}};
    }
  }
  return effective;
}

absl::Status AlreadyInPaved(const std::string& provider_id, const std::string& owner) {
  return DomainError(absl::StatusCode::kAlreadyExists, "already_managed",
                     absl::StrCat(provider_id, " is already Paved's resource ", owner), "id");
}

// The pieces an import adopted, from the journal.
std::vector<ImportedPiece> ImportedPieces(const std::vector<JournalEntry>& journal) {
  std::vector<ImportedPiece> pieces;
  for (const JournalEntry& e : journal) {
    if (e.saga == "import" && e.event == "done") pieces.push_back({e.step, e.provider_id});
  }
  return pieces;
}

}  // namespace

void ResourceService::KeepImportedSettings(const Resource& r, const json& spec, json& effective) {
  if (!r.outputs.value("imported", false)) return;
  for (const auto& [key, v] : r.effective.items()) {
    if (!spec.contains(key) && v.value("source", "") == "imported") effective[key] = v;
  }
  std::vector<std::string> left_out;
  for (const auto& [key, _] : effective.items()) {
    if (!spec.contains(key) && !r.effective.contains(key)) left_out.push_back(key);
  }
  for (const std::string& key : left_out) effective.erase(key);
  if (spec.contains("size")) effective.erase("node_type");
}

absl::StatusOr<Resource> ResourceService::Import(const Caller& caller, const ImportRequest& req) {
  if (req.project.empty()) return MissingField("project");
  ASSIGN_OR_RETURN(std::optional<catalog::Project> project, d_.projects->FindBySlug(req.project));
  if (!project) return InvalidField("project", "no project " + req.project);
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, project->owner_team_id));
  ASSIGN_OR_RETURN(Kind kind, CheckNew(req.kind, req.name, req.environment));
  if (req.id.empty()) return MissingField("id");
  ASSIGN_OR_RETURN(Profile profile, ProfileFor(req.environment, req.account));
  Provider* provider = d_.runner->ProviderFor(profile.provider);
  if (!provider || profile.provider == "local") {
    return DomainError(absl::StatusCode::kInvalidArgument, "import_unsupported",
                       absl::StrCat("the ", profile.provider, " provider of ", profile.account, "/",
                                    profile.environment,
                                    " makes its resources itself and cannot import one; import "
                                    "into an environment whose standard is a cloud account"),
                       "environment");
  }
  ASSIGN_OR_RETURN(std::optional<Resource> taken,
                   d_.resources->FindByName(project->id, req.environment, req.name));
  if (taken) {
    return DomainError(absl::StatusCode::kAlreadyExists, "resource_exists",
                       absl::StrCat("the project already has a resource named '", req.name, "' in ",
                                    req.environment),
                       "name");
  }
  Resource r = NewResource(caller, *project, kind, req.name, profile);
  r.status = Status::kReady;
  // What the provider compares with (node types by size); a kind with required fields has no
  // standard-only settings, and needs none to be described.
  r.effective = Resolve(profile, kind, json::object(), json::object()).value_or(json::object());
  ASSIGN_OR_RETURN(Adoption found, provider->DescribeForImport(
                                       r, {.id = req.id, .distribution_id = req.distribution_id}));
  json settings = found.settings;
  r.spec = SpecOf(kind, found.spec, settings);
  ASSIGN_OR_RETURN(r.effective, ImportedEffective(profile, kind, r.spec, settings));
  r.outputs = found.outputs;
  r.outputs["imported"] = true;
  if (double price = MonthlyPrice(profile, kind, r.effective); price >= 0) {
    r.outputs["estimated_monthly_usd"] = price;
  }
  RETURN_IF_ERROR(
      d_.store->Transaction([&](store::Tx& tx) { return CheckNotInPaved(tx, r, found.pieces); }));
  absl::Status adopted = provider->Adopt(r, found);
  if (adopted.ok()) adopted = StoreImport(caller, r, req, found.pieces);
  if (!adopted.ok()) {
    absl::Status released = provider->Release(r, found.pieces);
    if (!released.ok()) {
      spdlog::warn("resources: import of {} failed and its tags stay: {}", req.id,
                   released.ToString());
    }
    return adopted;
  }
  d_.audit->Published();
  return Get(r.id);
}

absl::Status ResourceService::CheckNotInPaved(store::Tx& tx, const Resource& r,
                                              const std::vector<ImportedPiece>& pieces) {
  for (const ImportedPiece& piece : pieces) {
    ASSIGN_OR_RETURN(std::optional<std::string> owner,
                     d_.resources->LiveOwnerOfPiece(tx, r.account, piece.provider_id));
    if (owner) return AlreadyInPaved(piece.provider_id, *owner);
  }
  return absl::OkStatus();
}

absl::Status ResourceService::StoreImport(const Caller& caller, const Resource& r,
                                          const ImportRequest& req,
                                          const std::vector<ImportedPiece>& pieces) {
  return d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(CheckNotInPaved(tx, r, pieces));
    RETURN_IF_ERROR(d_.resources->Insert(tx, r));
    for (const ImportedPiece& piece : pieces) {
      RETURN_IF_ERROR(d_.resources->Append(tx, r.id,
                                           {.saga = "import",
                                            .step = piece.step,
                                            .event = "done",
                                            .provider_id = piece.provider_id,
                                            .idempotency_key = piece.provider_id,
                                            .detail = "imported " + piece.provider_id}));
    }
    json summary = {{"kind", KindName(r.kind)},
                    {"name", r.name},
                    {"environment", r.environment},
                    {"account", r.account},
                    {"project", r.project},
                    {"id", req.id},
                    {"spec", r.spec}};
    if (!req.distribution_id.empty()) summary["distribution_id"] = req.distribution_id;
    return d_.audit->Append(tx, caller.login, "resource.import", "resource:" + r.id, summary);
  });
}

absl::StatusOr<Resource> ResourceService::Forget(const Caller& caller, const std::string& id,
                                                 const std::string& confirm) {
  ASSIGN_OR_RETURN(Resource r, Get(id));
  RETURN_IF_ERROR(WritableProject(caller, r.project_id).status());
  RETURN_IF_ERROR(CheckDeletable(r, confirm));
  if (!r.outputs.value("imported", false)) {
    return DomainError(absl::StatusCode::kInvalidArgument, "keep_unsupported",
                       absl::StrCat(r.name,
                                    " was made by Paved: deleting it removes what Paved made; "
                                    "only an imported resource can be kept in the cloud"),
                       "keep");
  }
  Provider* provider = d_.runner->ProviderFor(r.provider);
  if (!provider) return absl::FailedPreconditionError("no provider named " + r.provider);
  ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, d_.resources->Journal(id));
  std::vector<ImportedPiece> pieces = ImportedPieces(journal);
  RETURN_IF_ERROR(provider->Release(r, pieces));
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Resource> now, d_.resources->GetTx(tx, id, true));
    if (!now) return DomainError(absl::StatusCode::kNotFound, "not_found", "no resource " + id);
    RETURN_IF_ERROR(CheckDeletable(*now, confirm));
    for (const ImportedPiece& piece : pieces) {
      RETURN_IF_ERROR(d_.resources->Append(tx, id,
                                           {.saga = "forget",
                                            .step = piece.step,
                                            .event = "released",
                                            .provider_id = piece.provider_id,
                                            .detail = "left in the cloud without Paved's tags"}));
    }
    RETURN_IF_ERROR(
        d_.resources->SetStatus(tx, id, Status::kDeleted, "forgotten by Paved; left in the cloud"));
    return d_.audit->Append(tx, caller.login, "resource.delete", "resource:" + r.id,
                            {{"kind", KindName(r.kind)},
                             {"name", r.name},
                             {"environment", r.environment},
                             {"account", r.account},
                             {"keep_cloud", true}});
  }));
  d_.audit->Published();
  return Get(id);
}

}  // namespace paved::resources
