#include "resources/resource_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "auth/permissions.h"
#include "catalog/project_refs.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "resources/kinds.h"
#include "resources/notify.h"

namespace paved::resources {
namespace {

using nlohmann::json;

json Summary(const Resource& r) {
  return {{"kind", KindName(r.kind)},
          {"name", r.name},
          {"environment", r.environment},
          {"account", r.account}};
}

std::string Subject(const Resource& r) { return "resource:" + r.id; }

absl::Status NotFound(const std::string& id) {
  return DomainError(absl::StatusCode::kNotFound, "not_found", "no resource " + id);
}

}  // namespace

absl::StatusOr<Profile> ResourceService::ProfileFor(const std::string& environment,
                                                    const std::string& account) {
  ASSIGN_OR_RETURN(std::vector<Profile> all, d_.resources->Profiles());
  std::vector<Profile> here;
  std::vector<std::string> accounts;
  for (Profile& p : all) {
    if (p.environment != environment) continue;
    if (account.empty() || p.account == account) here.push_back(p);
    accounts.push_back(p.account);
  }
  if (here.size() == 1) return here.front();
  if (accounts.empty()) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "no_standard",
                       absl::StrCat("there is no resource standard for ", environment,
                                    " yet; an sre or admin sets one "
                                    "(paved resources profiles set)"),
                       "environment");
  }
  if (here.empty()) {
    return DomainError(absl::StatusCode::kInvalidArgument, "unknown_account",
                       absl::StrCat("no standard for account '", account, "' in ", environment,
                                    "; accounts: ", absl::StrJoin(accounts, ", ")),
                       "account");
  }
  return DomainError(absl::StatusCode::kInvalidArgument, "account_needed",
                     absl::StrCat(environment, " has several accounts (",
                                  absl::StrJoin(accounts, ", "), "); name one"),
                     "account");
}

absl::StatusOr<Kind> ResourceService::CheckNew(const std::string& kind_name,
                                               const std::string& name,
                                               const std::string& environment) {
  std::optional<Kind> kind = ParseKind(kind_name);
  if (!kind) return InvalidField("kind", "kind must be one of redis, static-site, dynamodb");
  if (!IsResourceName(name)) {
    return InvalidField("name",
                        "a name is 1-40 of a-z, 0-9 and '-', starting with a letter "
                        "and not ending with '-'");
  }
  if (environment.empty()) return MissingField("environment");
  if (d_.require_environment) RETURN_IF_ERROR(d_.require_environment(environment));
  return *kind;
}

Resource ResourceService::NewResource(const Caller& caller, const catalog::Project& project,
                                      Kind kind, const std::string& name, const Profile& profile) {
  return Resource{.id = NewId(),
                  .project_id = project.id,
                  .project = project.slug,
                  .owner_team = project.owner_team,
                  .name = name,
                  .kind = kind,
                  .environment = profile.environment,
                  .account = profile.account,
                  .provider = profile.provider,
                  .status = Status::kCreating,
                  .deletion_protection = profile.environment == "production",
                  .created_by = caller.login};
}

absl::StatusOr<Resource> ResourceService::Create(const Caller& caller,
                                                 const std::string& project_slug,
                                                 const CreateRequest& req) {
  ASSIGN_OR_RETURN(std::optional<catalog::Project> project, d_.projects->FindBySlug(project_slug));
  if (!project) {
    return DomainError(absl::StatusCode::kNotFound, "not_found", "no project " + project_slug);
  }
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, project->owner_team_id));
  ASSIGN_OR_RETURN(Kind kind, CheckNew(req.kind, req.name, req.environment));
  ASSIGN_OR_RETURN(Profile profile, ProfileFor(req.environment, req.account));
  ASSIGN_OR_RETURN(json effective, Resolve(profile, kind, req.spec, req.overrides));
  Provider* provider = d_.runner->ProviderFor(profile.provider);
  if (!provider || !provider->Supports(kind)) {
    return DomainError(absl::StatusCode::kInvalidArgument, "unsupported_kind",
                       absl::StrCat("the ", profile.provider, " provider of ", profile.account, "/",
                                    profile.environment, " cannot make a ", KindName(kind)),
                       "kind");
  }
  Resource r = NewResource(caller, *project, kind, req.name, profile);
  r.spec = req.spec;
  r.effective = std::move(effective);
  std::string token = NewAuthToken();
  double price = MonthlyPrice(profile, kind, r.effective);
  if (price >= 0) r.outputs["estimated_monthly_usd"] = price;
  if (price > 0 && d_.budget_gate) {
    json what = Summary(r);
    what["project"] = project->slug;
    RETURN_IF_ERROR(d_.budget_gate(caller, project->owner_team_id, price, what));
  }
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d_.resources->Insert(tx, r));
    if (r.kind == Kind::kRedis && d_.connections) {
      RETURN_IF_ERROR(d_.connections->PutToken(tx, r, token));
    }
    RETURN_IF_ERROR(d_.runner->EnqueueCreate(tx, r.id));
    json summary = Summary(r);
    summary["project"] = project->slug;
    summary["spec"] = r.spec;
    return d_.audit->Append(tx, caller.login, "resource.create", Subject(r), summary);
  }));
  d_.audit->Published();
  if (d_.workers) d_.workers->Wake();
  ASSIGN_OR_RETURN(Resource created, Get(r.id));
  if (r.kind == Kind::kRedis && d_.connections) created.auth_token = token;
  return created;
}

