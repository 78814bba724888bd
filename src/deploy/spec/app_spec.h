#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::deploy::spec {

// The app spec (`paved.yaml`): what a team writes instead of Kubernetes YAML. Schema:
// docs/paved.schema.json; guide: docs/deploy.md.

enum class ComponentKind { kService, kWorker, kCronJob };
const char* ComponentKindName(ComponentKind k);  // "service" | "worker" | "cronjob"

struct Resources {
  std::string cpu;           // request, Kubernetes quantity ("500m"); empty = platform default
  std::string memory;        // request ("512Mi"); empty = platform default
  std::string cpu_limit;     // empty = platform default rule (see render/standards.h)
  std::string memory_limit;  // empty = same as memory request
};

struct Health {
  std::string path;         // HTTP GET path, e.g. /healthz
  std::optional<int> port;  // defaults to the component's port
};

struct Ingress {
  std::string host;
  std::string path = "/";
};

// `traffic: {locality: true}` — keep calls to this service in the caller's zone (docs/deploy.md;
// what each cluster kind renders: deploy/render/README.md).
struct Traffic {
  std::optional<bool> locality;  // absent: the cluster's default (on with Istio, off without)
};

struct Autoscale {
  int min = 1;
  int max = 1;
  int cpu = 80;  // target average CPU utilisation, percent
};

// What an environment or a cluster may change. Absent fields keep the component's value; env
// entries are merged over the component's env (same key: the override wins).
struct Overrides {
  std::optional<int> replicas;
  std::optional<Resources> resources;
  std::optional<Autoscale> autoscale;
  std::map<std::string, std::string> env;
};

// One service, worker or cron job.
struct Component {
  std::string name;  // DNS label, unique across the spec
  ComponentKind kind = ComponentKind::kService;
  std::string image;  // repository without tag or digest, e.g. registry.example.com/chat-gateway
  std::optional<int> port;  // services only (required for services)
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::optional<int> replicas;                 // `replicas: 2`
  std::map<std::string, int> replicas_by_env;  // `replicas: {alpha: 1, production: 3}`
  std::optional<Resources> resources;
  std::optional<Health> health;
  std::map<std::string, std::string> env;
  std::vector<std::string> config;     // config sets of this project, mounted/injected
  std::vector<std::string> secrets;    // secrets of this project, injected as env
  std::optional<Ingress> ingress;      // services only
  std::optional<Traffic> traffic;      // services only
  std::optional<Autoscale> autoscale;  // services and workers
  std::string schedule;                // cron jobs only (required for them), five-field cron
  std::map<std::string, Overrides> environments;  // by environment name
  std::map<std::string, Overrides> clusters;      // by cluster name; applied after environments
  std::vector<std::string> local_command;         // from the top-level `local:` section
};

// `resources: [cache, {name: sessions, prefix: SESSIONS}]`: resources of the project (in the
// environment deployed to) whose connection every component gets as environment variables —
// e.g. REDIS_URL, REDIS_HOST, REDIS_PORT; `prefix` replaces the kind's own (REDIS).
struct ResourceUse {
  std::string name;
  std::string prefix;
};

// `monitoring: {metrics: ..., slo: ...}` — how the generated dashboards, SLO rules and alerts
// read this app (docs/monitoring.md). Every field absent = the platform's `monitoring:` default.
struct MonitoringMetrics {
  std::string source;  // "" (platform default) | "istio" (the mesh's) | "app" (the app's own)
  // With source app: the app's metric and label names; "" = the documented app default.
  std::string requests_total;   // counter of requests, e.g. http_requests_total
  std::string duration_bucket;  // histogram buckets, e.g. http_request_duration_seconds_bucket
  std::string duration_unit;    // "" | "seconds" | "milliseconds"
  std::string status_label;     // e.g. code
  std::string service_label;    // e.g. service
  std::string namespace_label;  // e.g. namespace
  std::string error_regex;      // status values that count as errors, e.g. 5..
};

struct SloSpec {
  std::optional<double> availability;     // percent of requests that succeed, e.g. 99.95
  std::optional<double> latency_percent;  // percent of requests faster than latency_ms
  std::optional<int> latency_ms;
};

struct MonitoringSpec {
  MonitoringMetrics metrics;
  SloSpec slo;
};

struct AppSpec {
  std::string api_version = "paved.dev/v1";
  std::vector<ResourceUse> resources;
  MonitoringSpec monitoring;
  // Services, then workers, then cron jobs; each group by name. Deterministic.
  std::vector<Component> components;

  const Component* Find(const std::string& name) const;
};

// A component with the overrides for one (environment, cluster) applied: what the renderer and
// the local runtime use.
struct ResolvedComponent {
  const Component* component = nullptr;
  int replicas = 1;     // autoscale.min when autoscaling
  Resources resources;  // fields still empty mean "platform default"
  std::optional<Autoscale> autoscale;
  std::map<std::string, std::string> env;
};

ResolvedComponent Resolve(const Component& c, const std::string& environment,
                          const std::string& cluster);

// The spec as JSON in the same shape as the YAML (for API answers and the UI).
nlohmann::json AppSpecToJson(const AppSpec& spec);

}  // namespace paved::deploy::spec
