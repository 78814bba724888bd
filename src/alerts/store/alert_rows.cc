#include "alerts/store/alert_rows.h"

#include <optional>

#include "nlohmann/json.hpp"

namespace paved::alerts::internal {
namespace {

std::optional<int64_t> OptInt(const store::Row& row, const char* column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

}  // namespace

std::string LabelsToText(const LabelSet& labels) {
  return nlohmann::json(labels).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

LabelSet TextToLabels(const std::string& text) {
  LabelSet out;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_object()) return out;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (it.value().is_string()) out.emplace(it.key(), it.value().get<std::string>());
  }
  return out;
}

Alert RowToAlert(const store::Row& row) {
  Alert a;
  a.fingerprint = row.Text("fingerprint");
  a.source = row.Text("source");
  a.status = ParseAlertStatus(row.Text("status")).value_or(AlertStatus::kFiring);
  a.alertname = row.Text("alertname");
  a.severity = row.Text("severity");
  a.ns = row.Text("namespace");
  a.cluster = row.Text("cluster");
  a.project = row.Text("project");
  a.team = row.Text("team");
  a.labels = TextToLabels(row.Text("labels"));
  a.annotations = TextToLabels(row.Text("annotations"));
  a.links = TextToLabels(row.Text("links"));
  a.generator_url = row.Text("generator_url");
  a.starts_at_ms = row.Int("starts_at");
  a.ends_at_ms = row.Int("ends_at");
  a.first_seen_ms = row.Int("first_seen");
  a.last_received_ms = row.Int("last_received");
  a.resolved_at_ms = OptInt(row, "resolved_at");
  a.acked_by = row.Text("acked_by");
  a.acked_at_ms = OptInt(row, "acked_at");
  a.silenced_by = row.Text("silenced_by");
  a.silenced_until_ms = OptInt(row, "silenced_until");
  a.last_reminded_ms = OptInt(row, "last_reminded");
  return a;
}

AlertEvent RowToEvent(const store::Row& row) {
  AlertEvent e;
  e.seq = row.Int("seq");
  e.at_ms = row.Int("at");
  e.group_key = row.Text("group_key");
  e.fingerprint = row.Text("fingerprint");
  e.kind = row.Text("kind");
  e.actor = row.Text("actor");
  auto detail = nlohmann::json::parse(row.Text("detail"), nullptr, false);
  e.detail = detail.is_object() ? detail : nlohmann::json::object();
  return e;
}

}  // namespace paved::alerts::internal
