#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"

namespace paved::traffic {

// An IP address as a 128-bit number: IPv6 as it is, IPv4 as ::ffff:a.b.c.d.
using IpKey = absl::uint128;

// `text` ("10.0.1.37", "2600:1f18::1") as an IpKey; nullopt when it is not an address.
std::optional<IpKey> ParseIp(std::string_view text);

// One pod as Kubernetes knows it, from `kubectl get pods -o json` or a watch.
struct PodRecord {
  std::string namespace_name;
  std::string name;
  std::string owner_kind;  // of the controller owner reference; "" without one
  std::string owner_name;
  std::string node_name;            // spec.nodeName
  std::vector<std::string> ips;     // status.podIPs (or podIP); empty while pending
  std::optional<int64_t> start;     // status.startTime, Unix seconds; nullopt while pending
  std::optional<int64_t> deletion;  // metadata.deletionTimestamp, Unix seconds
  bool host_network = false;        // spec.hostNetwork: the node's IP, not the pod's
};

// "namespace/workload" of a pod: a ReplicaSet owner gives its name without the last "-suffix"
// (the Deployment), a StatefulSet owner its name, anything else (no owner, a Job, a DaemonSet)
// the pod's name.
std::string WorkloadOf(const PodRecord& pod);

// Limits on the files LoadPodHistory reads.
struct PodHistoryLimits {
  int64_t max_pods_json_bytes = 1LL << 30;
  int64_t max_nodes_json_bytes = 256LL << 20;
};

// Who held which IP when: the IP ownership intervals of a cluster's pods. A pod holds each of its
// IPs over [start, deletion) (no deletion: still running); pending pods (no IP or no start) and
// hostNetwork pods are left out, and so are pods beyond kMaxWorkloads workloads or kMaxZones
// zones (with a count in skipped_pods()). IPs are reused, and a recreated StatefulSet pod keeps its
// name: intervals are keyed on IP and time only. Immutable once built; safe to share across
// threads.
class PodHistory {
 public:
  static constexpr size_t kMaxWorkloads = 1 << 20;
  static constexpr size_t kMaxZones = 32;  // "" included

  // The interval an IP is held over, with its workload and zone as small ids.
  struct Interval {
    int64_t start = 0;
    int64_t end = INT64_MAX;  // exclusive
    uint32_t workload = 0;    // index into workloads()
    uint32_t zone = 0;        // index into zones(); zones()[0] is "" (unknown)
  };

  // From pods and a node name → zone id map (`topology.k8s.aws/zone-id`). A node missing from
  // the map gives the zone "".
  static PodHistory FromRecords(const std::vector<PodRecord>& pods,
                                const absl::flat_hash_map<std::string, std::string>& node_zones);

  // From the texts of `kubectl get pods -A -o json` and `kubectl get nodes -o json`.
  // InvalidArgument naming the file ("pods.json item 3: status.startTime: ...") when one is not
  // such a document.
  static absl::StatusOr<PodHistory> FromJson(std::string_view pods_json,
                                             std::string_view nodes_json);

  // From the files, each read whole within `limits` (ResourceExhausted beyond them, NotFound
  // when one cannot be read).
  static absl::StatusOr<PodHistory> Load(const std::filesystem::path& pods_json,
                                         const std::filesystem::path& nodes_json,
                                         const PodHistoryLimits& limits = {});

  // The interval holding `ip` at `time` (Unix seconds), or null. When intervals of one IP
  // overlap (a data error), the latest-started one wins.
  const Interval* Find(IpKey ip, int64_t time) const;

  const std::vector<std::string>& workloads() const { return workloads_; }
  const std::vector<std::string>& zones() const { return zones_; }
  size_t interval_count() const { return intervals_.size(); }
  size_t skipped_pods() const { return skipped_pods_; }

 private:
  PodHistory() = default;
  uint32_t Intern(std::vector<std::string>& names, absl::flat_hash_map<std::string, uint32_t>& ids,
                  const std::string& name);

  struct Span {
    uint32_t begin = 0, count = 0;  // into intervals_, sorted by start
  };
  // IPv4 addresses: a table from ipv4_base_ when they span at most kDenseIpv4 addresses (a VPC's
  // /16), else a map.
  static constexpr uint32_t kDenseIpv4 = 1 << 20;
  uint32_t ipv4_base_ = 0;
  std::vector<Span> dense_ipv4_;
  absl::flat_hash_map<uint32_t, Span> by_ipv4_;
  absl::flat_hash_map<IpKey, Span> by_ip_;
  void IndexIpv4(const std::vector<std::pair<uint32_t, Span>>& spans);
  std::vector<Interval> intervals_;
  std::vector<std::string> workloads_;
  std::vector<std::string> zones_;
  size_t skipped_pods_ = 0;
};

}  // namespace paved::traffic
