// Routes of one project's platform settings (targets, policy exceptions) and the rule list.

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "auth/permissions.h"
#include "catalog/resource_scan.h"
#include "core/status_macros.h"
#include "deploy/platform/platform_routes_internal.h"
#include "deploy/platform/platform_schemas.h"
#include "deploy/platform/platform_store.h"
#include "deploy/policy/rules.h"
#include "http/errors.h"

namespace paved::deploy::platform::internal {
namespace {

using http::Access;
using http::Context;
using http::Response;
using json = nlohmann::json;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMaxExceptionMs = 90 * kDayMs;
constexpr size_t kMaxTargets = 200;
constexpr size_t kMaxReason = 2000;

const http::BodySchema kTargetsBody = {
    {.name = "clusters",
     .type = http::FieldType::kArray,
     .required = true,
     .description = "names of the clusters the project deploys to (replaces the set)",
     .shape = http::Array(http::String())},
};

const http::BodySchema kExceptionBody = {
    {.name = "rule", .required = true, .description = "a rule id from GET /api/v1/policy/rules"},
    {.name = "reason", .required = true, .description = "why the project may break the rule"},
    {.name = "expires_at", .description = "RFC 3339 time, at most 90 days ahead"},
    {.name = "duration", .description = "instead of expires_at: e.g. \"12h\", \"30d\" (max 90d)"},
};

absl::StatusOr<std::vector<std::string>> TargetNames(const json& body) {
  const json& list = body["clusters"];
  if (list.size() > kMaxTargets) return http::InvalidField("clusters", "at most 200 clusters");
  std::vector<std::string> out;
  for (const auto& c : list) {
    if (!c.is_string() || !http::IsDnsLabel(c.get<std::string>())) {
      return http::InvalidField("clusters", "clusters must be a list of cluster names");
    }
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> NamesOf(const std::vector<Cluster>& clusters) {
  std::vector<std::string> out;
  for (const auto& c : clusters) out.push_back(c.name);
  return out;
}

json ClustersJson(const std::vector<Cluster>& clusters, const http::Caller& caller) {
  json items = json::array();
  for (const auto& c : clusters) items.push_back(internal::ClusterJsonFor(c, caller));
  return items;
}

absl::StatusOr<int64_t> ExpiresAtMs(const json& body, int64_t now_ms) {
  bool has_at = Has(body, "expires_at");
  bool has_duration = Has(body, "duration");
  if (has_at == has_duration) {
    return has_at ? http::InvalidField("duration", "give expires_at or duration, not both")
                  : http::ApiError(absl::StatusCode::kInvalidArgument, "missing_field",
                                   "expires_at or duration is required", "expires_at");
  }
  const char* field = has_at ? "expires_at" : "duration";
  int64_t expires = 0;
  if (has_at) {
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, body["expires_at"].get<std::string>(), &t, &error)) {
      return http::InvalidField(field,
                                "expires_at must be an RFC 3339 time, e.g. "
                                "2026-12-31T18:00:00Z");
    }
    expires = absl::ToUnixMillis(t);
  } else {
    auto ms = catalog::ParseDurationMs(body["duration"].get<std::string>());
    if (!ms.ok()) return http::InvalidField(field, std::string(ms.status().message()));
    expires = now_ms + *ms;
  }
  if (expires <= now_ms) return http::InvalidField(field, "the exception must end in the future");
  if (expires - now_ms > kMaxExceptionMs) {
    return http::InvalidField(field, "an exception lasts at most 90 days");
  }
  return expires;
}

absl::StatusOr<policy::PolicyException> NewException(const json& body, const std::string& approver,
                                                     int64_t now_ms) {
  policy::PolicyException e{.approved_by = approver};
  e.rule = body["rule"];
  if (!policy::FindRule(e.rule)) {
    return http::InvalidField("rule", "unknown rule " + e.rule + " (see GET /api/v1/policy/rules)");
  }
  e.reason = std::string(absl::StripAsciiWhitespace(body["reason"].get<std::string>()));
  if (e.reason.empty() || e.reason.size() > kMaxReason) {
    return http::InvalidField("reason", "reason must be 1 to 2000 characters");
  }
  ASSIGN_OR_RETURN(e.expires_at_ms, ExpiresAtMs(body, now_ms));
  return e;
}

const char* EffectiveSeverity(const policy::PolicyRule& rule, const policy::PolicyConfig& config) {
  auto it = config.severities.find(rule.id);
  std::optional<policy::Severity> s =
      it == config.severities.end() ? std::optional<policy::Severity>(rule.severity) : it->second;
  return s ? policy::SeverityName(*s) : "off";
}

class ProjectPlatformApi {
 public:
  explicit ProjectPlatformApi(const PlatformDeps& d) : d_(d), platform_(d.store, d.clock) {}

  absl::StatusOr<Response> GetTargets(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto targets, platform_.Targets(p.id));
    return http::PageResponse(ClustersJson(targets, *ctx.caller), "");
  }

