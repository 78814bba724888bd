#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::grafana {

// Writes dashboards as files for Grafana's file provisioning (GitOps users commit the folder or
// point a dashboard provider with foldersFromFilesStructure at it): `<dir>/<folder>/<uid>.json`,
// one folder per team (its TeamFolder title, '/' replaced), platform dashboards under
// "<prefix> · platform". Each file is written atomically (core/atomic_file.h, mode 0644) and
// only when its content changed; files Paved wrote before for dashboards no longer generated
// are left in place. Every path is checked to stay inside `dir` (created when missing).
// On success returns the number of files written (unchanged ones not counted).
absl::StatusOr<int> WriteProvisioningFiles(const std::string& dir, const std::string& folder_prefix,
                                           const std::vector<dashboards::GeneratedDashboard>& all);

}  // namespace paved::monitoring::grafana
