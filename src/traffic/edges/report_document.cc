#include "traffic/edges/report_document.h"

#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace paved::traffic::edges {
namespace {

using nlohmann::json;

constexpr char kSchema[] = "vpc-flow-xzone/1";
constexpr size_t kMaxName = 253;  // a namespace (63) + "/" + a workload name
constexpr size_t kMaxZone = 64;

absl::StatusOr<const json*> Member(const json& object, const std::string& path, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return MissingField(absl::StrCat(path, path.empty() ? "" : ".", key));
  return &*it;
}

absl::StatusOr<int64_t> Count(const json& object, const std::string& path, const char* key) {
  ASSIGN_OR_RETURN(const json* v, Member(object, path, key));
  std::string field = absl::StrCat(path, path.empty() ? "" : ".", key);
  if (!v->is_number_integer()) return InvalidField(field, field + " must be an integer");
  int64_t n = v->get<int64_t>();
  if (n < 0 || (v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX)) {
    return InvalidField(field, field + " must be between 0 and 2^63-1");
  }
  return n;
}

absl::StatusOr<std::string> Text(const json& object, const std::string& path, const char* key,
                                 size_t max) {
  ASSIGN_OR_RETURN(const json* v, Member(object, path, key));
  std::string field = absl::StrCat(path, ".", key);
  if (!v->is_string()) return InvalidField(field, field + " must be a string");
  std::string s = v->get<std::string>();
  if (s.size() > max) return InvalidField(field, absl::StrCat(field, " is over ", max, " bytes"));
  return s;
}

absl::StatusOr<std::string> Workload(const json& flow, const std::string& path, const char* key) {
  ASSIGN_OR_RETURN(std::string name, Text(flow, path, key, kMaxName));
  size_t slash = name.find('/');
  if (slash == 0 || slash == std::string::npos || slash + 1 == name.size() ||
      name.find('/', slash + 1) != std::string::npos) {
    return InvalidField(
        absl::StrCat(path, ".", key),
        absl::StrCat(path, ".", key, " must be namespace/workload, got '", name, "'"));
  }
  return name;
}

bool IsDay(const std::string& day) {
  absl::Time t;
  std::string error;
  return day.size() == 10 && absl::ParseTime("%Y-%m-%d", day, absl::UTCTimeZone(), &t, &error) &&
         absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()) == day;
}

absl::Status ReadDays(const json& flow, const std::string& path, TrafficEdge& edge,
                      std::set<std::string>& days, const ReportLimits& limits) {
  ASSIGN_OR_RETURN(const json* by_day, Member(flow, path, "bytes_by_day"));
  std::string field = path + ".bytes_by_day";
  if (!by_day->is_object()) return InvalidField(field, field + " must be an object");
  int64_t sum = 0;
  for (const auto& [day, value] : by_day->items()) {
    if (!IsDay(day)) return InvalidField(field, absl::StrCat(field, ": '", day, "' is not a day"));
    ASSIGN_OR_RETURN(int64_t n, Count(*by_day, field, day.c_str()));
    if (n > INT64_MAX - sum) return InvalidField(field, field + " overflows");
    sum += n;
    edge.bytes_by_day[day] = n;
    days.insert(day);
  }
  if (static_cast<int64_t>(days.size()) > limits.max_days) {
    return InvalidField(field, absl::StrCat("a report covers at most ", limits.max_days, " days"));
  }
  if (sum != edge.bytes) {
    return InvalidField(field,
                        absl::StrCat(field, " sums to ", sum, ", not to bytes ", edge.bytes));
  }
  return absl::OkStatus();
}

absl::StatusOr<TrafficEdge> ReadFlow(const json& flow, const std::string& path,
                                     std::set<std::string>& days, const ReportLimits& limits) {
  if (!flow.is_object()) return InvalidField(path, path + " must be an object");
  TrafficEdge e;
  ASSIGN_OR_RETURN(e.src, Workload(flow, path, "src"));
  ASSIGN_OR_RETURN(e.dst, Workload(flow, path, "dst"));
  ASSIGN_OR_RETURN(e.src_zone, Text(flow, path, "src_zone", kMaxZone));
  ASSIGN_OR_RETURN(e.dst_zone, Text(flow, path, "dst_zone", kMaxZone));
  ASSIGN_OR_RETURN(e.bytes, Count(flow, path, "bytes"));
  ASSIGN_OR_RETURN(e.cross_zone_bytes, Count(flow, path, "cross_zone_bytes"));
  bool crosses = !e.src_zone.empty() && !e.dst_zone.empty() && e.src_zone != e.dst_zone;
  if (e.cross_zone_bytes != (crosses ? e.bytes : 0)) {
    return InvalidField(path + ".cross_zone_bytes",
                        crosses ? path + ".cross_zone_bytes must equal bytes: the zones differ"
                                : path +
                                      ".cross_zone_bytes must be 0: the zones are the same "
                                      "or unknown");
  }
  RETURN_IF_ERROR(ReadDays(flow, path, e, days, limits));
  return e;
}

