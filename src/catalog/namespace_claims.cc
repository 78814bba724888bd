#include "catalog/namespace_claims.h"

#include <map>

#include "core/error.h"
#include "core/status_macros.h"

namespace paved::catalog {
namespace {

// A namespace `p` claims, and the request field that asked for it.
struct Claim {
  ProjectNamespace at;
  std::string field;
  bool is_default = false;
};

// p.namespaces, then the default claim {"", slug} unless listed or reserved.
std::vector<Claim> ClaimsOf(const NamespaceRules& rules, const Project& p) {
  std::vector<Claim> out;
  bool listed = false;
  for (size_t i = 0; i < p.namespaces.size(); ++i) {
    const ProjectNamespace& n = p.namespaces[i];
    out.push_back({n, "namespaces[" + std::to_string(i) + "]"});
    listed = listed || (n.cluster.empty() && n.ns == p.slug);
  }
  if (!listed && !rules.IsReserved(p.slug)) {
    out.push_back({{"", p.slug}, "slug", true});
  }
  return out;
}

// The slug of another project whose claim overlaps `c`, "" when none.
absl::StatusOr<std::string> OverlappingHolder(store::Tx& tx, const Claim& c,
                                              const std::string& project_id) {
  std::string sql =
      "SELECT p.slug FROM project_namespaces n JOIN projects p ON p.id = n.project_id "
      "WHERE n.namespace = $1 AND n.project_id <> $2";
  store::Params params = {c.at.ns, project_id};
  if (!c.at.cluster.empty()) {
    sql += " AND (n.cluster = '' OR n.cluster = $3)";
    params.push_back(c.at.cluster);
  }
  ASSIGN_OR_RETURN(auto rs, tx.Query(sql + " ORDER BY n.cluster LIMIT 1", params));
  return rs.empty() ? std::string() : rs.front().Text("slug");
}

absl::Status Reserved(const std::string& field, const std::string& ns) {
  return InvalidField(
      field, "namespace " + ns + " is a reserved system namespace; no project may claim it");
}

}  // namespace

absl::Status CheckNamespaceClaims(store::Tx& tx, const NamespaceRules& rules, const Project& p,
                                  bool creating) {
  if (creating && rules.IsReserved(p.slug)) {
    return InvalidField("slug", "slug " + p.slug +
                                    " is a reserved system namespace; a project's slug is "
                                    "its default namespace");
  }
  for (const Claim& c : ClaimsOf(rules, p)) {
    if (rules.IsReserved(c.at.ns)) return Reserved(c.field, c.at.ns);
    ASSIGN_OR_RETURN(std::string holder, OverlappingHolder(tx, c, p.id));
    if (holder.empty()) continue;
    std::string message = "namespace " + c.at.ns + " already belongs to project " + holder +
                          (c.at.cluster.empty() ? "" : " on cluster " + c.at.cluster);
    if (c.is_default) message = "the slug is the project's default namespace, and " + message;
    return DomainError(absl::StatusCode::kAlreadyExists, "conflict", message, c.field);
  }
  return absl::OkStatus();
}

absl::Status WriteNamespaceClaims(store::Tx& tx, const NamespaceRules& rules, const Project& p) {
  RETURN_IF_ERROR(
      tx.Query("DELETE FROM project_namespaces WHERE project_id = $1", {p.id}).status());
  std::vector<Claim> claims = ClaimsOf(rules, p);
  std::map<std::string, std::string> holder;  // namespace → p.id when claimed on every cluster
  for (const Claim& c : claims) {
    std::string& h = holder[c.at.ns];
    if (c.at.cluster.empty()) h = p.id;
  }
  for (const auto& [ns, h] : holder) {
    RETURN_IF_ERROR(tx.Query("INSERT INTO namespace_names (namespace, holder) VALUES ($1, $2) "
                             "ON CONFLICT (namespace) DO UPDATE SET holder = excluded.holder "
                             "WHERE namespace_names.holder <> excluded.holder",
                             {ns, h})
                        .status());
  }
  for (const Claim& c : claims) {
    RETURN_IF_ERROR(
        tx.Query("INSERT INTO project_namespaces (project_id, cluster, namespace, "
                 "holder, is_default) VALUES ($1, $2, $3, $4, $5)",
                 {p.id, c.at.cluster, c.at.ns, holder[c.at.ns], int64_t{c.is_default ? 1 : 0}})
            .status());
  }
  return absl::OkStatus();
}

absl::Status CheckNamespaceHeld(store::Store& store, const NamespaceRules& rules, const Project& p,
                                const std::string& cluster, const std::string& ns) {
  auto refuse = [&](const std::string& why) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "conflict",
                       "project " + p.slug + " may not deploy into namespace " + ns +
                           " on cluster " + cluster + ": " + why,
                       "namespace");
  };
  if (rules.IsReserved(ns)) return refuse("it is a reserved system namespace");
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT p.slug FROM project_namespaces n JOIN projects p "
                                        "ON p.id = n.project_id WHERE n.namespace = $1 AND "
                                        "(n.cluster = $2 OR n.cluster = '') "
                                        "ORDER BY n.cluster DESC LIMIT 1",
                                        {ns, cluster}));
  if (rs.empty()) return refuse("the project does not claim it");
  std::string holder = rs.front().Text("slug");
  if (holder != p.slug) return refuse("it belongs to project " + holder);
  return absl::OkStatus();
}

}  // namespace paved::catalog
