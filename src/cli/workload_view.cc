#include "cli/workload_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/deployment_view.h"
#include "cli/table.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

std::string ClusterLine(const json& item) {
  std::string line = absl::StrCat(Text(item, "cluster"), "   ", Text(item, "environment"), "/",
                                  Text(item, "region"), "   namespace ", Text(item, "namespace"));
  const json d = item.value("deployment", json());
  if (!d.is_object()) return CleanCell(line + "   nothing deployed", 0) + "\n";
  return CleanCell(absl::StrCat(line, "   deployment ", Text(d, "id"), " ",
                                ShortDigest(Text(d, "digest")), " ", Text(d, "state")),
                   0) +
         "\n";
}

// "1.5s", "12m" etc. of milliseconds; "" for absent.
std::string Millis(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return "";
  const double ms = object[key].get<double>();
  if (ms < 60'000) return absl::StrFormat("%.1fs", ms / 1000);
  if (ms < 3'600'000) return absl::StrFormat("%.0fm", ms / 60'000);
  return absl::StrFormat("%.1fh", ms / 3'600'000);
}

std::string Percent(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return "";
  return absl::StrFormat("%.0f%%", object[key].get<double>() * 100);
}

}  // namespace

std::vector<InstanceRef> Instances(const json& items, const std::string& cluster) {
  std::vector<InstanceRef> out;
  for (const json& item : items) {
    if (!cluster.empty() && Text(item, "cluster") != cluster) continue;
    for (const json& w : item.value("workloads", json::array())) {
      for (const json& i : w.value("instances", json::array())) {
        out.push_back({Text(item, "cluster"), Text(w, "component"), Text(i, "name"),
                       Text(i, "state"), Text(i, "url")});
      }
    }
  }
  return out;
}

std::string RenderWorkloads(const json& items) {
  std::string out;
  for (const json& item : items) {
    if (!out.empty()) out += "\n";
    out += ClusterLine(item);
    for (const char* key : {"notice", "error"}) {
      if (!Text(item, key).empty())
        out += CleanCell(absl::StrCat(key, ": ", Text(item, key)), 0) + "\n";
    }
    Table table({"COMPONENT", "INSTANCE", "STATE", "RESTARTS", "URL"}, 100);
    for (const json& w : item.value("workloads", json::array())) {
      const json instances = w.value("instances", json::array());
      if (instances.empty()) {
        table.AddRow({Text(w, "component"), "-",
                      absl::StrCat(Text(w, "ready"), "/", Text(w, "desired"), " ready")});
      }
      for (const json& i : instances) {
        table.AddRow({Text(w, "component"), Text(i, "name"), Text(i, "state"), Text(i, "restarts"),
                      Text(i, "url")});
      }
    }
    if (table.row_count() > 0) out += table.Render();
  }
  return out;
}

std::vector<std::string> LogLines(const std::string& text) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) lines.push_back(CleanCell(line, 0));
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::vector<std::string> NewLogLines(const std::vector<std::string>& previous,
                                     const std::vector<std::string>& text) {
  for (size_t k = std::min(previous.size(), text.size()); k > 0; --k) {
    if (std::equal(previous.end() - k, previous.end(), text.begin())) {
      return {text.begin() + k, text.end()};
    }
  }
  return text;
}

std::string RenderTimeline(const json& items) {
  Table table({"AT", "KIND", "ACTOR", "SUMMARY", "DEPLOYMENT"}, 100);
  for (const json& e : items) {
    table.AddRow({Text(e, "at"), Text(e, "kind"), Text(e, "actor"), Text(e, "summary"),
                  Text(e, "deployment_id")});
  }
  return table.Render();
}

std::string RenderDeployMetrics(const json& items) {
  Table table({"KEY", "DEPLOYS", "SUCCEEDED", "FAILED", "ROLLED BACK", "FAILURE RATE", "P50", "P90",
               "PER DAY", "LEAD TIME", "CHANGE FAILURE", "RECOVERY"});
  for (const json& m : items) {
    const json dora = m.value("dora", json::object());
    std::string per_day;
    if (dora.is_object() && dora.contains("deployment_frequency_per_day") &&
        dora["deployment_frequency_per_day"].is_number()) {
      per_day = absl::StrFormat("%.2f", dora["deployment_frequency_per_day"].get<double>());
    }
    table.AddRow({Text(m, "key"), Text(m, "deployments"), Text(m, "succeeded"), Text(m, "failed"),
                  Text(m, "rolled_back"), Percent(m, "failure_rate"), Millis(m, "duration_p50_ms"),
                  Millis(m, "duration_p90_ms"), per_day, Millis(dora, "lead_time_p50_ms"),
                  Percent(dora, "change_failure_rate"), Millis(dora, "recovery_time_p50_ms")});
  }
  return table.Render();
}

}  // namespace paved::cli