absl::StatusOr<Resource> ResourceService::Fill(Resource r) {
  std::vector<Resource> one = {std::move(r)};
  RETURN_IF_ERROR(d_.resources->FillProjects(one));
  return std::move(one.front());
}

absl::StatusOr<std::vector<Resource>> ResourceService::List(const ListRequest& req) {
  ResourceQuery q{.kind = req.kind,
                  .environment = req.environment,
                  .status = req.status,
                  .after_id = req.after_id,
                  .limit = req.limit};
  if (!req.kind.empty() && !ParseKind(req.kind)) {
    return InvalidField("kind", "kind must be one of redis, static-site, dynamodb");
  }
  if (!req.status.empty() && !ParseStatus(req.status)) {
    return InvalidField("status", "unknown status " + req.status);
  }
  if (!req.project.empty()) {
    ASSIGN_OR_RETURN(auto project, d_.projects->FindBySlug(req.project));
    if (!project) return std::vector<Resource>{};
    q.project_ids.push_back(project->id);
  }
  if (!req.team.empty()) {
    ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlug(req.team));
    if (!team) return std::vector<Resource>{};
    std::vector<std::string> owned;
    std::string after;
    for (;;) {
      ASSIGN_OR_RETURN(auto page, d_.projects->List(
                                      {.owner_slug = req.team, .after_slug = after, .limit = 500}));
      for (const auto& p : page) {
        if (q.project_ids.empty() || q.project_ids.front() == p.id) owned.push_back(p.id);
      }
      if (page.size() < 500) break;
      after = page.back().slug;
    }
    if (owned.empty()) return std::vector<Resource>{};
    q.project_ids = owned;
  }
  ASSIGN_OR_RETURN(std::vector<Resource> found, d_.resources->List(q));
  RETURN_IF_ERROR(d_.resources->FillProjects(found));
  return found;
}

absl::StatusOr<Resource> ResourceService::Get(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Resource> r, d_.resources->Get(id));
  if (!r) return NotFound(id);
  return Fill(*r);
}

absl::StatusOr<catalog::Project> ResourceService::WritableProject(const Caller& caller,
                                                                  const std::string& project_id) {
  ASSIGN_OR_RETURN(auto refs, catalog::ProjectRefs(*d_.store, {project_id}));
  auto it = refs.find(project_id);
  if (it == refs.end()) return absl::NotFoundError("the resource's project is gone");
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, it->second.owner_team_id));
  return catalog::Project{.id = it->second.id,
                          .slug = it->second.slug,
                          .owner_team_id = it->second.owner_team_id,
                          .owner_team = it->second.owner_team};
}

absl::StatusOr<Resource> ResourceService::GetWritable(const Caller& caller, const std::string& id) {
  ASSIGN_OR_RETURN(Resource r, Get(id));
  RETURN_IF_ERROR(WritableProject(caller, r.project_id).status());
  return r;
}

absl::Status ResourceService::Audit(const Caller& caller, const Resource& r,
                                    const std::string& action, const json& details) {
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    return d_.audit->Append(tx, caller.login, action, Subject(r), details);
  }));
  d_.audit->Published();
  return absl::OkStatus();
}

