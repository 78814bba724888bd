#include "cost/kubernetes/allocation_store.h"

#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::cost::kubernetes {

nlohmann::json StoredAllocationToJson(const StoredAllocation& a) {
  const AllocationRow& r = a.row;
  return {{"cluster", a.cluster},
          {"day", a.day},
          {"namespace", r.namespace_name},
          {"kind", r.kind},
          {"team_id", r.team_id},
          {"cpu_core_hours", r.cpu_core_hours},
          {"ram_gib_hours", r.ram_gib_hours},
          {"cpu", FormatMoney(r.cpu)},
          {"ram", FormatMoney(r.ram)},
          {"total", FormatMoney(r.total)}};
}

nlohmann::json StoredNodeToJson(const StoredNode& n) {
  return {{"cluster", n.cluster},
          {"day", n.day},
          {"node", n.node.node},
          {"instance_id", n.node.instance_id},
          {"cost", FormatMoney(n.node.cost)},
          {"price_source", n.node.price_source}};
}

absl::Status AllocationStore::Replace(store::Tx& tx, const std::string& cluster,
                                      const std::string& day, const DayAllocation& a, int hours,
                                      int64_t now_ms) {
  RETURN_IF_ERROR(
      tx.Query("DELETE FROM cost_allocation_days WHERE cluster = $1 AND day = $2", {cluster, day})
          .status());
  RETURN_IF_ERROR(tx.Query("INSERT INTO cost_allocation_days (cluster, day, hours, allocated_at) "
                           "VALUES ($1, $2, $3, $4)",
                           {cluster, day, static_cast<int64_t>(hours), now_ms})
                      .status());
  RETURN_IF_ERROR(
      tx.Query("DELETE FROM cost_allocations WHERE cluster = $1 AND day = $2", {cluster, day})
          .status());
  RETURN_IF_ERROR(
      tx.Query("DELETE FROM cost_allocation_nodes WHERE cluster = $1 AND day = $2", {cluster, day})
          .status());
  for (const AllocationRow& r : a.rows) {
    RETURN_IF_ERROR(
        tx.Query("INSERT INTO cost_allocations (cluster, day, namespace, kind, team_id, "
                 "cpu_core_hours, ram_gib_hours, cpu_nanos, ram_nanos, total_nanos) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                 {cluster, day, r.namespace_name, r.kind, r.team_id, r.cpu_core_hours,
                  r.ram_gib_hours, r.cpu.nanos, r.ram.nanos, r.total.nanos})
            .status());
  }
  for (const NodeCostRow& n : a.nodes) {
    RETURN_IF_ERROR(tx.Query("INSERT INTO cost_allocation_nodes (cluster, day, node, "
                             "instance_id, cost_nanos, price_source) "
                             "VALUES ($1, $2, $3, $4, $5, $6)",
                             {cluster, day, n.node, n.instance_id, n.cost.nanos, n.price_source})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, Money>> AllocationStore::InstanceCosts(
    const std::string& day, const std::vector<std::string>& instance_ids) {
  std::map<std::string, Money> out;
  RETURN_IF_ERROR(
      store::QueryInChunks(*store_,
                           "SELECT resource_id, day, SUM(effective_nanos) AS cost FROM cost_daily "
                           "WHERE resource_id IN (",
                           instance_ids, ") GROUP BY resource_id, day", [&](const store::Row& row) {
                             if (row.Text("day") == day)
                               out[row.Text("resource_id")] += Money{row.Int("cost")};
                           }));
  return out;
}

absl::StatusOr<std::vector<StoredAllocation>> AllocationStore::Rows(const std::string& day,
                                                                    const std::string& cluster) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query("SELECT cluster, day, namespace, kind, team_id, cpu_core_hours, "
                    "ram_gib_hours, cpu_nanos, ram_nanos, total_nanos FROM cost_allocations "
                    "WHERE day = $1 AND (cluster = $2 OR $2 = '') "
                    "ORDER BY cluster, namespace, kind, team_id",
                    {day, cluster}));
  std::vector<StoredAllocation> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.cluster = row.Text("cluster"),
                   .day = row.Text("day"),
                   .row = {.namespace_name = row.Text("namespace"),
                           .kind = row.Text("kind"),
                           .team_id = row.Text("team_id"),
                           .cpu_core_hours = row.Real("cpu_core_hours"),
                           .ram_gib_hours = row.Real("ram_gib_hours"),
                           .cpu = Money{row.Int("cpu_nanos")},
                           .ram = Money{row.Int("ram_nanos")},
                           .total = Money{row.Int("total_nanos")}}});
  }
  return out;
}

absl::StatusOr<std::vector<StoredNode>> AllocationStore::Nodes(const std::string& day,
                                                               const std::string& cluster) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT cluster, day, node, instance_id, cost_nanos, "
                                 "price_source FROM cost_allocation_nodes "
                                 "WHERE day = $1 AND (cluster = $2 OR $2 = '') "
                                 "ORDER BY cluster, node",
                                 {day, cluster}));
  std::vector<StoredNode> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.cluster = row.Text("cluster"),
                   .day = row.Text("day"),
                   .node = {.node = row.Text("node"),
                            .instance_id = row.Text("instance_id"),
                            .cost = Money{row.Int("cost_nanos")},
                            .price_source = row.Text("price_source")}});
  }
  return out;
}

absl::StatusOr<std::set<std::string>> AllocationStore::AllocatedDays(const std::string& cluster,
                                                                     const std::string& from,
                                                                     const std::string& to) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT day FROM cost_allocation_days "
                                 "WHERE cluster = $1 AND day >= $2 AND day <= $3 AND hours = 24",
                                 {cluster, from, to}));
  std::set<std::string> out;
  for (const store::Row& row : rs.rows) out.insert(row.Text("day"));
  return out;
}

}  // namespace paved::cost::kubernetes
