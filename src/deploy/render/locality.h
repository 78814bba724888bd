#pragma once

#include <string>
#include <vector>

#include "deploy/platform/kubernetes_version.h"
#include "deploy/platform/platform_store.h"
#include "deploy/spec/app_spec.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::render {

// Zone-local routing ("locality"), as the renderer writes it and as the traffic advice proposes
// it, so the two cannot disagree. Why each form: deploy/render/README.md.

// How a Service keeps calls in the caller's zone on a cluster without a mesh. Exactly one of
// `traffic_distribution` and `annotation` is set.
struct ServiceLocality {
  // spec.trafficDistribution: "PreferSameZone" from Kubernetes 1.34 (the value is on by default
  // from 1.34), "PreferClose" on 1.31-1.33 (the field is on by default from 1.31).
  std::string traffic_distribution;
  // Topology-aware routing before 1.31: service.kubernetes.io/topology-mode: Auto (1.27-1.30),
  // service.kubernetes.io/topology-aware-hints: auto before 1.27.
  std::string annotation;
  std::string annotation_value;
};

ServiceLocality ServiceLocalityFor(platform::KubernetesVersion version);

// Adds `l` to a Service object: spec.trafficDistribution, or metadata.annotations.
void ApplyServiceLocality(const ServiceLocality& l, nlohmann::json* service);

// The trafficPolicy of an Istio DestinationRule: locality load balancing on or off, always with
// outlier detection (without it Istio never moves traffic off a failing zone, and locality load
// balancing does nothing). No `failover` / `failoverPriority`: Istio's default order is already
// same zone, then same region, then elsewhere, and a cluster lies in one region.
nlohmann::json IstioTrafficPolicy(bool locality);

// Whether calls to service `c` on `cluster` are kept in zone: the spec's traffic.locality, else
// LocalityByDefault.
bool LocalityOn(const spec::Component& c, const platform::Cluster& cluster);
// Whether a service whose spec does not say gets locality on a cluster with `mesh`: on with
// Istio (what Paved has always rendered there), off elsewhere.
bool LocalityByDefault(const std::string& mesh);

// Warnings for services whose spec asks for `traffic: {locality: true}` with fewer replicas
// (autoscale: its minimum) in `environment` than `cluster` has zones: calls from a zone without
// a replica keep crossing zones, and each zone's calls go only to its own replicas.
// "services.web.traffic.locality: 2 replicas for the 3 zones of cluster prod-eu-west: ...".
std::vector<std::string> LocalityWarnings(const spec::AppSpec& app, const std::string& environment,
                                          const platform::Cluster& cluster);

}  // namespace paved::deploy::render
