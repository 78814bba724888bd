#include "traffic/pod_history.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "simdjson.h"

namespace paved::traffic {
namespace {

namespace dom = simdjson::dom;

constexpr char kZoneLabel[] = "topology.k8s.aws/zone-id";

// ::ffff:a.b.c.d
bool IsV4(IpKey ip) { return (ip >> 32) == 0xffff; }

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t value = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    uint32_t part = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 3) {
      part = part * 10 + static_cast<uint32_t>(text[i++] - '0');
      ++digits;
    }
    if (digits == 0 || part > 255) return std::nullopt;
    value = (value << 8) | part;
    if (++parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return value;
}

std::optional<IpKey> ParseIpv6(std::string_view text) {
  if (text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, buffer, bytes) != 1) return std::nullopt;
  uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) high = (high << 8) | bytes[i];
  for (int i = 8; i < 16; ++i) low = (low << 8) | bytes[i];
  return absl::MakeUint128(high, low);
}

// The text of a string member at `pointer`, "" when absent or not a string.
std::string_view StringAt(dom::element element, std::string_view pointer) {
  std::string_view out;
  if (element.at_pointer(pointer).get_string().get(out)) return "";
  return out;
}

absl::Status ItemError(const char* file, size_t item, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(file, " item ", item, ": ", what));
}

// A Kubernetes time ("2023-11-14T20:00:00Z") in Unix seconds; nullopt for "".
absl::StatusOr<std::optional<int64_t>> TimeAt(dom::element item, std::string_view pointer,
                                              size_t index) {
  std::string_view text = StringAt(item, pointer);
  if (text.empty()) return std::nullopt;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return ItemError(
        "pods.json", index,
        absl::StrCat(std::string(pointer.substr(1)), ": '", std::string(text), "' is not a time"));
  }
  return absl::ToUnixSeconds(time);
}

// The controller owner reference (controller: true), else the first one.
void ReadOwner(dom::element item, PodRecord& pod) {
  dom::array owners;
  if (item.at_pointer("/metadata/ownerReferences").get_array().get(owners)) return;
  for (dom::element owner : owners) {
    bool controller = false;
    if (owner["controller"].get_bool().get(controller)) controller = false;
    if (controller || pod.owner_kind.empty()) {
      pod.owner_kind = StringAt(owner, "/kind");
      pod.owner_name = StringAt(owner, "/name");
    }
    if (controller) return;
  }
}

void ReadIps(dom::element item, PodRecord& pod) {
  dom::array ips;
  if (!item.at_pointer("/status/podIPs").get_array().get(ips)) {
    for (dom::element ip : ips) {
      std::string_view text = StringAt(ip, "/ip");
      if (!text.empty()) pod.ips.emplace_back(text);
    }
  }
  std::string_view ip = StringAt(item, "/status/podIP");
  if (pod.ips.empty() && !ip.empty()) pod.ips.emplace_back(ip);
}

absl::StatusOr<PodRecord> ReadPod(dom::element item, size_t index) {
  PodRecord pod;
  pod.namespace_name = StringAt(item, "/metadata/namespace");
  pod.name = StringAt(item, "/metadata/name");
  if (pod.name.empty()) return ItemError("pods.json", index, "metadata.name is missing");
  pod.node_name = StringAt(item, "/spec/nodeName");
  bool host = false;
  if (!item.at_pointer("/spec/hostNetwork").get_bool().get(host)) pod.host_network = host;
  ReadOwner(item, pod);
  ReadIps(item, pod);
  auto start = TimeAt(item, "/status/startTime", index);
  if (!start.ok()) return start.status();
  pod.start = *start;
  auto deletion = TimeAt(item, "/metadata/deletionTimestamp", index);
  if (!deletion.ok()) return deletion.status();
  pod.deletion = *deletion;
  return pod;
}

absl::StatusOr<dom::array> ItemsOf(dom::parser& parser, std::string_view text, const char* file,
                                   dom::element& root) {
  simdjson::padded_string padded(text);
  if (auto error = parser.parse(padded).get(root)) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": not JSON (", simdjson::error_message(error), ")"));
  }
  dom::array items;
  if (root["items"].get_array().get(items)) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": no \"items\" array"));
  }
  return items;
}

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ReadNodeZones(std::string_view text) {
  dom::parser parser;
  dom::element root;
  auto items = ItemsOf(parser, text, "nodes.json", root);
  if (!items.ok()) return items.status();
  absl::flat_hash_map<std::string, std::string> zones;
  for (dom::element node : *items) {
    std::string_view name = StringAt(node, "/metadata/name");
    std::string_view zone;
    dom::object labels;
    if (!node.at_pointer("/metadata/labels").get_object().get(labels) &&
        !labels[kZoneLabel].get_string().get(zone)) {
      zones[std::string(name)] = std::string(zone);
    }
  }
  return zones;
}

absl::StatusOr<std::string> ReadBounded(const std::filesystem::path& path, int64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(text.size()) > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(path.string(), " holds more than ", max_bytes, " bytes"));
    }
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", path.string()));
  return text;
}

}  // namespace

std::optional<IpKey> ParseIp(std::string_view text) {
  if (auto v4 = ParseIpv4(text)) return absl::MakeUint128(0, 0xffff00000000ULL | *v4);
  return ParseIpv6(text);
}

