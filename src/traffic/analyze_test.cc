#include "traffic/analyze.h"

#include <unistd.h>
#include <zlib.h>

#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::traffic {
namespace {

namespace fs = std::filesystem;

constexpr char kV5[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start "
    "end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr "
    "region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service "
    "flow-direction traffic-path\n";

// A v5 record from node 10.9.0.1 to node 10.9.0.2 (the ENIs' primary IPs) for pods src → dst.
std::string V5(const std::string& src, const std::string& dst, int64_t bytes, int64_t start,
               const std::string& direction = "egress", const std::string& action = "ACCEPT") {
  return "5 1 eni-1 10.9.0.1 10.9.0.2 1 2 6 3 " + std::to_string(bytes) + " " +
         std::to_string(start) + " " + std::to_string(start + 60) + " " + action +
         " OK vpc-1 subnet-1 i-1 0 IPv4 " + src + " " + dst + " r az - - - - " + direction + " 1\n";
}

// Pods of the tests: ip, workload and zone over [start, end) (end 0: running).
struct P {
  const char* ip;
  const char* ns;
  const char* name;
  const char* kind;
  const char* owner;
  const char* node;
  int64_t start, end;
};

PodHistory History(const std::vector<P>& pods) {
  std::vector<PodRecord> records;
  for (const P& p : pods) {
    PodRecord r{.namespace_name = p.ns,
                .name = p.name,
                .owner_kind = p.kind,
                .owner_name = p.owner,
                .node_name = p.node,
                .ips = {p.ip},
                .start = p.start};
    if (p.end != 0) r.deletion = p.end;
    records.push_back(r);
  }
  return PodHistory::FromRecords(records, {{"n1", "az1"}, {"n2", "az2"}});
}

const int64_t T = 1700000000;  // 2023-11-14T22:13:20Z

const std::vector<P> kPods = {
    {"10.0.0.1", "web", "api-7d-a", "ReplicaSet", "api-7d", "n1", T - 1000, 0},
    {"10.0.0.2", "db", "redis-0", "StatefulSet", "redis", "n2", T - 1000, T + 100},
    // 10.0.0.2 again after a gap: another workload.
    {"10.0.0.2", "jobs", "backup-x", "Job", "backup", "n1", T + 200, 0},
    {"10.0.0.3", "web", "api-7d-b", "ReplicaSet", "api-7d", "n1", T, 0},
};

class AnalyzeTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paved-traffic-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // `parts` as one gzip member each, concatenated.
  fs::path WriteGzip(const std::string& name, const std::vector<std::string>& parts) {
    fs::path path = dir_ / name;
    for (size_t i = 0; i < parts.size(); ++i) {
      gzFile gz = gzopen(path.c_str(), i == 0 ? "wb" : "ab");
      gzwrite(gz, parts[i].data(), static_cast<unsigned>(parts[i].size()));
      gzclose(gz);
    }
    return path;
  }
  absl::StatusOr<TrafficReport> Run(const std::vector<fs::path>& files,
                                    const std::vector<P>& pods = kPods,
                                    AnalyzeOptions options = {}) {
    return Analyze(files, History(pods), options);
  }

  fs::path dir_;
};

TEST_F(AnalyzeTest, SharedSampleWorkedOutByHand) {
  std::string dir = PAVED_SOURCE_DIR "/src/traffic/testdata/";
  auto pods = PodHistory::Load(dir + "pods.json", dir + "nodes.json");
  ASSERT_TRUE(pods.ok()) << pods.status();
  auto r = Analyze({dir + "sample-v5.log"}, *pods);
  ASSERT_TRUE(r.ok()) << r.status();
  // Line 1: ingress gateway (az1) → chat-gateway (az2), 98304 B, egress. Line 2: the same flow
  // logged at the receiving ENI (ingress): not counted. Line 3: gateway → chat-redis, same zone,
  // 8192 B. Line 4: chat-gateway → gateway, 1048576 B across zones. Line 5: to an AWS service
  // address, no pod: 4096 B unattributed. Line 6: NODATA.
  ASSERT_EQ(r->flows.size(), 3u);
  EXPECT_EQ(r->flows[0].src, "chat-gateway/chat-gateway");
  EXPECT_EQ(r->flows[0].dst, "istio-system/istio-ingressgateway");
  EXPECT_EQ(r->flows[0].src_zone, "apne2-az2");
  EXPECT_EQ(r->flows[0].cross_zone_bytes, 1048576);
  EXPECT_EQ(r->flows[1].src, "istio-system/istio-ingressgateway");
  EXPECT_EQ(r->flows[1].bytes, 98304);
  EXPECT_EQ(r->flows[2].dst, "chat-gateway/chat-redis");
  EXPECT_EQ(r->flows[2].bytes, 8192);
  EXPECT_EQ(r->flows[2].cross_zone_bytes, 0);
  EXPECT_EQ(r->total_bytes, 1155072);
  EXPECT_EQ(r->total_cross_zone_bytes, 1146880);
  EXPECT_EQ(r->dst_no_pod_bytes, 4096);
  EXPECT_EQ(r->src_no_pod_bytes, 0);
  EXPECT_EQ(r->counts.counted_records, 4);
  EXPECT_EQ(r->counts.lines, 6);
  EXPECT_EQ(r->counts.uncompressed_bytes, 1383);
  nlohmann::json j = nlohmann::json::parse(ReportJson(*r));
  EXPECT_EQ(j["schema"], "vpc-flow-xzone/1");
  EXPECT_DOUBLE_EQ(j["totals"]["cost_usd"].get<double>(), 1146880 * 0.02 / 1e9);
  EXPECT_EQ(j["unattributed_bytes"], 4096);
  EXPECT_EQ(j["flows"][0]["bytes_by_day"]["2023-11-14"], 1048576);
  // Compact, the flows are written one by one: the same text as the indented document's.
  EXPECT_EQ(ReportJson(*r), nlohmann::ordered_json::parse(ReportJson(*r, 2)).dump());
  TrafficReport none;
  EXPECT_EQ(ReportJson(none), nlohmann::ordered_json::parse(ReportJson(none, 2)).dump());
}

TEST_F(AnalyzeTest, IntervalBoundariesAndIpReuse) {
  std::string log = kV5;
  log += V5("10.0.0.3", "10.0.0.1", 1, T);         // at exactly the source's startTime
  log += V5("10.0.0.3", "10.0.0.1", 2, T - 1);     // a second before: no pod yet
  log += V5("10.0.0.1", "10.0.0.2", 4, T + 99);    // redis, the last second
  log += V5("10.0.0.1", "10.0.0.2", 8, T + 100);   // at exactly its deletionTimestamp
  log += V5("10.0.0.1", "10.0.0.2", 16, T + 200);  // the IP reused by another workload
  log += V5("10.0.0.1", "10.0.0.2", 32, T + 150);  // the gap between them
  auto r = Run({Write("a.log", log)});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->flows.size(), 3u);
  EXPECT_EQ(r->flows[0].dst, "db/redis");  // the only cross-zone edge comes first
  EXPECT_EQ(r->flows[0].cross_zone_bytes, 4);
  EXPECT_EQ(r->flows[1].dst, "jobs/backup-x");
  EXPECT_EQ(r->flows[1].bytes, 16);
  EXPECT_EQ(r->flows[2].src, "web/api");
  EXPECT_EQ(r->flows[2].dst, "web/api");
  EXPECT_EQ(r->flows[2].bytes, 1);
  EXPECT_EQ(r->src_no_pod_bytes, 2);
  EXPECT_EQ(r->dst_no_pod_bytes, 8 + 32);
}

