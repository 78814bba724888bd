#include "catalog/resource_routes.h"
#include "absl/strings/str_cat.h"
#include "auth/permissions.h"
#include "catalog/catalog_schemas.h"
#include "catalog/resource_scan.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "jobs/job_queue.h"
#include "jobs/job_schemas.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

const http::BodySchema kSetOwner = {
    {.name = "owner_team", .description = "team slug; \"\" clears (sre, admin)", .one_of = {}},
    {.name = "project", .description = "project slug; \"\" clears", .one_of = {}},
};

class ResourcesApi {
 public:
  ResourcesApi(const CloudResourceDeps& d, std::shared_ptr<ResourceScanner> scanner)
      : d_(d), scanner_(std::move(scanner)) {}

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    std::string orphaned = ctx.req.QueryParam("orphaned").value_or("false");
    if (orphaned != "true" && orphaned != "false") {
      return http::InvalidField("orphaned", "orphaned must be true or false");
    }
    CloudResourceQuery q{.owner_slug = ctx.req.QueryParam("owner").value_or(""),
                         .project_slug = ctx.req.QueryParam("project").value_or(""),
                         .orphaned_only = orphaned == "true",
                         .after_id = page.cursor,
                         .limit = page.limit + 1};
    ASSIGN_OR_RETURN(auto found, d_.resources->List(q));
    std::string next;
    if (static_cast<int>(found.size()) > page.limit) {
      found.resize(page.limit);
      next = found.back().id;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const CloudResource& r : found) items.push_back(CloudResourceToJson(r));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(CloudResource r, Load(IdOf(ctx)));
    return http::JsonResponse(200, CloudResourceToJson(r));
  }

  absl::StatusOr<Response> Scan(Context& ctx) {
    if (scanner_->config().accounts.empty()) {
      return absl::FailedPreconditionError("no AWS accounts are configured (catalog.aws.accounts)");
    }
    ASSIGN_OR_RETURN(jobs::Job job,
                     d_.scheduler->RunNow(kAwsScanJob, {{"requested_by", ctx.caller->login}}));
    return http::JsonResponse(202, {{"job", jobs::JobToJson(job)}});
  }

  absl::StatusOr<Response> SetOwner(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kSetOwner));
    if (!body.contains("owner_team") && !body.contains("project")) {
      return http::MissingField("owner_team");
    }
    ASSIGN_OR_RETURN(CloudResource r, Load(IdOf(ctx)));
    ASSIGN_OR_RETURN(Target target, ResolveTarget(body, r));
    RETURN_IF_ERROR(
        auth::CheckResourceOwnerChange(*ctx.caller, !r.OrphanReason().empty(), target.team_id));
    bool tags_written = false;
    if (scanner_->CanWriteTags(r)) {
      RETURN_IF_ERROR(
          ProviderError(scanner_->WriteOwnerTags(r, target.TeamTag(), target.ProjectTag())));
      tags_written = true;
    }
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      // Read-modify-write: lock the row under READ COMMITTED.
      RETURN_IF_ERROR(
          tx.Query(std::string("SELECT id FROM cloud_resources WHERE id = $1") + tx.ForUpdate(),
                   {r.id})
              .status());
      ASSIGN_OR_RETURN(auto current, d_.resources->FindTx(tx, r.id));
      if (!current) return absl::NotFoundError("no cloud resource " + r.id);
      nlohmann::json summary = {
          {"owner_team", {{"from", current->owner_team}, {"to", target.team_slug}}},
          {"project", {{"from", current->project}, {"to", target.project_slug}}},
          {"tags_written", tags_written}};
      current->owner_team_id = target.team_id;
      current->project_id = target.project_id;
      if (tags_written) {
        SetOrErase(current->tags, scanner_->config().team_tag, target.TeamTag());
        SetOrErase(current->tags, scanner_->config().project_tag, target.ProjectTag());
      }
      RETURN_IF_ERROR(d_.resources->Upsert(tx, *current));
      return d_.audit->Append(tx, ctx.caller->login, "resource.owner_set", "resource:" + r.id,
                              summary);
    }));
    d_.audit->Published();
    ASSIGN_OR_RETURN(r, Load(r.id));
    nlohmann::json out = CloudResourceToJson(r);
    out["tags_written"] = tags_written;
    return http::JsonResponse(200, out);
  }

 private:
  struct Target {
    std::string team_id, team_slug, project_id, project_slug;
    bool team_named = false;     // by owner_team or through the project
    bool project_named = false;  // by project
    // Tags to write: only what the request named, so tags Paved does not understand survive.
    std::optional<std::string> TeamTag() const {
      return team_named ? std::optional<std::string>(team_slug) : std::nullopt;
    }
    std::optional<std::string> ProjectTag() const {
      return project_named ? std::optional<std::string>(project_slug) : std::nullopt;
    }
  };

  static void SetOrErase(nlohmann::json& tags, const std::string& key,
                         const std::optional<std::string>& value) {
    if (!value) return;
    if (value->empty()) {
      tags.erase(key);
    } else {
      tags[key] = *value;
    }
  }

  // The path segment {id}, or ?id= for ids holding '/' (most ARNs).
  static std::string IdOf(const Context& ctx) {
    auto it = ctx.req.path_params.find("id");
    if (it != ctx.req.path_params.end()) return it->second;
    return ctx.req.QueryParam("id").value_or("");
  }

  absl::StatusOr<CloudResource> Load(const std::string& id) {
    if (id.empty()) return http::MissingField("id");
    ASSIGN_OR_RETURN(auto r, d_.resources->Find(id));
    if (!r) return absl::NotFoundError("no cloud resource " + id);
    return *r;
  }

  // owner_team absent: unchanged, or the project's owner team when a project is named.
  // project absent: unchanged.
  absl::StatusOr<Target> ResolveTarget(const nlohmann::json& body, const CloudResource& r) {
    Target t{r.owner_team_id, r.owner_team, r.project_id, r.project};
    std::optional<Project> project;
    if (body.contains("project")) {
      t.project_named = true;
      t.project_slug = body["project"];
      t.project_id = "";
      if (!t.project_slug.empty()) {
        ASSIGN_OR_RETURN(project, d_.projects->FindBySlug(t.project_slug));
        if (!project) return http::InvalidField("project", "no project " + t.project_slug);
        t.project_id = project->id;
      }
    }
    std::string team_slug = body.contains("owner_team") ? body["owner_team"].get<std::string>()
                            : project                   ? project->owner_team
                                                        : r.owner_team;
    t.team_named = body.contains("owner_team") || project.has_value();
    t.team_slug = team_slug;
    t.team_id = "";
    if (team_slug.empty()) return t;
    ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlug(team_slug));
    if (!team) return http::InvalidField("owner_team", "no team " + team_slug);
    if (team->status == "dissolved") {
      return http::InvalidField("owner_team", "team " + team_slug + " is dissolved");
    }
    t.team_id = team->id;
    return t;
  }

  // AWS refusing or failing is the provider's problem, not the caller's: 409 or 503.
  static absl::Status ProviderError(const absl::Status& s) {
    if (s.ok() || absl::IsUnavailable(s) || absl::IsFailedPrecondition(s)) return s;
    if (absl::IsDeadlineExceeded(s)) return absl::UnavailableError(s.message());
    return http::ApiError(absl::StatusCode::kFailedPrecondition, "provider_error",
                          absl::StrCat("writing tags to AWS failed: ", s.message()));
  }

  CloudResourceDeps d_;
  std::shared_ptr<ResourceScanner> scanner_;
};

}  // namespace