std::string WorkloadOf(const PodRecord& pod) {
  std::string workload = pod.name;
  if (pod.owner_kind == "ReplicaSet" && !pod.owner_name.empty()) {
    size_t dash = pod.owner_name.rfind('-');
    workload =
        dash == std::string::npos || dash == 0 ? pod.owner_name : pod.owner_name.substr(0, dash);
  } else if (pod.owner_kind == "StatefulSet" && !pod.owner_name.empty()) {
    workload = pod.owner_name;
  }
  return absl::StrCat(pod.namespace_name, "/", workload);
}

uint32_t PodHistory::Intern(std::vector<std::string>& names,
                            absl::flat_hash_map<std::string, uint32_t>& ids,
                            const std::string& name) {
  auto [it, added] = ids.try_emplace(name, static_cast<uint32_t>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

PodHistory PodHistory::FromRecords(
    const std::vector<PodRecord>& pods,
    const absl::flat_hash_map<std::string, std::string>& node_zones) {
  PodHistory history;
  absl::flat_hash_map<std::string, uint32_t> workload_ids, zone_ids;
  history.Intern(history.zones_, zone_ids, "");
  std::vector<std::pair<IpKey, Interval>> held;
  for (const PodRecord& pod : pods) {
    if (pod.host_network || !pod.start || pod.ips.empty()) continue;
    Interval interval{.start = *pod.start, .end = pod.deletion.value_or(INT64_MAX)};
    if (interval.end <= interval.start) continue;
    if (history.workloads_.size() >= kMaxWorkloads || history.zones_.size() >= kMaxZones) {
      ++history.skipped_pods_;
      continue;
    }
    interval.workload = history.Intern(history.workloads_, workload_ids, WorkloadOf(pod));
    auto zone = node_zones.find(pod.node_name);
    interval.zone =
        zone == node_zones.end() ? 0 : history.Intern(history.zones_, zone_ids, zone->second);
    for (const std::string& ip : pod.ips) {
      if (auto key = ParseIp(ip)) held.emplace_back(*key, interval);
    }
  }
  std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.start < b.second.start;
  });
  history.intervals_.reserve(held.size());
  std::vector<std::pair<uint32_t, Span>> ipv4;
  for (size_t i = 0; i < held.size(); ++i) {
    const IpKey ip = held[i].first;
    const bool next_ip = i == 0 || held[i - 1].first != ip;
    if (next_ip && IsV4(ip)) ipv4.push_back({static_cast<uint32_t>(ip), {}});
    Span& span = IsV4(ip) ? ipv4.back().second : history.by_ip_[ip];
    if (next_ip) span.begin = static_cast<uint32_t>(history.intervals_.size());
    ++span.count;
    history.intervals_.push_back(held[i].second);
  }
  history.IndexIpv4(ipv4);
  return history;
}

void PodHistory::IndexIpv4(const std::vector<std::pair<uint32_t, Span>>& spans) {
  if (spans.empty()) return;
  const uint32_t low = spans.front().first, high = spans.back().first;  // sorted
  if (high - low < kDenseIpv4) {
    ipv4_base_ = low;
    dense_ipv4_.assign(high - low + 1, Span{});
    for (const auto& [ip, span] : spans) dense_ipv4_[ip - low] = span;
    return;
  }
  for (const auto& [ip, span] : spans) by_ipv4_[ip] = span;
}

absl::StatusOr<PodHistory> PodHistory::FromJson(std::string_view pods_json,
                                                std::string_view nodes_json) {
  auto zones = ReadNodeZones(nodes_json);
  if (!zones.ok()) return zones.status();
  dom::parser parser;
  dom::element root;
  auto items = ItemsOf(parser, pods_json, "pods.json", root);
  if (!items.ok()) return items.status();
  std::vector<PodRecord> pods;
  size_t index = 0;
  for (dom::element item : *items) {
    auto pod = ReadPod(item, index++);
    if (!pod.ok()) return pod.status();
    pods.push_back(std::move(*pod));
  }
  return FromRecords(pods, *zones);
}

absl::StatusOr<PodHistory> PodHistory::Load(const std::filesystem::path& pods_json,
                                            const std::filesystem::path& nodes_json,
                                            const PodHistoryLimits& limits) {
  auto pods = ReadBounded(pods_json, limits.max_pods_json_bytes);
  if (!pods.ok()) return pods.status();
  auto nodes = ReadBounded(nodes_json, limits.max_nodes_json_bytes);
  if (!nodes.ok()) return nodes.status();
  return FromJson(*pods, *nodes);
}

const PodHistory::Interval* PodHistory::Find(IpKey ip, int64_t time) const {
  const Span* span = nullptr;
  if (IsV4(ip)) {
    const uint32_t v4 = static_cast<uint32_t>(ip);
    if (!dense_ipv4_.empty()) {
      if (v4 - ipv4_base_ < dense_ipv4_.size()) span = &dense_ipv4_[v4 - ipv4_base_];
    } else if (auto it = by_ipv4_.find(v4); it != by_ipv4_.end()) {
      span = &it->second;
    }
  } else {
    auto it = by_ip_.find(ip);
    if (it != by_ip_.end()) span = &it->second;
  }
  if (span == nullptr || span->count == 0) return nullptr;
  const Interval* first = intervals_.data() + span->begin;
  // The latest-started interval at or before `time` that still holds the IP. The first one
  // starting after `time` is found without branches (a select each halving): which way a
  // record's time goes is not predictable.
  const Interval* base = first;
  for (size_t n = span->count; n > 1; n -= n / 2) {
    base = base[n / 2].start <= time ? base + n / 2 : base;
  }
  const Interval* after = base + (base->start <= time ? 1 : 0);
  for (const Interval* i = after; i != first;) {
    --i;
    if (time < i->end) return i;
  }
  return nullptr;
}

}  // namespace paved::traffic