TEST_F(AnalyzeTest, HostNetworkAndPendingPodsHoldNoIp) {
  std::vector<PodRecord> records(3);
  records[0] = {
      .namespace_name = "web", .name = "a", .node_name = "n1", .ips = {"10.0.0.1"}, .start = 0};
  records[1] = {.namespace_name = "kube-system",
                .name = "proxy",
                .node_name = "n1",
                .ips = {"10.0.0.5"},
                .start = 0,
                .host_network = true};
  records[2] = {.namespace_name = "web", .name = "pending", .ips = {}, .start = 0};
  PodHistory pods = PodHistory::FromRecords(records, {{"n1", "az1"}});
  std::string log =
      std::string(kV5) + V5("10.0.0.1", "10.0.0.5", 10, T) + V5("10.0.0.5", "10.0.0.1", 20, T);
  auto r = Analyze({Write("a.log", log)}, pods);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->flows.empty());
  EXPECT_EQ(r->dst_no_pod_bytes, 10);
  EXPECT_EQ(r->src_no_pod_bytes, 20);
  EXPECT_EQ(r->unattributed_bytes(), 30);
}

TEST_F(AnalyzeTest, DirectionActionAndStatus) {
  std::string log = kV5;
  log += V5("10.0.0.1", "10.0.0.3", 100, T, "egress");
  log += V5("10.0.0.1", "10.0.0.3", 100, T, "ingress");  // the same flow at the other ENI
  log += V5("10.0.0.1", "10.0.0.3", 7, T, "egress", "REJECT");
  log += V5("10.0.0.1", "10.0.0.3", 9, T, "ingress", "REJECT");
  log +=
      "5 1 eni-1 - - - - - - - 1700000000 1700000060 - NODATA vpc-1 subnet-1 i-1 - - - - r az "
      "- - - - - -\n";
  log +=
      "5 1 eni-1 - - - - - - - 1700000000 1700000060 - SKIPDATA vpc-1 subnet-1 i-1 - - - - r "
      "az - - - - - -\n\n";
  auto r = Run({Write("a.log", log)});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->flows.size(), 1u);
  EXPECT_EQ(r->flows[0].bytes, 100);
  EXPECT_EQ(r->rejected_egress_bytes, 7);
  EXPECT_EQ(r->counts.counted_records, 1);
  EXPECT_EQ(r->counts.lines, 6);
}

