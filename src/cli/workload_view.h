#pragma once

// What runs where, log text and the project timeline as the CLI prints them.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// `paved status`: per cluster of a /workloads answer one line "CLUSTER  ENV/REGION  namespace NS
// deployment ID DIGEST STATE" (or "nothing deployed"), then its instances (COMPONENT, INSTANCE,
// STATE, RESTARTS, URL) and a runtime notice or error when the answer carries one.
std::string RenderWorkloads(const nlohmann::json& items);

// One instance of a /workloads answer.
struct InstanceRef {
  std::string cluster, component, name, state, url;
};

// Every instance of a /workloads answer, in answer order; only `cluster`'s when not empty.
std::vector<InstanceRef> Instances(const nlohmann::json& items, const std::string& cluster = "");

// The lines of `text` (a log tail) that are new since `previous` (the tail fetched before): the
// lines after the longest end of `previous` that `text` starts with; all of `text` when they
// share nothing. Both are whole lines ("a\nb\n").
std::vector<std::string> NewLogLines(const std::vector<std::string>& previous,
                                     const std::vector<std::string>& text);

// `text` split into lines (without "\n"; no empty last line), each made terminal-safe.
std::vector<std::string> LogLines(const std::string& text);

// `paved timeline`: AT, KIND, ACTOR, SUMMARY, DEPLOYMENT.
std::string RenderTimeline(const nlohmann::json& items);

// `paved metrics deployments`: one row per DeployMetrics item.
std::string RenderDeployMetrics(const nlohmann::json& items);

}  // namespace paved::cli
