#include "catalog/project_fields.h"

#include <set>

#include "core/error.h"
#include "core/status_macros.h"
#include "http/json_body.h"

namespace paved::catalog {
namespace {

std::string At(const std::string& field, size_t i) { return field + "[" + std::to_string(i) + "]"; }

absl::StatusOr<std::vector<std::string>> Strings(const nlohmann::json& list,
                                                 const std::string& field) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) return InvalidField(At(field, i), "must be a string");
    std::string v = list[i];
    if (seen.insert(v).second) out.push_back(v);
  }
  return out;
}

absl::StatusOr<std::vector<ProjectLink>> Links(const nlohmann::json& list) {
  std::vector<ProjectLink> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& l = list[i];
    std::string f = At("links", i);
    if (!l.is_object()) return InvalidField(f, "must be an object {url, title, icon}");
    for (const auto& [k, v] : l.items()) {
      if (k != "url" && k != "title" && k != "icon") {
        return DomainError(absl::StatusCode::kInvalidArgument, "unknown_field",
                           "unknown field " + k, f + "." + k);
      }
      if (!v.is_string()) return InvalidField(f + "." + k, "must be a string");
    }
    std::string url = l.value("url", "");
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return InvalidField(f + ".url", "must be an http(s) URL");
    }
    out.push_back({url, l.value("title", ""), l.value("icon", "")});
  }
  return out;
}

absl::StatusOr<std::vector<ProjectNamespace>> Namespaces(const nlohmann::json& list) {
  std::vector<ProjectNamespace> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& n = list[i];
    std::string f = At("namespaces", i);
    if (!n.is_object() || !n.contains("namespace") || !n["namespace"].is_string()) {
      return InvalidField(f, "must be an object {cluster, namespace}");
    }
    std::string cluster = n.value("cluster", "");
    std::string ns = n["namespace"];
    RETURN_IF_ERROR(http::CheckSlug(f + ".namespace", ns));
    if (!cluster.empty()) RETURN_IF_ERROR(http::CheckSlug(f + ".cluster", cluster));
    if (!seen.insert({cluster, ns}).second) {
      return InvalidField(f, "namespace " + ns + " is listed twice");
    }
    out.push_back({cluster, ns});
  }
  return out;
}

absl::Status Length(const nlohmann::json& body, const char* key, size_t min, size_t max) {
  if (!body.contains(key)) return absl::OkStatus();
  size_t n = body[key].get<std::string>().size();
  if (n < min || n > max) {
    return InvalidField(key, std::string(key) + " must be " + std::to_string(min) + " to " +
                                 std::to_string(max) + " characters");
  }
  return absl::OkStatus();
}

void Change(nlohmann::json& summary, const char* key, const nlohmann::json& from,
            const nlohmann::json& to) {
  if (from != to) summary[key] = {{"from", from}, {"to", to}};
}

}  // namespace

bool IsValidTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 63 || tag.front() == '-' || tag.back() == '-') return false;
  char prev = 0;
  for (char c : tag) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '+' ||
              c == '#' || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

absl::Status ApplyProjectFields(store::Tx& tx, TeamStore& teams, const nlohmann::json& body,
                                Project& p, nlohmann::json& summary) {
  RETURN_IF_ERROR(Length(body, "name", 1, 200));
  RETURN_IF_ERROR(Length(body, "description", 0, 4000));
  RETURN_IF_ERROR(Length(body, "type", 1, 63));
  RETURN_IF_ERROR(Length(body, "system", 0, 63));
  RETURN_IF_ERROR(Length(body, "repo_url", 0, 2000));
  RETURN_IF_ERROR(Length(body, "oncall", 0, 200));
  for (auto [key, field] : {std::pair<const char*, std::string*>{"name", &p.name},
                            {"description", &p.description},
                            {"lifecycle", &p.lifecycle},
                            {"type", &p.type},
                            {"system", &p.system},
                            {"repo_url", &p.repo_url},
                            {"oncall", &p.oncall}}) {
    if (!body.contains(key)) continue;
    Change(summary, key, *field, body[key]);
    *field = body[key];
  }
  if (body.contains("tags")) {
    ASSIGN_OR_RETURN(auto tags, Strings(body["tags"], "tags"));
    for (size_t i = 0; i < tags.size(); ++i) {
      if (!IsValidTag(tags[i])) {
        return InvalidField(At("tags", i),
                            "tags hold a-z, 0-9, ':', '+', '#' and single "
                            "'-' separators, at most 63 characters");
      }
    }
    Change(summary, "tags", p.tags, tags);
    p.tags = tags;
  }
  if (body.contains("links")) {
    ASSIGN_OR_RETURN(p.links, Links(body["links"]));
    summary["links"] = "changed";
  }
  if (body.contains("owners")) {
    ASSIGN_OR_RETURN(auto owners, Strings(body["owners"], "owners"));
    for (size_t i = 0; i < owners.size(); ++i) {
      ASSIGN_OR_RETURN(auto team, teams.FindBySlugTx(tx, owners[i]));
      if (!team) return InvalidField(At("owners", i), "no team " + owners[i]);
    }
    Change(summary, "owners", p.owners, owners);
    p.owners = owners;
  }
  if (body.contains("namespaces")) {
    ASSIGN_OR_RETURN(p.namespaces, Namespaces(body["namespaces"]));
    summary["namespaces"] = "changed";
  }
  return absl::OkStatus();
}

}  // namespace paved::catalog