TEST_F(AnalyzeTest, EveryHeaderVersionAndCustomOrder) {
  std::string t = std::to_string(T);
  const std::string v2_header =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
      "start end action log-status";
  const std::string v3_header =
      v2_header + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr";
  const std::string v4_header = v3_header + " region az-id sublocation-type sublocation-id";
  const std::string v2_record = "10.0.0.1 10.0.0.2 1 2 6 3 10 " + t + " " + t + " ACCEPT OK";
  // v2: no pkt-* fields (srcaddr/dstaddr used), no flow-direction (every record counted).
  fs::path v2 = Write("v2.log", v2_header + "\n2 1 eni-1 " + v2_record + "\n");
  // v3: pkt-* present but "-" on this line: falls back to srcaddr/dstaddr.
  fs::path v3 = Write("v3.log", v3_header + "\n3 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 20 " + t + " " +
                                    t + " ACCEPT OK v s i 0 IPv4 - -\n");
  // v4: pkt-* given, srcaddr is the node's.
  fs::path v4 = Write("v4.log", v4_header + "\n4 1 eni-1 10.9.0.1 10.9.0.2 1 2 6 3 40 " + t + " " +
                                    t + " ACCEPT OK v s i 0 IPv4 10.0.0.1 10.0.0.2 r az - -\n");
  fs::path v5 = Write("v5.log", std::string(kV5) + V5("10.0.0.1", "10.0.0.2", 80, T));
  fs::path custom = Write("custom.log",
                          "flow-direction bytes pkt-dstaddr start action pkt-srcaddr\n"
                          "egress 160 10.0.0.2 " +
                              t +
                              " ACCEPT 10.0.0.1\n"
                              "ingress 999 10.0.0.2 " +
                              t + " ACCEPT 10.0.0.1\n");
  auto r = Run({v2, v3, v4, v5, custom});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->flows.size(), 1u);
  EXPECT_EQ(r->flows[0].bytes, 10 + 20 + 40 + 80 + 160);
  EXPECT_EQ(r->flows[0].cross_zone_bytes, 310);
  EXPECT_EQ(r->counts.undirected_records, 3);  // v2, v3, v4
  EXPECT_EQ(r->counts.files, 5);
  EXPECT_EQ(r->counts.lines, 6);
}

