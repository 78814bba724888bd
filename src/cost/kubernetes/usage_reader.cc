#include "cost/kubernetes/usage_reader.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "cost/rollup.h"

namespace paved::cost::kubernetes {
namespace {

constexpr int64_t kHour = 3600;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

using ContainerKey = std::tuple<int, std::string, std::string, std::string>;  // hour, ns, pod, c

// `{a="b",…}` with the cluster selector added when configured.
std::string Selector(const KubernetesCostConfig& c, const std::string& matchers) {
  std::string all = matchers;
  if (!c.metrics.cluster_label.empty()) {
    absl::StrAppend(&all, all.empty() ? "" : ",", c.metrics.cluster_label, "=\"", c.cluster, "\"");
  }
  return absl::StrCat("{", all, "}");
}

class Reader {
 public:
  Reader(prometheus::PrometheusClient& p, const KubernetesCostConfig& c, int64_t day_start,
         int hours)
      : p_(p), c_(c), day_start_(day_start), hours_(hours) {}

  // Calls `fn(hour, labels, value)` for each point of `query` inside the hours read.
  template <typename Fn>
  absl::Status Each(const std::string& query, Fn fn) {
    ASSIGN_OR_RETURN(std::vector<prometheus::Series> series,
                     p_.QueryRange(query, day_start_ + kHour, day_start_ + hours_ * kHour, kHour));
    for (const prometheus::Series& s : series) {
      for (const auto& [t, v] : s.points) {
        int64_t hour = (t - day_start_) / kHour - 1;
        if (hour < 0 || hour >= hours_ || v != v) continue;  // outside, or NaN
        fn(static_cast<int>(hour), s.labels, v);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Containers(std::map<ContainerKey, ContainerHour>& out) {
    const MetricNames& m = c_.metrics;
    std::string by = "sum by (namespace, pod, container) ";
    std::string real = "container!=\"\",container!=\"POD\"";
    auto at = [&](int h, const std::map<std::string, std::string>& l) -> ContainerHour& {
      auto get = [&](const char* k) {
        auto it = l.find(k);
        return it == l.end() ? std::string() : it->second;
      };
      ContainerHour& ch = out[{h, get("namespace"), get("pod"), get("container")}];
      ch.hour = h;
      ch.namespace_name = get("namespace");
      ch.pod = get("pod");
      ch.container = get("container");
      return ch;
    };
    RETURN_IF_ERROR(Each(absl::StrCat(by, "(rate(", m.cpu_usage, Selector(c_, real), "[1h]))"),
                         [&](int h, const auto& l, double v) { at(h, l).cpu_usage = v; }));
    RETURN_IF_ERROR(
        Each(absl::StrCat(by, "(", m.memory_working_set, Selector(c_, real), ")"),
             [&](int h, const auto& l, double v) { at(h, l).ram_usage_gib = v / kGiB; }));
    RETURN_IF_ERROR(Each(absl::StrCat(by, "(", m.requests, Selector(c_, "resource=\"cpu\""), ")"),
                         [&](int h, const auto& l, double v) { at(h, l).cpu_request = v; }));
    return Each(absl::StrCat(by, "(", m.requests, Selector(c_, "resource=\"memory\""), ")"),
                [&](int h, const auto& l, double v) { at(h, l).ram_request_gib = v / kGiB; });
  }

  // (hour, namespace, pod) → node.
  absl::Status PodNodes(std::map<std::tuple<int, std::string, std::string>, std::string>& out) {
    return Each(absl::StrCat("max by (namespace, pod, node) (", c_.metrics.pod_info,
                             Selector(c_, "node!=\"\""), ")"),
                [&](int h, const auto& l, double) {
                  out[{h, l.count("namespace") ? l.at("namespace") : "",
                       l.count("pod") ? l.at("pod") : ""}] = l.count("node") ? l.at("node") : "";
                });
  }

  absl::Status Nodes(std::map<std::string, NodeDay>& out) {
    const MetricNames& m = c_.metrics;
    std::map<std::string, std::set<int>> seen;
    auto node = [&](const auto& l) -> NodeDay& {
      std::string name = l.count("node") ? l.at("node") : "";
      NodeDay& n = out[name];
      n.node = name;
      return n;
    };
    RETURN_IF_ERROR(Each(
        absl::StrCat("max by (node) (", m.node_capacity, Selector(c_, "resource=\"cpu\""), ")"),
        [&](int h, const auto& l, double v) {
          NodeDay& n = node(l);
          n.cpu_cores = std::max(n.cpu_cores, v);
          seen[n.node].insert(h);
        }));
    RETURN_IF_ERROR(Each(
        absl::StrCat("max by (node) (", m.node_capacity, Selector(c_, "resource=\"memory\""), ")"),
        [&](int, const auto& l, double v) {
          NodeDay& n = node(l);
          n.ram_gib = std::max(n.ram_gib, v / kGiB);
        }));
    RETURN_IF_ERROR(Each(absl::StrCat("max by (node, ", m.instance_type_label, ") (", m.node_labels,
                                      Selector(c_, ""), ")"),
                         [&](int, const auto& l, double) {
                           auto it = l.find(m.instance_type_label);
                           if (it != l.end()) node(l).instance_type = it->second;
                         }));
    RETURN_IF_ERROR(Each(absl::StrCat("max by (node, ", m.provider_id_label, ") (", m.node_info,
                                      Selector(c_, ""), ")"),
                         [&](int, const auto& l, double) {
                           auto it = l.find(m.provider_id_label);
                           if (it != l.end()) {
                             node(l).instance_id = InstanceIdOfProviderId(it->second);
                           }
                         }));
    for (auto it = out.begin(); it != out.end();) {
      it->second.hours = static_cast<int>(seen[it->first].size());
      it = it->second.hours == 0 ? out.erase(it) : std::next(it);
    }
    return absl::OkStatus();
  }

 private:
  prometheus::PrometheusClient& p_;
  const KubernetesCostConfig& c_;
  int64_t day_start_;
  int hours_;
};

}  // namespace

std::string InstanceIdOfProviderId(const std::string& provider_id) {
  size_t slash = provider_id.rfind('/');
  std::string last = slash == std::string::npos ? provider_id : provider_id.substr(slash + 1);
  return IsEc2InstanceId(last) ? last : "";
}

absl::StatusOr<DayUsage> ReadDayUsage(prometheus::PrometheusClient& prometheus,
                                      const KubernetesCostConfig& c, int64_t day_start, int hours) {
  Reader reader(prometheus, c, day_start, hours);
  std::map<std::string, NodeDay> nodes;
  RETURN_IF_ERROR(reader.Nodes(nodes));
  std::map<ContainerKey, ContainerHour> containers;
  RETURN_IF_ERROR(reader.Containers(containers));
  std::map<std::tuple<int, std::string, std::string>, std::string> pod_nodes;
  RETURN_IF_ERROR(reader.PodNodes(pod_nodes));
  DayUsage out;
  for (auto& [name, n] : nodes) out.nodes.push_back(std::move(n));
  for (auto& [key, ch] : containers) {
    auto node = pod_nodes.find({ch.hour, ch.namespace_name, ch.pod});
    if (node != pod_nodes.end()) ch.node = node->second;
    out.containers.push_back(std::move(ch));
  }
  return out;
}

}  // namespace paved::cost::kubernetes
