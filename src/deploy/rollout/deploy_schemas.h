#pragma once

#include "http/schema.h"

namespace paved::deploy::rollout {

// The JSON bodies the deploy API answers with (artifacts, deployments, approvals and the views
// of what runs). Named shapes are documented once in OpenAPI.

http::Schema DeploymentStateSchema();   // StateName
http::Schema PushedArtifactSchema();    // POST /artifacts: ArtifactToJson + "warnings" when any
http::Schema ArtifactSchema();          // ArtifactToJson + "environments": state per environment
http::Schema ArtifactPageSchema();      // GET /artifacts
http::Schema DeploymentSchema();        // DeploymentToJson(d)
http::Schema DeploymentDetailSchema();  // DeploymentToJson(d, true): + manifests and steps
http::Schema DeploymentPageSchema();    // GET /projects/{slug}/deployments
// POST /deployments: {"request_id", "deployments": [Deployment]}.
http::Schema DeployRequestSchema();
// Approve, reject, rollback: {"deployments": [Deployment]}.
http::Schema DeploymentListSchema();
http::Schema DeploymentDiffSchema();  // GET /deployments/{id}/diff
http::Schema ApprovalsSchema();       // GET /approvals: {"items": [Deployment]}
http::Schema TimelineSchema();        // GET /projects/{slug}/timeline
http::Schema WorkloadsSchema();       // GET /projects/{slug}/workloads
http::Schema OverviewSchema();        // GET /deployments/overview

}  // namespace paved::deploy::rollout
