#include "deploy/spec/spec_routes.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/numbers.h"
#include "auth/permissions.h"
#include "core/status_macros.h"
#include "deploy/spec/line_diff.h"
#include "deploy/spec/spec_parser.h"
#include "deploy/spec/spec_schemas.h"
#include "deploy/spec/spec_store.h"
#include "http/errors.h"

namespace paved::deploy::spec {
namespace {

using http::Access;
using http::Context;
using http::Response;
using json = nlohmann::json;

constexpr size_t kMaxMessage = 1000;

const http::BodySchema kSpecBody = {
    {.name = "yaml",
     .required = true,
     .description = "paved.yaml text; or send the YAML itself as application/yaml"},
    {.name = "message", .description = "why; kept with the version (or ?message=)"},
};

std::string MediaType(const http::Request& req) {
  std::string type = req.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return type;
}

struct SpecInput {
  std::string yaml;
  std::string message;
};

// The YAML and message of a push or validate request, whichever way the body came.
absl::StatusOr<SpecInput> ReadInput(const http::Request& req) {
  std::string type = MediaType(req);
  SpecInput in{.message = req.QueryParam("message").value_or("")};
  // Without a declared type (or curl's default form type) a JSON object with "yaml" is the JSON
  // form; anything else is the YAML itself.
  if (type.empty() || type == "application/x-www-form-urlencoded") {
    json sniffed = json::parse(req.body, nullptr, false);
    type = sniffed.is_object() && sniffed.contains("yaml") ? "application/json" : "text/yaml";
  }
  if (type == "application/json") {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(req, kSpecBody));
    in.yaml = body["yaml"].get<std::string>();
    if (body.contains("message")) in.message = body["message"].get<std::string>();
  } else if (type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml" ||
             type == "text/x-yaml" || type == "text/plain") {
    in.yaml = req.body;
  } else {
    return http::ApiError(absl::StatusCode::kInvalidArgument, "unsupported_media_type",
                          "send the spec as application/yaml, text/yaml, text/plain or JSON "
                          "{\"yaml\",\"message\"}, not " +
                              type);
  }
  if (in.message.size() > kMaxMessage) {
    return http::InvalidField("message", "message is too long");
  }
  return in;
}

// 422 {"error":{"code":"invalid_spec","message","field","line","column","errors":[...]}}.
Response InvalidSpec(const std::vector<SpecError>& errors) {
  json list = json::array();
  for (const SpecError& e : errors) list.push_back(SpecErrorToJson(e));
  const SpecError& first = errors.front();
  json err = {{"code", "invalid_spec"}, {"message", first.ToString()}, {"field", first.field},
              {"line", first.line},     {"column", first.column},      {"errors", list}};
  return http::JsonResponse(422, {{"error", err}});
}

json VersionToJson(const std::string& slug, const SpecVersion& v, bool with_content) {
  json j = {{"project", slug},
            {"version", v.version},
            {"author", v.author},
            {"message", v.message},
            {"created_at", FormatTimeMs(v.created_at_ms)}};
  if (with_content) {
    j["yaml"] = v.yaml;
    // Stored versions were valid when pushed; null if a later, stricter parser refuses one.
    auto parsed = ParseAppSpec(v.yaml, nullptr);
    j["spec"] = parsed.ok() ? AppSpecToJson(*parsed) : json(nullptr);
  }
  return j;
}

absl::StatusOr<std::optional<int64_t>> OptionalVersion(const Context& ctx,
                                                       const std::string& name) {
  if (!ctx.req.QueryParam(name)) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t v, http::VersionQuery(ctx.req, name));
  return std::optional<int64_t>(v);
}

json DiffJson(int64_t from, int64_t to, const std::string& a, const std::string& b) {
  std::vector<DiffLine> lines = DiffLines(SplitLines(a), SplitLines(b));
  json items = json::array();
  for (const DiffLine& l : lines) items.push_back({{"op", std::string(1, l.op)}, {"text", l.text}});
  return {{"from", from}, {"to", to}, {"diff", UnifiedDiff(lines)}, {"lines", items}};
}

class SpecApi {
 public:
  explicit SpecApi(const SpecDeps& d) : d_(d), specs_(d.store, d.clock) {}

