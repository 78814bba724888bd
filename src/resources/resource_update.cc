// ResourceService::Update: changing a ready resource's settings in place.
#include <set>

#include "absl/strings/str_cat.h"
#include "auth/permissions.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "resources/kinds.h"
#include "resources/resource_service.h"

namespace paved::resources {
namespace {

using nlohmann::json;

// Spec fields a provider cannot change in place: the resource would be another one.
const std::set<std::string>& FixedFields(Kind kind) {
  static const std::set<std::string> kNone;
  static const std::set<std::string> kStaticSite = {"domain"};
  static const std::set<std::string> kDynamoDb = {"partition_key", "sort_key"};
  switch (kind) {
    case Kind::kStaticSite:
      return kStaticSite;
    case Kind::kDynamoDb:
      return kDynamoDb;
    case Kind::kRedis:
      break;
  }
  return kNone;
}

// `base` with `changes` merged over it; a null value removes the field.
json Merged(json base, const json& changes) {
  for (const auto& [key, value] : changes.items()) {
    if (value.is_null()) {
      base.erase(key);
    } else {
      base[key] = value;
    }
  }
  return base;
}

// The platform settings the team set before: the `team` values that are not spec fields.
json PreviousOverrides(const Resource& r) {
  std::set<std::string> spec_fields;
  for (const SpecField& f : SpecFields(r.kind)) spec_fields.insert(f.name);
  json out = json::object();
  for (const auto& [key, v] : r.effective.items()) {
    if (!spec_fields.contains(key) && v.value("source", "") == "team") out[key] = v["value"];
  }
  return out;
}

}  // namespace

absl::StatusOr<Resource> ResourceService::Update(const Caller& caller, const std::string& id,
                                                 const UpdateRequest& req) {
  ASSIGN_OR_RETURN(Resource r, Get(id));
  RETURN_IF_ERROR(WritableProject(caller, r.project_id).status());
  if (!req.spec.is_object()) return InvalidField("spec", "spec must be an object");
  if (!req.overrides.is_object()) return InvalidField("overrides", "overrides must be an object");
  json spec = Merged(r.spec, req.spec);
  json overrides = Merged(PreviousOverrides(r), req.overrides);
  ASSIGN_OR_RETURN(std::optional<Profile> profile,
                   d_.resources->FindProfile(r.account, r.environment));
  if (!profile) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "no_standard",
                       absl::StrCat("the standard of ", r.account, "/", r.environment,
                                    " is gone; an sre or admin sets it again first"));
  }
  ASSIGN_OR_RETURN(json effective, Resolve(*profile, r.kind, spec, overrides));
  KeepImportedSettings(r, spec, effective);
  for (const std::string& field : FixedFields(r.kind)) {
    if (effective.value(field, json()).value("value", json()) !=
        r.effective.value(field, json()).value("value", json())) {
      return DomainError(absl::StatusCode::kInvalidArgument, "immutable_field",
                         absl::StrCat(field, " of a ", KindName(r.kind),
                                      " cannot change; create a new resource instead"),
                         "spec." + field);
    }
  }
  if (effective == r.effective && spec == r.spec) return r;  // nothing to do
  if (Provider* provider = d_.runner->ProviderFor(r.provider)) {
    Resource after = r;
    after.spec = spec;
    after.effective = effective;
    RETURN_IF_ERROR(provider->CheckUpdate(r, after));
  }
  json before = {{"spec", r.spec}, {"effective", r.effective}, {"outputs", r.outputs}};
  json outputs = r.outputs;
  double price = MonthlyPrice(*profile, r.kind, effective);
  if (price >= 0) outputs["estimated_monthly_usd"] = price;
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Resource> now, d_.resources->GetTx(tx, id, true));
    if (!now) return DomainError(absl::StatusCode::kNotFound, "not_found", "no resource " + id);
    if (now->status != Status::kReady) {
      return DomainError(absl::StatusCode::kFailedPrecondition, "resource_busy",
                         absl::StrCat(r.name, " is ", StatusName(now->status),
                                      "; change it when that has finished"));
    }
    RETURN_IF_ERROR(d_.resources->SetSpec(tx, id, spec, effective));
    RETURN_IF_ERROR(d_.resources->SetOutputs(tx, id, outputs));
    RETURN_IF_ERROR(d_.resources->SetStatus(tx, id, Status::kUpdating, ""));
    RETURN_IF_ERROR(d_.runner->EnqueueUpdate(tx, id, before));
    return d_.audit->Append(tx, caller.login, "resource.update", "resource:" + r.id,
                            {{"kind", KindName(r.kind)},
                             {"name", r.name},
                             {"environment", r.environment},
                             {"from", r.spec},
                             {"to", spec},
                             {"overrides", overrides}});
  }));
  d_.audit->Published();
  if (d_.workers) d_.workers->Wake();
  return Get(id);
}

absl::Status ResourceService::RecordUpdate(store::Tx& tx, const Resource& r,
                                           const std::string& failure) {
  json summary = {{"kind", KindName(r.kind)}, {"name", r.name}, {"environment", r.environment}};
  if (!failure.empty()) summary["detail"] = failure;
  return d_.audit->Append(tx, "paved",
                          failure.empty() ? "resource.updated" : "resource.update_failed",
                          "resource:" + r.id, summary);
}

}  // namespace paved::resources
