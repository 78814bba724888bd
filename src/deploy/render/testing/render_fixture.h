#pragma once

#include <string>

#include "deploy/platform/platform_store.h"
#include "deploy/render/renderer.h"
#include "deploy/spec/app_spec.h"

// A fixture project for tests, the schema check and the benchmark: project "chat" (team
// "messaging") with a service "web" (ingress, autoscale, config, secret, per-env and per-cluster
// overrides), a worker "consumer" and a cron job "cleanup". Test-only.
namespace paved::deploy::render::testing {

spec::AppSpec FixtureSpec();

// prod-eu-west: production, kubernetes, mesh istio, three zones.
platform::Cluster ProductionCluster();
// alpha-eu-west: alpha, kubernetes, no mesh.
platform::Cluster AlphaCluster();
platform::Environment ProductionEnvironment();
platform::Environment AlphaEnvironment();

// The input for `spec` (kept by pointer: it must outlive the input) on `cluster`, with a digest
// for every image of the spec, config set app-config (v4) and secret db-password (v2). With
// `redacted`, secret values are absent.
RenderInput FixtureInput(const spec::AppSpec& spec, const platform::Environment& env,
                         const platform::Cluster& cluster, bool redacted = false);

// A project of `components` components (services, workers and cron jobs mixed), for benchmarks.
spec::AppSpec LargeSpec(int components);

// Standards as the platform team ships them in the fixture: a cost-center label, a pull secret,
// and a CPU limit equal to the request.
Standards FixtureStandards();

}  // namespace paved::deploy::render::testing
