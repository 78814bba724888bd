#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/namespace_rules.h"
#include "catalog/projects.h"
#include "store/store.h"

namespace paved::catalog {

// Which project may use which Kubernetes namespace. A claim is a (cluster, namespace) pair;
// cluster "" means every cluster. Besides its listed namespaces every project claims its slug
// on every cluster: its default namespace. The rule, held by the store itself (migration 10):
// a namespace belongs to at most one project per cluster, and a project claiming it on every
// cluster is the only project that may claim it anywhere. No project claims a system namespace
// (NamespaceRules).

// OK when `p` may hold its namespaces and its default one; checked before anything is written
// so that a refusal leaves the transaction usable. `creating`: `p` is new, so its slug (the
// default namespace) is checked too. Errors name the field ("namespaces[i]", or "slug" for the
// default namespace): InvalidArgument for a system namespace; AlreadyExists naming the project
// that holds the namespace on that cluster or on every cluster.
absl::Status CheckNamespaceClaims(store::Tx& tx, const NamespaceRules& rules, const Project& p,
                                  bool creating);

// Replaces the claims of `p` (p.namespaces and the default one) in `tx`.
// REQUIRES: CheckNamespaceClaims(tx, rules, p, ...) passed in `tx`. A claim that another
// transaction took meanwhile fails here, from the store's own constraints.
absl::Status WriteNamespaceClaims(store::Tx& tx, const NamespaceRules& rules, const Project& p);

// OK when project `p` holds namespace `ns` on `cluster` (by a claim for that cluster or for
// every cluster), so that a release of `p` may be applied there. Otherwise FailedPrecondition
// naming field "namespace", the namespace, the cluster and who holds it.
absl::Status CheckNamespaceHeld(store::Store& store, const NamespaceRules& rules, const Project& p,
                                const std::string& cluster, const std::string& ns);

}  // namespace paved::catalog
