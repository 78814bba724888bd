#include "traffic/pods/pod_history_store.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"
#include "store/in_list.h"
#include "store/insert_rows.h"

namespace paved::traffic::pods {
namespace {

constexpr int kPodColumns = 11;
constexpr char kPodSelect[] =
    "SELECT uid, namespace, name, owner_kind, owner_name, node, ips, started_at, deleted_at, "
    "last_seen FROM traffic_pods WHERE ";

int64_t Ms(int64_t seconds) { return seconds * 1000; }
int64_t Seconds(int64_t ms) { return ms / 1000; }

// The listed pods by uid, the last of a repeated uid kept (one upsert may not touch a row twice).
std::vector<const ListedPod*> Unique(const std::vector<ListedPod>& pods) {
  absl::flat_hash_map<std::string, size_t> last;
  for (size_t i = 0; i < pods.size(); ++i) last[pods[i].uid] = i;
  std::vector<const ListedPod*> out;
  out.reserve(last.size());
  for (size_t i = 0; i < pods.size(); ++i) {
    if (last[pods[i].uid] == i) out.push_back(&pods[i]);
  }
  return out;
}

void AppendPod(const std::string& cluster, const ListedPod& listed, int64_t at,
               store::Params& params) {
  const PodRecord& p = listed.pod;
  for (store::Value v :
       {store::Value(cluster), store::Value(listed.uid), store::Value(p.namespace_name),
        store::Value(p.name), store::Value(p.owner_kind), store::Value(p.owner_name),
        store::Value(p.node_name), store::Value(absl::StrJoin(p.ips, ",")),
        store::Value(Ms(p.start.value_or(0))),
        p.deletion ? store::Value(Ms(*p.deletion)) : store::Null(), store::Value(Ms(at))}) {
    params.push_back(std::move(v));
  }
}

absl::Status UpsertPods(store::Tx& tx, const std::string& cluster,
                        const std::vector<const ListedPod*>& pods, int64_t at) {
  return store::InsertRows(
      tx,
      "INSERT INTO traffic_pods (cluster, uid, namespace, name, owner_kind, owner_name, node, "
      "ips, started_at, deleted_at, last_seen) VALUES ",
      kPodColumns, pods.size(),
      [&](size_t i, store::Params& params) { AppendPod(cluster, *pods[i], at, params); },
      " ON CONFLICT (cluster, uid) DO UPDATE SET namespace = excluded.namespace, "
      "name = excluded.name, owner_kind = excluded.owner_kind, owner_name = excluded.owner_name, "
      "node = excluded.node, ips = excluded.ips, started_at = excluded.started_at, "
      "deleted_at = excluded.deleted_at, last_seen = excluded.last_seen");
}

absl::Status UpsertNodes(store::Tx& tx, const std::string& cluster,
                         const absl::flat_hash_map<std::string, std::string>& zones, int64_t at) {
  std::vector<std::pair<std::string, std::string>> nodes(zones.begin(), zones.end());
  return store::InsertRows(
      tx, "INSERT INTO traffic_nodes (cluster, name, zone_id, last_seen) VALUES ", 4, nodes.size(),
      [&](size_t i, store::Params& params) {
        for (store::Value v : {store::Value(cluster), store::Value(nodes[i].first),
                               store::Value(nodes[i].second), store::Value(Ms(at))}) {
          params.push_back(std::move(v));
        }
      },
      " ON CONFLICT (cluster, name) DO UPDATE SET zone_id = excluded.zone_id, "
      "last_seen = excluded.last_seen");
}

// Ends, at `at`, the running pods of `cluster` that `listed` does not hold. Returns how many.
absl::StatusOr<int64_t> CloseGone(store::Tx& tx, const std::string& cluster,
                                  const absl::flat_hash_set<std::string>& listed, int64_t at) {
  ASSIGN_OR_RETURN(store::ResultSet running,
                   tx.Query(absl::StrCat("SELECT uid FROM traffic_pods WHERE cluster = $1 AND "
                                         "deleted_at IS NULL",
                                         tx.ForUpdate()),
                            {cluster}));
  std::vector<std::string> gone;
  for (const store::Row& row : running.rows) {
    if (!listed.contains(row.Text("uid"))) gone.push_back(row.Text("uid"));
  }
  RETURN_IF_ERROR(store::QueryInChunks(
      tx, "UPDATE traffic_pods SET deleted_at = $2 WHERE cluster = $1 AND uid IN (",
      {cluster, Ms(at)}, gone, ")", [](const store::Row&) {}));
  return static_cast<int64_t>(gone.size());
}

// Removes pods that ended, and nodes last listed, before `cutoff` (Unix seconds).
absl::StatusOr<int64_t> Forget(store::Tx& tx, const std::string& cluster, int64_t cutoff) {
  ASSIGN_OR_RETURN(store::ResultSet pods,
                   tx.Query("DELETE FROM traffic_pods WHERE cluster = $1 AND deleted_at < $2",
                            {cluster, Ms(cutoff)}));
  RETURN_IF_ERROR(tx.Query("DELETE FROM traffic_nodes WHERE cluster = $1 AND last_seen < $2",
                           {cluster, Ms(cutoff)})
                      .status());
  return pods.affected;
}

StoredPod PodFromRow(const store::Row& row) {
  StoredPod out{.uid = row.Text("uid"), .last_seen = Seconds(row.Int("last_seen"))};
  PodRecord& p = out.pod;
  p.namespace_name = row.Text("namespace");
  p.name = row.Text("name");
  p.owner_kind = row.Text("owner_kind");
  p.owner_name = row.Text("owner_name");
  p.node_name = row.Text("node");
  p.ips = absl::StrSplit(row.Text("ips"), ',', absl::SkipEmpty());
  p.start = Seconds(row.Int("started_at"));
  if (!row.IsNull("deleted_at")) p.deletion = Seconds(row.Int("deleted_at"));
  return out;
}

}  // namespace

absl::StatusOr<RecordCounts> PodHistoryStore::Record(const std::string& cluster,
                                                     const ClusterListing& listing) {
  const std::vector<const ListedPod*> pods = Unique(listing.pods);
  absl::flat_hash_set<std::string> uids;
  for (const ListedPod* p : pods) uids.insert(p->uid);
  RecordCounts counts{.pods = static_cast<int64_t>(pods.size()),
                      .nodes = static_cast<int64_t>(listing.node_zones.size())};
  RETURN_IF_ERROR(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(counts.closed, CloseGone(tx, cluster, uids, listing.at));
    RETURN_IF_ERROR(UpsertPods(tx, cluster, pods, listing.at));
    RETURN_IF_ERROR(UpsertNodes(tx, cluster, listing.node_zones, listing.at));
    ASSIGN_OR_RETURN(counts.forgotten, Forget(tx, cluster, listing.at - keep_seconds_));
    return absl::OkStatus();
  }));
  return counts;
}