std::vector<http::Route> ResourceRoutes(const CloudResourceDeps& deps,
                                        std::shared_ptr<ResourceScanner> scanner) {
  auto api = std::make_shared<ResourcesApi>(deps, std::move(scanner));
  return {
      {
          .method = "GET",
          .path = "/api/v1/catalog/resources",
          .access = Access::kViewer,
          .summary = "List cloud resources",
          .tag = "catalog",
          .query = {"owner", "project", "orphaned", "limit", "cursor"},
          .response = CloudResourcePageSchema(),
          .handler = http::Bind(api, &ResourcesApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/resources/{id}",
          .access = Access::kViewer,
          .summary =
              "A cloud resource (id percent-encoded; ids with '/' use /catalog/resource?id=)",
          .tag = "catalog",
          .response = CloudResourceSchema(),
          .handler = http::Bind(api, &ResourcesApi::Get),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/resource",
          .access = Access::kViewer,
          .summary = "A cloud resource by ?id= (any ARN)",
          .tag = "catalog",
          .query = {"id"},
          .response = CloudResourceSchema(),
          .handler = http::Bind(api, &ResourcesApi::Get),
      },
      {
          .method = "POST",
          .path = "/api/v1/catalog/resources/scan",
          .access = Access::kSre,
          .summary = "Run the AWS tag scan now",
          .tag = "catalog",
          .response = jobs::QueuedJobSchema(),
          .success = 202,
          .handler = http::Bind(api, &ResourcesApi::Scan),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/catalog/resources/{id}",
          .access = Access::kDeveloper,
          .summary = "Set a cloud resource's owner and write the owner tags back to AWS",
          .tag = "catalog",
          .request = kSetOwner,
          .response = CloudResourceOwnerSetSchema(),
          .handler = http::Bind(api, &ResourcesApi::SetOwner),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/catalog/resource",
          .access = Access::kDeveloper,
          .summary = "Set a cloud resource's owner by ?id= (any ARN)",
          .tag = "catalog",
          .query = {"id"},
          .request = kSetOwner,
          .response = CloudResourceOwnerSetSchema(),
          .handler = http::Bind(api, &ResourcesApi::SetOwner),
      },
  };
}

}  // namespace paved::catalog
