#include "deploy/rollout/deploy_schemas.h"

#include <utility>
#include <vector>

namespace paved::deploy::rollout {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

std::vector<Property> ArtifactProperties() {
  return {{"project", String()},
          {"digest", String()},
          {"image", String()},
          {"git_sha", String()},
          {"commit_time", Nullable(String())},
          {"built_by", String()},
          {"pushed_by", String()},
          {"created_at", String()}};
}

std::vector<Property> DeploymentProperties() {
  Schema artifact = Object({{"digest", String()}, {"image", String()}, {"git_sha", String()}});
  return {{"id", String()},
          {"request_id", String()},
          {"project", String()},
          {"environment", String()},
          {"cluster", String()},
          {"region", String()},
          {"artifact", artifact},
          {"spec_version", Integer()},
          {"config_versions", Map(Integer())},
          {"secret_versions", Map(Integer())},
          {"namespace", String()},
          {"manifest_hash", String()},
          {"state", DeploymentStateSchema()},
          {"wave", Integer()},
          {"requester", String()},
          {"approver", String()},
          {"reason", String()},
          {"rollback_of", String()},
          {"emergency", Boolean()},
          {"auto_rollback", Boolean()},
          {"error", String()},
          {"created_at", String()},
          {"approved_at", Nullable(String())},
          {"queued_at", Nullable(String())},
          {"started_at", Nullable(String())},
          {"finished_at", Nullable(String())}};
}

// {"<key>": name, "from": version or null, "to": version or null}
Schema VersionChange(const char* key) {
  return Object({{key, String()}, {"from", Nullable(Integer())}, {"to", Nullable(Integer())}});
}

Schema ItemsOf(const Schema& item) { return Object({{"items", Array(item)}}); }

Schema WorkloadSchema() {
  Schema instance = Named("WorkloadInstance", Object({{"name", String()},
                                                      {"state", String()},
                                                      {"restarts", Integer()},
                                                      {"url", String()},
                                                      {"deployment_id", String()},
                                                      {"started_at_ms", Integer()}}));
  Schema event = Named("WorkloadEvent", Object({{"type", String()},
                                                {"reason", String()},
                                                {"object", String()},
                                                {"message", String()},
                                                {"count", Integer()},
                                                {"last_seen", Nullable(String())}}));
  return Named("Workload", Object({{"component", String()},
                                   {"kind", String()},
                                   {"desired", Integer()},
                                   {"ready", Integer()},
                                   {"instances", Array(instance)},
                                   {"events", Array(event)},
                                   // CronJob only:
                                   {"schedule", Optional(String())},
                                   {"last_schedule_at", Optional(Nullable(String()))},
                                   {"last_successful_at", Optional(Nullable(String()))},
                                   {"last_runs", Optional(Array(instance))}}));
}

}  // namespace

Schema DeploymentStateSchema() {
  return Named("DeploymentState",
               Enum({"pending_approval", "waiting", "queued", "rolling_out", "succeeded", "failed",
                     "cancelled", "rejected", "rolled_back"}));
}

Schema PushedArtifactSchema() {
  std::vector<Property> props = ArtifactProperties();
  props.emplace_back("warnings", Optional(Array(String())));
  return Named("PushedArtifact", Object(std::move(props)));
}

Schema ArtifactSchema() {
  std::vector<Property> props = ArtifactProperties();
  props.emplace_back("environments", Map(DeploymentStateSchema()));
  return Named("Artifact", Object(std::move(props)));
}

Schema ArtifactPageSchema() { return PageOf(ArtifactSchema()); }

Schema DeploymentSchema() { return Named("Deployment", Object(DeploymentProperties())); }

Schema DeploymentDetailSchema() {
  Schema step = Named("DeploymentStep",
                      Object({{"name", String()}, {"done_at", String()}, {"detail", String()}}));
  std::vector<Property> props = DeploymentProperties();
  props.emplace_back("manifests", String());
  props.emplace_back("steps", Array(step));
  return Named("DeploymentDetail", Object(std::move(props)));
}

Schema DeploymentPageSchema() { return PageOf(DeploymentSchema()); }

Schema DeployRequestSchema() {
  return Named("DeployRequest",
               Object({{"request_id", String()}, {"deployments", Array(DeploymentSchema())}}));
}

Schema DeploymentListSchema() { return Object({{"deployments", Array(DeploymentSchema())}}); }

Schema DeploymentDiffSchema() {
  return Named("DeploymentDiff",
               Object({{"from", Nullable(String())},
                       {"to", String()},
                       {"manifests", String()},
                       {"config", Array(VersionChange("set"))},
                       {"secrets", Array(VersionChange("name"))},
                       {"spec", Object({{"from", Nullable(Integer())}, {"to", Integer()}})},
                       {"digest", Object({{"from", Nullable(String())}, {"to", String()}})}}));
}

Schema ApprovalsSchema() { return ItemsOf(DeploymentSchema()); }

Schema TimelineSchema() {
  return ItemsOf(Named("TimelineEntry", Object({{"at", String()},
                                                {"kind", String()},
                                                {"actor", String()},
                                                {"summary", String()},
                                                {"deployment_id", Optional(String())}})));
}

Schema WorkloadsSchema() {
  Schema deployment =
      Object({{"id", String()}, {"digest", String()}, {"state", DeploymentStateSchema()}});
  return ItemsOf(Named("ClusterWorkloads", Object({{"cluster", String()},
                                                   {"environment", String()},
                                                   {"region", String()},
                                                   {"namespace", String()},
                                                   {"deployment", Nullable(deployment)},
                                                   {"workloads", Array(WorkloadSchema())},
                                                   {"error", Optional(String())},
                                                   {"notice", Optional(String())}})));
}

Schema OverviewSchema() {
  return ItemsOf(Named("OverviewEntry", Object({{"project", String()},
                                                {"cluster", String()},
                                                {"environment", String()},
                                                {"region", String()},
                                                {"digest", String()},
                                                {"deployment_id", String()},
                                                {"state", DeploymentStateSchema()},
                                                {"finished_at", Nullable(String())}})));
}

}  // namespace paved::deploy::rollout