TEST_F(AnalyzeTest, MalformedLinesNameFileLineAndField) {
  std::string ok = V5("10.0.0.1", "10.0.0.3", 1, T);
  auto bytes = Run({Write("b.log", std::string(kV5) + ok + ok +
                                       "5 1 eni-1 a b 1 2 6 3 12x 1700000000 1 ACCEPT OK v s i 0 "
                                       "IPv4 10.0.0.1 10.0.0.3 r az - - - - egress 1\n")});
  EXPECT_EQ(bytes.status().message(), "b.log line 4, field bytes: '12x' is not a number");
  auto ip = Run({Write("c.log", std::string(kV5) + V5("10.0.0.1", "10.0.0.300", 1, T))});
  EXPECT_EQ(ip.status().message(),
            "c.log line 2, field pkt-dstaddr: '10.0.0.300' is not an IP "
            "address");
  auto short_line = Run({Write("d.log", std::string(kV5) + ok + "5 1 eni-1 10.0.0.1\n")});
  EXPECT_EQ(short_line.status().message(),
            "d.log line 3, field dstaddr: missing: the line has 4 fields, the header names 29");
  auto header = Run({Write("e.log", ok)});
  EXPECT_EQ(header.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(header.status().message().find("e.log line 1: flow-log header"), std::string::npos);
  auto gz = Run({WriteGzip("f.log.gz", {std::string(kV5) + ok, ok + "x y\n"})});
  EXPECT_EQ(gz.status().message(),
            "f.log.gz line 4, field srcaddr: missing: the line has 2 fields, the header names 29");
}

TEST_F(AnalyzeTest, GzipAndRangesGiveTheSameAsOnePass) {
  std::string log = kV5;
  for (int i = 0; i < 500; ++i) {
    log += V5(i % 3 ? "10.0.0.1" : "10.0.0.3", i % 2 ? "10.0.0.2" : "10.99.0.1", i, T + i * 97);
  }
  auto whole = Run({Write("a.log", log)}, kPods, {.threads = 1, .range_bytes = 1 << 30});
  ASSERT_TRUE(whole.ok()) << whole.status();
  auto ranges = Run({Write("a.log", log)}, kPods, {.threads = 3, .range_bytes = 777});
  ASSERT_TRUE(ranges.ok()) << ranges.status();
  size_t half = log.size() / 2;
  half = log.find('\n', half) + 1;
  auto gz = Run({WriteGzip("a.log.gz", {log.substr(0, half), log.substr(half)})});
  ASSERT_TRUE(gz.ok()) << gz.status();
  EXPECT_EQ(whole->counts.lines, 500);
  EXPECT_EQ(whole->flows.size(), 2u);  // api → redis, api → backup
  EXPECT_GT(whole->dst_no_pod_bytes, 0);
  EXPECT_EQ(ReportJson(*ranges), ReportJson(*whole));
  EXPECT_EQ(ReportJson(*gz), ReportJson(*whole));
}

// A file without line breaks (damaged, or no flow log) is refused at the longest line any file
// may hold, whichever range finds it, instead of being read whole into memory.
TEST_F(AnalyzeTest, ALineLongerThan8MiBIsRefused) {
  std::string log = std::string(kV5) + V5("10.0.0.1", "10.0.0.3", 1, T) +
                    std::string((8 << 20) + 10, 'x') + "\n" + V5("10.0.0.1", "10.0.0.3", 2, T);
  auto cut = Run({Write("long.log", log)}, kPods, {.threads = 2, .range_bytes = 1 << 20});
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cut.status().message(), "long.log line 3: longer than 8 MiB");
  // Read in one range, the same line is simply not a record.
  auto whole = Run({Write("long.log", log)}, kPods, {.threads = 1, .range_bytes = 1 << 30});
  EXPECT_EQ(whole.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(whole.status().message(), "long.log line 3, field srcaddr"))
      << whole.status();
}

TEST_F(AnalyzeTest, TruncatedGzipIsRefused) {
  fs::path path = WriteGzip("t.log.gz", {std::string(kV5) + V5("10.0.0.1", "10.0.0.3", 1, T)});
  fs::resize_file(path, fs::file_size(path) - 12);
  auto r = Run({path});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AnalyzeTest, ListsFlowLogsWithoutFollowingSymlinks) {
  fs::create_directories(dir_ / "2023" / "11");
  Write("2023/11/b.log.gz", "");
  Write("2023/11/a.log", "");
  Write("notes.txt", "");
  fs::create_directory_symlink("/etc", dir_ / "etc");
  fs::create_symlink(dir_ / "2023/11/a.log", dir_ / "link.log");
  auto files = ListFlowLogFiles(dir_);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0], dir_ / "2023/11/a.log");
  EXPECT_EQ((*files)[1], dir_ / "2023/11/b.log.gz");
  EXPECT_EQ(ListFlowLogFiles(dir_ / "notes.txt").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ListFlowLogFiles(dir_ / "none").status().code(), absl::StatusCode::kNotFound);
  auto empty = Run(*files);  // empty files: no header, no records
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->counts.files, 2);
  EXPECT_EQ(empty->counts.lines, 0);
}

}  // namespace
}  // namespace paved::traffic