  absl::StatusOr<Response> Put(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
    ASSIGN_OR_RETURN(SpecInput in, ReadInput(ctx.req));
    std::vector<SpecError> errors;
    ASSIGN_OR_RETURN(auto targets, Targets());
    auto app = ParseAppSpec(in.yaml, &errors, targets ? &*targets : nullptr);
    if (!app.ok()) return InvalidSpec(errors);
    json warnings = json::array();
    if (d_.warnings) {
      ASSIGN_OR_RETURN(auto list, d_.warnings(p.id, *app));
      for (const auto& w : list) warnings.push_back(w);
    }
    SpecVersion v;
    bool created = false;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v, specs_.Put(tx, p.id, in.yaml, ctx.caller->login, in.message, &created));
      if (!created) return absl::OkStatus();
      std::string summary = "spec v" + std::to_string(v.version) + " pushed";
      if (!in.message.empty()) summary += ": " + in.message;
      return d_.audit->Append(tx, ctx.caller->login, "spec.push", "project:" + p.slug, summary);
    }));
    if (created) d_.audit->Published();
    json out = VersionToJson(p.slug, v, true);
    out["warnings"] = warnings;
    return http::JsonResponse(created ? 201 : 200, out);
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto version, OptionalVersion(ctx, "version"));
    ASSIGN_OR_RETURN(auto v, specs_.Get(p.id, version));
    return http::JsonResponse(200, VersionToJson(p.slug, v, true));
  }

  absl::StatusOr<Response> Versions(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    std::optional<int64_t> before;
    if (!page.cursor.empty()) {
      int64_t c = 0;
      if (!absl::SimpleAtoi(page.cursor, &c) || c < 1) {
        return http::InvalidField("cursor", "cursor must come from next_cursor");
      }
      before = c;
    }
    ASSIGN_OR_RETURN(auto versions, specs_.List(p.id, page.limit + 1, before));
    std::string next;
    if (static_cast<int>(versions.size()) > page.limit) {
      versions.resize(page.limit);
      next = std::to_string(versions.back().version);
    }
    json items = json::array();
    for (const SpecVersion& v : versions) items.push_back(VersionToJson(p.slug, v, false));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> Diff(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, Project(ctx));
    ASSIGN_OR_RETURN(auto to_param, OptionalVersion(ctx, "to"));
    ASSIGN_OR_RETURN(auto from_param, OptionalVersion(ctx, "from"));
    ASSIGN_OR_RETURN(SpecVersion to, specs_.Get(p.id, to_param));
    // `from` defaults to the version before `to`; before version 1 there is the empty text.
    int64_t from = from_param.value_or(to.version - 1);
    std::string from_yaml;
    if (from >= 1) {
      ASSIGN_OR_RETURN(SpecVersion f, specs_.Get(p.id, from));
      from_yaml = f.yaml;
    }
    return http::JsonResponse(200, DiffJson(from, to.version, from_yaml, to.yaml));
  }

  absl::StatusOr<Response> Validate(Context& ctx) {
    ASSIGN_OR_RETURN(SpecInput in, ReadInput(ctx.req));
    std::vector<SpecError> errors;
    ASSIGN_OR_RETURN(auto targets, Targets());
    auto spec = ParseAppSpec(in.yaml, &errors, targets ? &*targets : nullptr);
    json list = json::array();
    for (const SpecError& e : errors) list.push_back(SpecErrorToJson(e));
    json out = {{"valid", spec.ok()}, {"errors", list}};
    if (spec.ok()) out["spec"] = AppSpecToJson(*spec);
    return http::JsonResponse(200, out);
  }

 private:
  absl::StatusOr<std::optional<SpecTargets>> Targets() {
    if (!d_.targets) return std::optional<SpecTargets>();
    ASSIGN_OR_RETURN(SpecTargets t, d_.targets());
    return std::optional<SpecTargets>(std::move(t));
  }

  absl::StatusOr<catalog::Project> Project(const Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    return *p;
  }

  SpecDeps d_;
  SpecStore specs_;
};

}  // namespace

std::vector<http::Route> SpecRoutes(const SpecDeps& deps) {
  auto api = std::make_shared<SpecApi>(deps);
  const std::string spec = "/api/v1/projects/{slug}/spec";
  return {
      {
          .method = "PUT",
          .path = spec,
          .access = Access::kDeveloper,
          .summary =
              "Push a new version of the project's app spec (paved.yaml; YAML body or JSON); "
              "text identical to the latest version is no change: 200 with that version",
          .tag = "spec",
          .query = {"message"},
          .request = kSpecBody,
          .response = SpecPushSchema(),
          .success = 201,
          .handler = http::Bind(api, &SpecApi::Put),
      },
      {
          .method = "GET",
          .path = spec,
          .access = Access::kViewer,
          .summary = "The project's app spec: the latest version, or ?version=",
          .tag = "spec",
          .query = {"version"},
          .response = SpecVersionSchema(),
          .handler = http::Bind(api, &SpecApi::Get),
      },
      {
          .method = "GET",
          .path = spec + "/versions",
          .access = Access::kViewer,
          .summary = "Versions of the project's app spec, newest first (without the YAML)",
          .tag = "spec",
          .query = {"limit", "cursor"},
          .response = SpecVersionPageSchema(),
          .handler = http::Bind(api, &SpecApi::Versions),
      },
      {
          .method = "GET",
          .path = spec + "/diff",
          .access = Access::kViewer,
          .summary =
              "Line diff between two versions of the app spec (to: latest, from: the one before)",
          .tag = "spec",
          .query = {"from", "to"},
          .response = SpecDiffSchema(),
          .handler = http::Bind(api, &SpecApi::Diff),
      },
      {
          .method = "POST",
          .path = "/api/v1/spec/validate",
          .access = Access::kViewer,
          .summary = "Validate an app spec without storing it: every error with line and column",
          .tag = "spec",
          .request = kSpecBody,
          .response = SpecValidationSchema(),
          .handler = http::Bind(api, &SpecApi::Validate),
      },
  };
}

}  // namespace paved::deploy::spec
