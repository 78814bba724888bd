#pragma once

// Pieces of ProposeLocality, one file each. Not part of the library's contract.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "deploy/platform/kubernetes_version.h"
#include "traffic/advice/locality_advice.h"

namespace paved::traffic::advice::internal {

// input_checks.cc — InvalidArgument naming the field (e.g. "edge.source") for input that
// cannot describe an edge.
absl::Status CheckInput(const AdviceInput& in);

// saving_estimate.cc — fills keepable_bytes, monthly_saving_usd, reasoning and assumptions.
void EstimateSaving(const AdviceInput& in, Proposal* p);
// The source zones where the destination has no replica, in the input's order.
std::vector<std::string> ZonesWithoutReplica(const AdviceInput& in);
// "1.50 GB" (10^9 bytes), "0.42 USD".
std::string Gb(double bytes);
std::string Usd(double usd);

// warnings.cc — the warnings for `in` given the proposal's kind and the cluster's version.
std::vector<Warning> Warnings(const AdviceInput& in, bool version_known,
                              deploy::platform::KubernetesVersion version);

// fix_objects.cc — the object, its YAML and how to apply it.
void MakeFixObject(const AdviceInput& in, deploy::platform::KubernetesVersion version, Proposal* p);
// The paved.yaml change, or "" when the destination is not a Paved project.
std::string AppSpecChange(const AdviceInput& in);

}  // namespace paved::traffic::advice::internal
