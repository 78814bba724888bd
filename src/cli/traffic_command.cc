// `paved traffic analyze` (docs/traffic.md): VPC flow logs attributed to workloads and zones, on
// this machine (no server).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/atomic_file.h"
#include "core/status_macros.h"
#include "traffic/analyze.h"

namespace paved::cli {
namespace {

namespace fs = std::filesystem;

struct AnalyzeArgs {
  std::vector<std::string> flow_logs;
  std::string pods, nodes, json_out;
  int threads = 0;
  size_t top = 20;
};

// Every flow-log file the arguments name, each once, sorted.
absl::StatusOr<std::vector<fs::path>> FlowLogFiles(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const std::string& arg : args) {
    ASSIGN_OR_RETURN(std::vector<fs::path> more,
                     traffic::ListFlowLogFiles(fs::absolute(arg).lexically_normal()));
    files.insert(files.end(), more.begin(), more.end());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) return absl::InvalidArgumentError("--flow-logs: no .log or .log.gz file");
  return files;
}

std::string Usd(int64_t cross_zone_bytes) {
  return absl::StrFormat("%.6f", traffic::CrossZoneCostUsd(cross_zone_bytes));
}
// Decimal units, as flow-log and billing figures are given.
std::string Gb(int64_t bytes) {
  if (bytes < 1000) return absl::StrCat(bytes, " B");
  if (bytes < 1000000) return absl::StrFormat("%.1f kB", bytes / 1e3);
  if (bytes < 1000000000) return absl::StrFormat("%.1f MB", bytes / 1e6);
  return absl::StrFormat("%.3f GB", bytes / 1e9);
}

std::string RenderReport(const traffic::TrafficReport& r, size_t top) {
  Table table({"SOURCE", "DESTINATION", "ZONES", "BYTES", "CROSS-ZONE BYTES", "COST USD"}, 80);
  for (size_t i = 0; i < r.flows.size() && i < top; ++i) {
    const traffic::TrafficEdge& e = r.flows[i];
    std::string zones = absl::StrCat(e.src_zone.empty() ? "?" : e.src_zone, " -> ",
                                     e.dst_zone.empty() ? "?" : e.dst_zone);
    table.AddRow({e.src, e.dst, zones, absl::StrCat(e.bytes), absl::StrCat(e.cross_zone_bytes),
                  Usd(e.cross_zone_bytes)});
  }
  std::string out = table.Render();
  if (r.flows.size() > top) {
    absl::StrAppend(&out, "(", r.flows.size() - top, " more edges; --top or --json for all)\n");
  }
  const traffic::TrafficCounts& c = r.counts;
  absl::StrAppend(&out, "pod to pod: ", Gb(r.total_bytes), ", across zones ",
                  Gb(r.total_cross_zone_bytes), ", cost $", Usd(r.total_cross_zone_bytes), "\n");
  absl::StrAppend(&out, "unattributed: ", Gb(r.unattributed_bytes()), " (source without pod ",
                  Gb(r.src_no_pod_bytes), ", destination without pod ", Gb(r.dst_no_pod_bytes),
                  "); rejected egress: ", Gb(r.rejected_egress_bytes), "\n");
  absl::StrAppend(&out, "read ", c.files, " files, ", c.lines, " lines (", Gb(c.uncompressed_bytes),
                  " uncompressed), ", c.counted_records, " egress records counted\n");
  return out;
}

absl::Status Analyze(Context& ctx, const AnalyzeArgs& args) {
  ASSIGN_OR_RETURN(std::vector<fs::path> files, FlowLogFiles(args.flow_logs));
  ASSIGN_OR_RETURN(traffic::PodHistory pods, traffic::PodHistory::Load(args.pods, args.nodes));
  ASSIGN_OR_RETURN(traffic::TrafficReport report,
                   traffic::Analyze(files, pods, {.threads = args.threads}));
  if (report.counts.undirected_records > 0) {
    ctx.err() << "warning: " << report.counts.undirected_records
              << " records without flow-direction were counted as egress (a flow logged at "
                 "both of its ENIs counts twice)\n";
  }
  if (args.json_out == "-") {
    ctx.out() << traffic::ReportJson(report) << "\n";
    return absl::OkStatus();
  }
  if (!args.json_out.empty())
    RETURN_IF_ERROR(WriteFileAtomically(args.json_out, traffic::ReportJson(report) + "\n", 0644));
  ctx.Print(nlohmann::json::parse(traffic::ReportJson(report)), RenderReport(report, args.top));
  return absl::OkStatus();
}

}  // namespace

void AddTrafficCommand(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("traffic", "Network traffic between workloads and zones");
  group->require_subcommand(1);
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = group->add_subcommand(
      "analyze", "Cross-zone traffic and its cost from VPC flow logs (runs here, no server)");
  cmd->add_option("--flow-logs", args->flow_logs,
                  "Flow-log files (.log, .log.gz) or directories holding them")
      ->required();
  cmd->add_option("--pods", args->pods, "kubectl get pods -A -o json (the history)")->required();
  cmd->add_option("--nodes", args->nodes, "kubectl get nodes -o json")->required();
  cmd->add_option("--json", args->json_out,
                  "Also write the result (schema vpc-flow-xzone/1) to this file; - for stdout");
  cmd->add_option("--threads", args->threads, "Threads (default: every core)");
  cmd->add_option("--top", args->top, "Edges in the table")->capture_default_str();
  cmd->callback([&ctx, args] { ctx.Finish(Analyze(ctx, *args)); });
}

}  // namespace paved::cli