absl::StatusOr<std::vector<StoredPod>> PodHistoryStore::Select(const std::string& where,
                                                               const store::Params& params) {
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(absl::StrCat(kPodSelect, where), params));
  std::vector<StoredPod> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(PodFromRow(row));
  return out;
}

absl::StatusOr<std::vector<StoredPod>> PodHistoryStore::Pods(const std::string& cluster) {
  return Select("cluster = $1 ORDER BY namespace, name, started_at, uid", {cluster});
}

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> PodHistoryStore::NodeZones(
    const std::string& cluster) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query("SELECT name, zone_id FROM traffic_nodes WHERE cluster = $1", {cluster}));
  absl::flat_hash_map<std::string, std::string> zones;
  for (const store::Row& row : rs.rows) zones[row.Text("name")] = row.Text("zone_id");
  return zones;
}

absl::StatusOr<PodHistory> PodHistoryStore::HistoryOf(const std::string& cluster, int64_t from,
                                                      int64_t to) {
  ASSIGN_OR_RETURN(std::vector<StoredPod> stored,
                   Select("cluster = $1 AND started_at < $3 AND (deleted_at IS NULL OR "
                          "deleted_at > $2)",
                          {cluster, Ms(from), Ms(to)}));
  ASSIGN_OR_RETURN(auto zones, NodeZones(cluster));
  std::vector<PodRecord> records;
  records.reserve(stored.size());
  for (StoredPod& p : stored) records.push_back(std::move(p.pod));
  return PodHistory::FromRecords(records, zones);
}

}  // namespace paved::traffic::pods
