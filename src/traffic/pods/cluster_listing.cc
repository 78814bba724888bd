#include "traffic/pods/cluster_listing.h"

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/status_macros.h"

namespace paved::traffic::pods {
namespace {

using deploy::runtime::kubernetes::ApiClient;
using nlohmann::json;

constexpr char kZoneLabel[] = "topology.k8s.aws/zone-id";

// The value at `pointer`, or null when there is none.
const json* At(const json& j, const char* pointer) {
  const json::json_pointer p(pointer);
  return j.contains(p) ? &j.at(p) : nullptr;
}

std::string TextAt(const json& j, const char* pointer) {
  const json* v = At(j, pointer);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// A Kubernetes time ("2023-11-14T20:00:00Z") at `pointer` in Unix seconds; nullopt when absent.
absl::StatusOr<std::optional<int64_t>> TimeAt(const json& item, const char* pointer) {
  const std::string text = TextAt(item, pointer);
  if (text.empty()) return std::nullopt;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat("pod ", TextAt(item, "/metadata/namespace"), "/",
                                                   TextAt(item, "/metadata/name"), ": ",
                                                   pointer + 1, ": '", text, "' is not a time"));
  }
  return absl::ToUnixSeconds(time);
}

// The controller owner reference (controller: true), else the first one; as PodHistory reads it.
void ReadOwner(const json& item, PodRecord& pod) {
  const json* owners = At(item, "/metadata/ownerReferences");
  if (owners == nullptr || !owners->is_array()) return;
  for (const json& owner : *owners) {
    const json* controller = At(owner, "/controller");
    const bool is_controller = controller != nullptr && controller->is_boolean() && *controller;
    if (is_controller || pod.owner_kind.empty()) {
      pod.owner_kind = TextAt(owner, "/kind");
      pod.owner_name = TextAt(owner, "/name");
    }
    if (is_controller) return;
  }
}

// status.podIPs, else status.podIP.
void ReadIps(const json& item, PodRecord& pod) {
  const json* ips = At(item, "/status/podIPs");
  if (ips != nullptr && ips->is_array()) {
    for (const json& ip : *ips) {
      std::string text = TextAt(ip, "/ip");
      if (!text.empty()) pod.ips.push_back(std::move(text));
    }
  }
  std::string ip = TextAt(item, "/status/podIP");
  if (pod.ips.empty() && !ip.empty()) pod.ips.push_back(std::move(ip));
}

// Every item of `collection`, page by page; `reset` before each attempt (an expired continue
// token begins the list again, once).
absl::Status ListChunked(ApiClient& api, const std::string& collection, int page_size,
                         int64_t max_items, ListStats& stats, absl::FunctionRef<void()> reset,
                         absl::FunctionRef<void(const json&)> item) {
  const std::string what = "list " + collection;
  for (int attempt = 0;; ++attempt) {
    reset();
    std::string token;
    int64_t count = 0;
    absl::Status status;
    do {
      absl::StatusOr<ApiClient::Page> page = api.ListPage(collection, page_size, token, what);
      if (!page.ok()) {
        status = page.status();
        break;
      }
      ++stats.pages;
      count += static_cast<int64_t>(page->items.size());
      if (count > max_items) {
        return absl::ResourceExhaustedError(absl::StrCat(
            what, ": more than ", max_items, " items; raise traffic.pod_history_max_pods"));
      }
      for (const json& i : page->items) item(i);
      token = std::move(page->next);
    } while (!token.empty());
    if (!absl::IsOutOfRange(status) || attempt > 0) return status;
    ++stats.restarts;
  }
}

}  // namespace

absl::StatusOr<std::optional<ListedPod>> PodFromItem(const json& item) {
  ListedPod out{.uid = TextAt(item, "/metadata/uid")};
  PodRecord& pod = out.pod;
  pod.namespace_name = TextAt(item, "/metadata/namespace");
  pod.name = TextAt(item, "/metadata/name");
  pod.node_name = TextAt(item, "/spec/nodeName");
  const json* host = At(item, "/spec/hostNetwork");
  pod.host_network = host != nullptr && host->is_boolean() && *host;
  ReadOwner(item, pod);
  ReadIps(item, pod);
  ASSIGN_OR_RETURN(pod.start, TimeAt(item, "/status/startTime"));
  ASSIGN_OR_RETURN(pod.deletion, TimeAt(item, "/metadata/deletionTimestamp"));
  if (out.uid.empty() || pod.name.empty() || pod.host_network || pod.ips.empty() || !pod.start) {
    return std::nullopt;
  }
  return out;
}

std::pair<std::string, std::string> NodeZoneFromItem(const json& item) {
  const json* labels = At(item, "/metadata/labels");
  std::string zone;
  if (labels != nullptr && labels->is_object() && labels->contains(kZoneLabel) &&
      (*labels)[kZoneLabel].is_string()) {
    zone = (*labels)[kZoneLabel].get<std::string>();
  }
  return {TextAt(item, "/metadata/name"), zone};
}

absl::StatusOr<ClusterListing> ListCluster(ApiClient& api, const ListLimits& limits, int64_t at,
                                           ListStats* stats) {
  ListStats local;
  ListStats& s = stats != nullptr ? *stats : local;
  ClusterListing listing{.at = at};
  RETURN_IF_ERROR(ListChunked(
      api, "/api/v1/pods", limits.page_size, limits.max_pods, s,
      [&] {
        listing.pods.clear();
        s.pods_listed = s.skipped = s.invalid = 0;
      },
      [&](const json& item) {
        ++s.pods_listed;
        absl::StatusOr<std::optional<ListedPod>> pod = PodFromItem(item);
        if (!pod.ok()) {
          ++s.invalid;
        } else if (pod->has_value()) {
          listing.pods.push_back(std::move(**pod));
        } else {
          ++s.skipped;
        }
      }));
  RETURN_IF_ERROR(ListChunked(
      api, "/api/v1/nodes", limits.page_size, limits.max_nodes, s,
      [&] { listing.node_zones.clear(); },
      [&](const json& item) {
        auto [name, zone] = NodeZoneFromItem(item);
        if (!name.empty()) listing.node_zones[name] = zone;
      }));
  return listing;
}

}  // namespace paved::traffic::pods