  absl::StatusOr<Response> PutTargets(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kTargetsBody));
    ASSIGN_OR_RETURN(auto names, TargetNames(body));
    std::vector<Cluster> after;
    RETURN_IF_ERROR(Audited(d_, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto before, platform_.Targets(tx, p.id));
      for (const std::string& name : names) {
        auto cluster = platform_.GetCluster(tx, name);  // unknown ones: SetTargets says so
        if (cluster.ok()) RETURN_IF_ERROR(CheckClusterAcceptsTeam(*cluster, p.owner_team));
      }
      absl::Status set = platform_.SetTargets(tx, p.id, names);
      if (absl::IsNotFound(set)) return http::InvalidField("clusters", std::string(set.message()));
      RETURN_IF_ERROR(set);
      ASSIGN_OR_RETURN(after, platform_.Targets(tx, p.id));
      return d_.audit->Append(tx, ctx.caller->login, "project.targets", "project:" + p.slug,
                              {{"from", NamesOf(before)}, {"to", NamesOf(after)}});
    }));
    return http::PageResponse(ClustersJson(after, *ctx.caller), "");
  }

  absl::StatusOr<Response> ListExceptions(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto list, platform_.Exceptions(p.id));
    json items = json::array();
    for (const auto& e : list) items.push_back(StoredExceptionToJson(e));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> AddException(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kExceptionBody));
    ASSIGN_OR_RETURN(auto e, NewException(body, ctx.caller->login, d_.clock->NowMs()));
    StoredException stored;
    RETURN_IF_ERROR(Audited(d_, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(stored, platform_.AddException(tx, p.id, e));
      return d_.audit->Append(tx, ctx.caller->login, "policy.exception.add", "project:" + p.slug,
                              {{"id", stored.id},
                               {"rule", e.rule},
                               {"reason", e.reason},
                               {"expires_at", FormatTimeMs(e.expires_at_ms)}});
    }));
    return http::JsonResponse(201, StoredExceptionToJson(stored));
  }

  absl::StatusOr<Response> RevokeException(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    StoredException revoked;
    RETURN_IF_ERROR(Audited(d_, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(revoked,
                       platform_.RevokeException(tx, p.id, ctx.Param("id"), ctx.caller->login));
      return d_.audit->Append(tx, ctx.caller->login, "policy.exception.revoke", "project:" + p.slug,
                              {{"id", revoked.id}, {"rule", revoked.exception.rule}});
    }));
    return http::JsonResponse(200, StoredExceptionToJson(revoked));
  }

  absl::StatusOr<Response> Rules(Context&) {
    static const policy::PolicyConfig kDefaults;
    const policy::PolicyConfig& config = d_.policy ? *d_.policy : kDefaults;
    json items = json::array();
    for (const auto& rule : policy::Rules()) {
      items.push_back({{"id", rule.id},
                       {"severity", EffectiveSeverity(rule, config)},
                       {"default_severity", policy::SeverityName(rule.severity)},
                       {"description", rule.description},
                       {"how_to_fix", rule.how_to_fix},
                       {"kinds", rule.kinds}});
    }
    return http::PageResponse(items, "");
  }

 private:
  absl::StatusOr<catalog::Project> Project(const Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    return *p;
  }

  PlatformDeps d_;
  PlatformStore platform_;
};

}  // namespace

std::vector<http::Route> ProjectPlatformRoutes(const PlatformDeps& deps) {
  using Api = ProjectPlatformApi;
  auto api = std::make_shared<Api>(deps);
  const std::string project = "/api/v1/projects/{slug}";
  const std::string exceptions = project + "/policy/exceptions";
  return {
      {
          .method = "GET",
          .path = project + "/targets",
          .access = Access::kViewer,
          .summary = "Clusters the project deploys to",
          .tag = "platform",
          .response = ClusterPageSchema(),
          .handler = http::Bind(api, &Api::GetTargets),
      },
      {
          .method = "PUT",
          .path = project + "/targets",
          .access = Access::kDeveloper,
          .summary = "Replace the clusters the project deploys to",
          .tag = "platform",
          .request = kTargetsBody,
          .response = ClusterPageSchema(),
          .handler = http::Bind(api, &Api::PutTargets),
      },
      {
          .method = "GET",
          .path = exceptions,
          .access = Access::kViewer,
          .summary =
              "Policy exceptions of the project, newest first (revoked and expired included)",
          .tag = "policy",
          .response = PolicyExceptionPageSchema(),
          .handler = http::Bind(api, &Api::ListExceptions),
      },
      {
          .method = "POST",
          .path = exceptions,
          .access = Access::kSre,
          .summary =
              "Approve an exception to a policy rule (the caller is the approver; max 90 days)",
          .tag = "policy",
          .request = kExceptionBody,
          .response = PolicyExceptionSchema(),
          .success = 201,
          .handler = http::Bind(api, &Api::AddException),
      },
      {
          .method = "DELETE",
          .path = exceptions + "/{id}",
          .access = Access::kSre,
          .summary = "Revoke a policy exception",
          .tag = "policy",
          .response = PolicyExceptionSchema(),
          .handler = http::Bind(api, &Api::RevokeException),
      },
      {
          .method = "GET",
          .path = "/api/v1/policy/rules",
          .access = Access::kViewer,
          .summary = "Every policy rule with its effective severity (error, warning, off)",
          .tag = "policy",
          .response = PolicyRulePageSchema(),
          .handler = http::Bind(api, &Api::Rules),
      },
  };
}

}  // namespace paved::deploy::platform::internal