absl::Status ReadFlows(const json& doc, const ReportLimits& limits, TrafficReport& report) {
  ASSIGN_OR_RETURN(const json* flows, Member(doc, "", "flows"));
  if (!flows->is_array()) return InvalidField("flows", "flows must be an array");
  if (static_cast<int64_t>(flows->size()) > limits.max_flows) {
    return InvalidField("flows", absl::StrCat("at most ", limits.max_flows, " flows"));
  }
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
  std::set<std::string> days;
  for (size_t i = 0; i < flows->size(); ++i) {
    std::string path = absl::StrCat("flows[", i, "]");
    ASSIGN_OR_RETURN(TrafficEdge e, ReadFlow((*flows)[i], path, days, limits));
    if (!seen.emplace(e.src, e.dst, e.src_zone, e.dst_zone).second) {
      return InvalidField(path, path + " repeats an earlier flow's src, dst and zones");
    }
    if (e.bytes > INT64_MAX - report.total_bytes) return InvalidField(path, "bytes overflow");
    report.total_bytes += e.bytes;
    report.total_cross_zone_bytes += e.cross_zone_bytes;
    report.flows.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status ReadTotals(const json& doc, TrafficReport& report) {
  ASSIGN_OR_RETURN(const json* totals, Member(doc, "", "totals"));
  if (!totals->is_object()) return InvalidField("totals", "totals must be an object");
  ASSIGN_OR_RETURN(int64_t bytes, Count(*totals, "totals", "bytes"));
  ASSIGN_OR_RETURN(int64_t cross, Count(*totals, "totals", "cross_zone_bytes"));
  if (bytes != report.total_bytes) {
    return InvalidField("totals.bytes", absl::StrCat("totals.bytes is ", bytes,
                                                     ", the flows sum to ", report.total_bytes));
  }
  if (cross != report.total_cross_zone_bytes) {
    return InvalidField("totals.cross_zone_bytes",
                        absl::StrCat("totals.cross_zone_bytes is ", cross, ", the flows sum to ",
                                     report.total_cross_zone_bytes));
  }
  return absl::OkStatus();
}

absl::Status ReadFigures(const json& doc, TrafficReport& report) {
  ASSIGN_OR_RETURN(const json* detail, Member(doc, "", "unattributed_detail"));
  if (!detail->is_object()) {
    return InvalidField("unattributed_detail", "unattributed_detail must be an object");
  }
  ASSIGN_OR_RETURN(report.src_no_pod_bytes,
                   Count(*detail, "unattributed_detail", "src_no_pod_bytes"));
  ASSIGN_OR_RETURN(report.dst_no_pod_bytes,
                   Count(*detail, "unattributed_detail", "dst_no_pod_bytes"));
  ASSIGN_OR_RETURN(report.rejected_egress_bytes, Count(doc, "", "rejected_egress_bytes"));
  ASSIGN_OR_RETURN(const json* counts, Member(doc, "", "counts"));
  if (!counts->is_object()) return InvalidField("counts", "counts must be an object");
  TrafficCounts& c = report.counts;
  ASSIGN_OR_RETURN(c.counted_records, Count(*counts, "counts", "counted_records"));
  ASSIGN_OR_RETURN(c.lines, Count(*counts, "counts", "lines"));
  ASSIGN_OR_RETURN(c.files, Count(*counts, "counts", "files"));
  ASSIGN_OR_RETURN(c.uncompressed_bytes, Count(*counts, "counts", "uncompressed_bytes"));
  ASSIGN_OR_RETURN(c.undirected_records, Count(*counts, "counts", "undirected_records"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TrafficReport> ParseReportDocument(std::string_view text,
                                                  const ReportLimits& limits) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidField("body", "the body must be a vpc-flow-xzone/1 JSON object");
  }
  ASSIGN_OR_RETURN(const json* schema, Member(doc, "", "schema"));
  if (!schema->is_string() || schema->get<std::string>() != kSchema) {
    return InvalidField("schema", std::string("schema must be ") + kSchema);
  }
  TrafficReport report;
  RETURN_IF_ERROR(ReadFlows(doc, limits, report));
  RETURN_IF_ERROR(ReadTotals(doc, report));
  RETURN_IF_ERROR(ReadFigures(doc, report));
  return report;
}

}  // namespace paved::traffic::edges