absl::Status ResourceService::CheckDeletable(const Resource& r, const std::string& confirm) {
  if (confirm != r.name) {
    return DomainError(absl::StatusCode::kInvalidArgument, "confirmation_mismatch",
                       absl::StrCat("type the resource's name (", r.name, ") to delete it"),
                       "confirm");
  }
  if (r.status != Status::kReady && r.status != Status::kFailed) {
    return DomainError(
        absl::StatusCode::kFailedPrecondition, "resource_busy",
        absl::StrCat(r.name, " is ", StatusName(r.status), "; delete it when that has finished"));
  }
  if (r.deletion_protection) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "deletion_protected",
                       absl::StrCat(r.name,
                                    " has deletion protection; an sre or admin "
                                    "lifts it first"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Resource> ResourceService::Delete(const Caller& caller, const std::string& id,
                                                 const std::string& confirm) {
  ASSIGN_OR_RETURN(Resource r, Get(id));
  RETURN_IF_ERROR(WritableProject(caller, r.project_id).status());
  RETURN_IF_ERROR(CheckDeletable(r, confirm));
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Resource> now, d_.resources->GetTx(tx, id, true));
    if (!now) return NotFound(id);
    RETURN_IF_ERROR(CheckDeletable(*now, confirm));
    RETURN_IF_ERROR(d_.resources->SetStatus(tx, id, Status::kDeleting, ""));
    RETURN_IF_ERROR(d_.runner->EnqueueDelete(tx, id));
    return d_.audit->Append(tx, caller.login, "resource.delete", Subject(r), Summary(r));
  }));
  d_.audit->Published();
  if (d_.workers) d_.workers->Wake();
  return Get(id);
}

absl::StatusOr<Resource> ResourceService::SetDeletionProtection(const Caller& caller,
                                                                const std::string& id, bool on,
                                                                const std::string& reason) {
  ASSIGN_OR_RETURN(Resource r, Get(id));
  RETURN_IF_ERROR(WritableProject(caller, r.project_id).status());
  if (!on && !auth::CanLiftDeletionProtection(caller)) {
    return DomainError(absl::StatusCode::kPermissionDenied, "forbidden",
                       "only an sre or admin lifts deletion protection");
  }
  if (!on && reason.empty()) return MissingField("reason");
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d_.resources->SetDeletionProtection(tx, id, on));
    json summary = Summary(r);
    summary["deletion_protection"] = {{"from", r.deletion_protection}, {"to", on}};
    summary["reason"] = reason;
    return d_.audit->Append(tx, caller.login, "resource.protection", Subject(r), summary);
  }));
  d_.audit->Published();
  return Get(id);
}

absl::StatusOr<Profile> ResourceService::PutProfile(const Caller& caller, Profile profile) {
  if (!auth::CanManageResourceStandards(caller)) {
    return DomainError(absl::StatusCode::kPermissionDenied, "forbidden",
                       "only an sre or admin sets the resource standard");
  }
  if (d_.require_environment) RETURN_IF_ERROR(d_.require_environment(profile.environment));
  profile.updated_by = caller.login;
  ASSIGN_OR_RETURN(std::optional<Profile> before,
                   d_.resources->FindProfile(profile.account, profile.environment));
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d_.resources->PutProfile(tx, profile));
    return d_.audit->Append(
        tx, caller.login, before ? "resource_profile.update" : "resource_profile.create",
        absl::StrCat("resource-profile:", profile.account, "/", profile.environment),
        {{"before", before ? ProfileToJson(*before) : json(nullptr)},
         {"after", ProfileToJson(profile)}});
  }));
  d_.audit->Published();
  ASSIGN_OR_RETURN(std::optional<Profile> stored,
                   d_.resources->FindProfile(profile.account, profile.environment));
  return *stored;
}

absl::Status ResourceService::DeleteProfile(const Caller& caller, const std::string& account,
                                            const std::string& environment) {
  if (!auth::CanManageResourceStandards(caller)) {
    return DomainError(absl::StatusCode::kPermissionDenied, "forbidden",
                       "only an sre or admin sets the resource standard");
  }
  bool found = false;
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(found, d_.resources->DeleteProfile(tx, account, environment));
    if (!found) return absl::OkStatus();
    return d_.audit->Append(tx, caller.login, "resource_profile.delete",
                            absl::StrCat("resource-profile:", account, "/", environment), {});
  }));
  if (!found) {
    return DomainError(absl::StatusCode::kNotFound, "not_found",
                       absl::StrCat("no resource standard for ", account, "/", environment));
  }
  d_.audit->Published();
  return absl::OkStatus();
}

absl::Status ResourceService::RecordEnd(store::Tx& tx, const Resource& r, Status ended,
                                        const std::string& why) {
  json summary = Summary(r);
  if (!why.empty()) summary["detail"] = why;
  RETURN_IF_ERROR(d_.audit->Append(tx, "paved", absl::StrCat("resource.", StatusName(ended)),
                                   Subject(r), summary));
  if (d_.queue) RETURN_IF_ERROR(EnqueueNotice(tx, *d_.queue, r, ended, why));
  return absl::OkStatus();
}

}  // namespace paved::resources
