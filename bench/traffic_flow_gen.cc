// Writes AWS VPC flow logs, the pods and nodes they come from, and the exact result the analyser
// must give (expected.json, schema vpc-flow-xzone/1), computed from the generator's own truth:
// every record is made for a pod chosen first, never looked up by IP.
//   build/bench/traffic_flow_gen OUT_DIR [SIZE_BYTES=1e9] [FILES=1] [SLOTS=2000]
// OUT_DIR gets pods.json, nodes.json, expected.json and logs/part-NNN.log(.gz). With FILES=1 one
// plain v5 file (the benchmark's); with more, the files rotate over v5, a custom order, a custom
// subset without pkt-* fields and v4 (no flow-direction), and every third one is gzip.
// What is in them: pods of 23 workloads and one Job (Deployments, StatefulSets, Jobs) on 24 nodes
// in 3 zones and one node without a zone label; each of SLOTS pod IPs held by a chain of pods with
// gaps between them (reuse by other workloads, recreated StatefulSet pods keeping their name);
// records exactly at a pod's start and at its deletion time; hostNetwork and pending pods; each
// in-VPC flow logged at both ENIs; egress and ingress rejects; AWS-service destinations; NODATA and
// SKIPDATA lines. Deterministic (fixed seed).
#include <zlib.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int64_t kT0 = 1700006400;  // 2023-11-15T00:00:00Z
constexpr int64_t kWindow = 3 * 86400 + 7200;
constexpr int kNodes = 24;
constexpr int kWorkloads = 24;
constexpr const char* kZones[] = {"use1-az1", "use1-az2", "use1-az4"};

// Every v5 field, in v5 order; a format is a list of indexes into it.
enum Field {
  kVersion,
  kAccount,
  kInterface,
  kSrcaddr,
  kDstaddr,
  kSrcport,
  kDstport,
  kProtocol,
  kPackets,
  kBytes,
  kStart,
  kEnd,
  kAction,
  kLogStatus,
  kVpc,
  kSubnet,
  kInstance,
  kTcpFlags,
  kType,
  kPktSrc,
  kPktDst,
  kRegion,
  kAzId,
  kSublocType,
  kSublocId,
  kPktSrcService,
  kPktDstService,
  kDirection,
  kTrafficPath,
  kFieldCount
};
constexpr const char* kNames[] = {"version",
                                  "account-id",
                                  "interface-id",
                                  "srcaddr",
                                  "dstaddr",
                                  "srcport",
                                  "dstport",
                                  "protocol",
                                  "packets",
                                  "bytes",
                                  "start",
                                  "end",
                                  "action",
                                  "log-status",
                                  "vpc-id",
                                  "subnet-id",
                                  "instance-id",
                                  "tcp-flags",
                                  "type",
                                  "pkt-srcaddr",
                                  "pkt-dstaddr",
                                  "region",
                                  "az-id",
                                  "sublocation-type",
                                  "sublocation-id",
                                  "pkt-src-aws-service",
                                  "pkt-dst-aws-service",
                                  "flow-direction",
                                  "traffic-path"};

struct Format {
  std::vector<int> fields;
  bool directed;  // has flow-direction: both ENIs' records are written
};

std::vector<Format> Formats() {
  std::vector<int> v5(kFieldCount), v4(kPktSrcService);
  for (int i = 0; i < kFieldCount; ++i) v5[i] = i;
  for (int i = 0; i < kPktSrcService; ++i) v4[i] = i;
  return {{v5, true},
          {{kDirection, kPktDst, kSrcaddr, kStart, kBytes, kAction, kLogStatus, kDstaddr, kPktSrc,
            kEnd, kInterface},
           true},
          {{kInterface, kSrcaddr, kDstaddr, kBytes, kStart, kEnd, kAction, kDirection, kLogStatus},
           true},
          {v4, false}};
}

struct Workload {
  std::string ns, name, kind;  // kind: Deployment, StatefulSet, Job
};

struct Pod {
  int workload = 0, node = 0, slot = -1;
  std::string name, ip;
  int64_t start = 0, end = 0;  // end 0: running
  bool host = false;
};

struct Slot {
  std::string ip;
  std::vector<int> pods;  // in time order, gaps between them
};

struct World {
  std::vector<Workload> workloads;
  std::vector<Pod> pods;
  std::vector<Slot> slots;
  std::vector<std::string> node_ips;
};

std::string NodeZone(int node) { return node == kNodes ? "" : kZones[node % 3]; }
std::string NodeName(int node) {
  return node == kNodes ? "ip-10-1-9-9" : "ip-10-1-0-" + std::to_string(node + 1);
}

World MakeWorld(std::mt19937_64& rng, int slot_count) {
  World w;
  for (int i = 0; i < kWorkloads; ++i) {
    const char* kind = i == kWorkloads - 1 ? "Job" : i % 4 == 3 ? "StatefulSet" : "Deployment";
    w.workloads.push_back({"ns-" + std::to_string(i % 8), "svc-" + std::to_string(i), kind});
  }
  for (int n = 0; n <= kNodes; ++n) {
    w.node_ips.push_back(n == kNodes ? "10.1.9.9" : "10.1.0." + std::to_string(n + 1));
  }
  for (int s = 0; s < slot_count; ++s) {
    Slot slot{"10.0." + std::to_string(s / 250) + "." + std::to_string(s % 250 + 1), {}};
    int64_t t = kT0 - 3600 + static_cast<int64_t>(rng() % 7200);
    while (t < kT0 + kWindow) {
      Pod pod;
      // One pod in 50 is a Job's: its workload is the pod's own name.
      pod.workload = rng() % 50 == 0 ? kWorkloads - 1 : static_cast<int>(rng() % (kWorkloads - 1));
      pod.node = static_cast<int>(rng() % (kNodes + 1));
      pod.ip = slot.ip;
      pod.slot = s;
      pod.start = t;
      int64_t life = 3600 + static_cast<int64_t>(rng() % (30 * 3600));
      pod.end = t + life < kT0 + kWindow ? t + life : 0;
      const Workload& wl = w.workloads[pod.workload];
      char suffix[32];
      std::snprintf(suffix, sizeof(suffix), "%05" PRIx64, rng() % 0xfffff);
      pod.name = wl.kind == "StatefulSet" ? wl.name + "-" + std::to_string(rng() % 3)
                 : wl.kind == "Job"
                     ? wl.name + "-" + suffix
                     : wl.name + "-7c9d" + std::to_string(pod.workload % 10) + "-" + suffix;
      slot.pods.push_back(static_cast<int>(w.pods.size()));
      w.pods.push_back(pod);
      if (pod.end == 0) break;
      t = pod.end + 1 + static_cast<int64_t>(rng() % 600);  // the gap before the IP is reused
    }
    w.slots.push_back(std::move(slot));
  }
  return w;
}

// The pod holding slot `s` at `t`, -1 in a gap.
int Holder(const World& w, int s, int64_t t) {
  for (int p : w.slots[s].pods) {
    const Pod& pod = w.pods[p];
    if (pod.start <= t && (pod.end == 0 || t < pod.end)) return p;
  }
  return -1;
}

std::string Rfc3339(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm;
  gmtime_r(&tt, &tm);
  char out[32];
  std::strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

void WritePods(const World& w, const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("{\"apiVersion\":\"v1\",\"items\":[\n", f);
  auto item = [&](const Pod& pod, bool first) {
    const Workload& wl = w.workloads[pod.workload];
    std::string owner =
        wl.kind == "Deployment"
            ? R"([{"kind":"ReplicaSet","name":")" + pod.name.substr(0, pod.name.rfind('-')) +
                  R"(","controller":true}])"
        : wl.kind == "StatefulSet"
            ? R"([{"kind":"StatefulSet","name":")" + wl.name + R"(","controller":true}])"
            : R"([{"kind":"Job","name":")" + wl.name + R"(","controller":true}])";
    std::string deletion =
        pod.end ? R"(,"deletionTimestamp":")" + Rfc3339(pod.end) + "\"" : std::string();
    std::string status = pod.start ? R"({"phase":"Running","podIP":")" + pod.ip +
                                         R"(","startTime":")" + Rfc3339(pod.start) + "\"}"
                                   : R"({"phase":"Pending"})";
    std::fprintf(f,
                 "%s{\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\",\"ownerReferences\":%s%s},"
                 "\"spec\":{\"nodeName\":\"%s\"%s},\"status\":%s}\n",
                 first ? "" : ",", pod.name.c_str(), wl.ns.c_str(), owner.c_str(), deletion.c_str(),
                 NodeName(pod.node).c_str(), pod.host ? ",\"hostNetwork\":true" : "",
                 status.c_str());
  };
  bool first = true;
  for (const Pod& pod : w.pods) {
    item(pod, first);
    first = false;
  }
  // hostNetwork pods show the node's IP: never a pod's. A pending pod has no IP yet.
  for (int n = 0; n < 3; ++n) {
    item({.workload = 0,
          .node = n,
          .name = "kube-proxy-" + std::to_string(n),
          .ip = w.node_ips[n],
          .start = kT0 - 86400,
          .host = true},
         false);
  }
  item({.workload = 1, .node = 0, .name = "svc-1-pending"}, false);
  std::fputs("]}\n", f);
  std::fclose(f);
}

void WriteNodes(const World& w, const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("{\"items\":[\n", f);
  for (int n = 0; n <= kNodes; ++n) {
    std::string labels = n == kNodes ? "{}"
                                     : R"({"topology.kubernetes.io/zone":"us-east-1x",)"
                                       R"("topology.k8s.aws/zone-id":")" +
                                           NodeZone(n) + "\"}";
    std::fprintf(f, "%s{\"metadata\":{\"name\":\"%s\",\"labels\":%s}}\n", n ? "," : "",
                 NodeName(n).c_str(), labels.c_str());
  }
  std::fputs("]}\n", f);
  std::fclose(f);
}

// The truth the records are made from, summed as the analyser must sum them.
struct Truth {
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           std::map<int64_t, int64_t>>
      edges;  // key → day → bytes
  int64_t src_no_pod = 0, dst_no_pod = 0, rejected = 0;
  int64_t counted = 0, lines = 0, bytes = 0, undirected = 0;
};

std::string Key(const World& w, int pod) {
  const Workload& wl = w.workloads[w.pods[pod].workload];
  std::string name = wl.kind == "Job" ? w.pods[pod].name : wl.name;
  return wl.ns + "/" + name;
}

// A log file being written, plain or gzip; counts the bytes before compression.
class LogFile {
 public:
  LogFile(const fs::path& path, bool gzip, const Format& format) : format_(format) {
    if (gzip) {
      gz_ = gzopen(path.c_str(), "wb1");
    } else {
      plain_ = std::fopen(path.c_str(), "w");
      std::setvbuf(plain_, nullptr, _IOFBF, 1 << 20);
    }
    std::string header;
    for (int f : format.fields) header += std::string(header.empty() ? "" : " ") + kNames[f];
    Write(header + "\n");
  }
  ~LogFile() {
    if (gz_ != nullptr) gzclose(gz_);
    if (plain_ != nullptr) std::fclose(plain_);
  }
  const Format& format() const { return format_; }
  int64_t bytes() const { return bytes_; }

  // One record: `values` indexed by Field.
  void Record(const std::string (&values)[kFieldCount]) {
    line_.clear();
    for (int f : format_.fields) {
      if (!line_.empty()) line_ += ' ';
      line_ += values[f];
    }
    line_ += '\n';
    Write(line_);
  }

 private:
  void Write(const std::string& text) {
    bytes_ += static_cast<int64_t>(text.size());
    if (gz_ != nullptr) {
      gzwrite(gz_, text.data(), static_cast<unsigned>(text.size()));
    } else {
      std::fwrite(text.data(), 1, text.size(), plain_);
    }
  }

  Format format_;
  gzFile gz_ = nullptr;
  std::FILE* plain_ = nullptr;
  int64_t bytes_ = 0;
  std::string line_;
};

// One flow as its source ENI logs it.
struct Flow {
  std::string src, dst;           // packet addresses
  std::string src_eni, dst_eni;   // the ENIs' primary addresses (the node's for a pod)
  std::string dst_service = "-";  // pkt-dst-aws-service
  int64_t bytes = 0, start = 0;
  bool reject = false;
  bool in_vpc = true;  // the destination ENI logs it too (as ingress)
};

class Generator {
 public:
  Generator(World& world, std::mt19937_64& rng) : w_(world), rng_(rng) {}

  // Writes one flow (or a NODATA / SKIPDATA line) to `file` and adds it to the truth.
  void Next(LogFile& file, Truth& truth) {
    uint64_t r = rng_() % 1000;
    if (r < 15) return NoData(file, truth, r < 10 ? "NODATA" : "SKIPDATA");
    Flow flow;
    int src_pod = -1, dst_pod = -1;
    PickEnds(flow, src_pod, dst_pod);
    flow.bytes = 40 + static_cast<int64_t>(rng_() % 2'000'000);
    flow.reject = rng_() % 100 < 3;
    Emit(file, flow, true);
    ++truth.lines;
    if (file.format().directed && flow.in_vpc) {
      Emit(file, flow, false);
      ++truth.lines;
    }
    Count(flow, src_pod, dst_pod, !file.format().directed, truth);
  }

 private:
  // A time within the window while pod `p` runs; with some records exactly at its start.
  int64_t TimeIn(int p) {
    const Pod& pod = w_.pods[p];
    int64_t from = std::max(pod.start, kT0);
    int64_t to = pod.end ? pod.end : kT0 + kWindow;
    if (to <= from) return -1;
    if (rng_() % 20 == 0 && pod.start >= kT0) return pod.start;
    return from + static_cast<int64_t>(rng_() % static_cast<uint64_t>(to - from));
  }
  int RandomPod() { return static_cast<int>(rng_() % w_.pods.size()); }

  void PickEnds(Flow& flow, int& src_pod, int& dst_pod) {
    int64_t t = -1;
    int src_slot = -1, dst_slot = -1;
    uint64_t r = rng_() % 100;
    if (r < 5) {  // exactly at a pod's deletion time: its IP is free then (gap ≥ 1 s)
      int p = RandomPod();
      while (w_.pods[p].end == 0 || w_.pods[p].end >= kT0 + kWindow) p = RandomPod();
      t = w_.pods[p].end;
      src_slot = SlotOf(p);
    } else {
      int p = RandomPod();
      while ((t = TimeIn(p)) < 0) p = RandomPod();
      src_slot = SlotOf(p);
    }
    flow.start = t;
    uint64_t s = rng_() % 100;
    if (s < 4) {  // from a node (a hostNetwork pod)
      flow.src = flow.src_eni = w_.node_ips[rng_() % 3];
      src_slot = -1;
    }
    if (src_slot >= 0) {
      src_pod = Holder(w_, src_slot, t);
      flow.src = w_.slots[src_slot].ip;
      flow.src_eni = src_pod >= 0 ? w_.node_ips[w_.pods[src_pod].node] : flow.src;
    }
    uint64_t d = rng_() % 100;
    if (d < 8) {  // an AWS service
      flow.dst = flow.dst_eni = "52.94." + std::to_string(rng_() % 256) + ".10";
      flow.dst_service = "S3";
      flow.in_vpc = false;
      return;
    }
    dst_slot = static_cast<int>(rng_() % w_.slots.size());
    dst_pod = Holder(w_, dst_slot, t);
    flow.dst = w_.slots[dst_slot].ip;
    flow.dst_eni = dst_pod >= 0 ? w_.node_ips[w_.pods[dst_pod].node] : flow.dst;
  }

  int SlotOf(int pod) const { return w_.pods[pod].slot; }

  void Emit(LogFile& file, const Flow& f, bool egress) {
    std::string v[kFieldCount];
    bool no_pkt = std::find(file.format().fields.begin(), file.format().fields.end(), kPktSrc) ==
                  file.format().fields.end();
    bool dash_pkt = !no_pkt && rng_() % 20 == 0;  // pkt-* "-": srcaddr/dstaddr are the pods'
    v[kVersion] = "5";
    v[kAccount] = "111122223333";
    v[kInterface] = egress ? "eni-0a1" : "eni-0b2";
    v[kSrcaddr] = no_pkt || dash_pkt ? f.src : f.src_eni;
    v[kDstaddr] = no_pkt || dash_pkt ? f.dst : f.dst_eni;
    v[kSrcport] = "44312";
    v[kDstport] = "8080";
    v[kProtocol] = "6";
    v[kPackets] = std::to_string(f.bytes / 900 + 1);
    v[kBytes] = std::to_string(f.bytes);
    v[kStart] = std::to_string(f.start);
    v[kEnd] = std::to_string(f.start + 60);
    v[kAction] = f.reject ? "REJECT" : "ACCEPT";
    v[kLogStatus] = "OK";
    v[kVpc] = "vpc-01";
    v[kSubnet] = "subnet-a";
    v[kInstance] = "i-0a1";
    v[kTcpFlags] = "19";
    v[kType] = "IPv4";
    v[kPktSrc] = dash_pkt ? "-" : f.src;
    v[kPktDst] = dash_pkt ? "-" : f.dst;
    v[kRegion] = "us-east-1";
    v[kAzId] = "use1-az1";
    v[kSublocType] = v[kSublocId] = v[kPktSrcService] = "-";
    v[kPktDstService] = f.dst_service;
    v[kDirection] = egress ? "egress" : "ingress";
    v[kTrafficPath] = egress ? "1" : "-";
    file.Record(v);
  }

  void NoData(LogFile& file, Truth& truth, const char* status) {
    std::string v[kFieldCount];
    for (std::string& s : v) s = "-";
    v[kVersion] = "5";
    v[kAccount] = "111122223333";
    v[kInterface] = "eni-0c3";
    v[kStart] = std::to_string(kT0 + static_cast<int64_t>(rng_() % kWindow));
    v[kEnd] = v[kStart];
    v[kLogStatus] = status;
    file.Record(v);
    ++truth.lines;
  }

  void Count(const Flow& f, int src_pod, int dst_pod, bool undirected, Truth& truth) {
    if (f.reject) {
      truth.rejected += f.bytes;
      return;
    }
    ++truth.counted;
    if (undirected) ++truth.undirected;
    if (src_pod < 0) {
      truth.src_no_pod += f.bytes;
    } else if (dst_pod < 0) {
      truth.dst_no_pod += f.bytes;
    } else {
      auto key = std::make_tuple(Key(w_, src_pod), Key(w_, dst_pod),
                                 NodeZone(w_.pods[src_pod].node), NodeZone(w_.pods[dst_pod].node));
      truth.edges[key][f.start / 86400] += f.bytes;
    }
  }

  World& w_;
  std::mt19937_64& rng_;
};

std::string Day(int64_t day) {
  std::string t = Rfc3339(day * 86400);
  return t.substr(0, 10);
}

double Cost(int64_t cross_zone_bytes) { return static_cast<double>(cross_zone_bytes) * 0.02 / 1e9; }

void WriteExpected(const Truth& truth, int files, const fs::path& path) {
  struct Row {
    std::string src, dst, src_zone, dst_zone;
    int64_t bytes = 0, cross = 0;
    const std::map<int64_t, int64_t>* days;
  };
  std::vector<Row> rows;
  int64_t total = 0, total_cross = 0;
  for (const auto& [key, days] : truth.edges) {
    Row row{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), 0, 0, &days};
    for (const auto& [day, bytes] : days) row.bytes += bytes;
    bool cross = !row.src_zone.empty() && !row.dst_zone.empty() && row.src_zone != row.dst_zone;
    row.cross = cross ? row.bytes : 0;
    total += row.bytes;
    total_cross += row.cross;
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(b.cross, b.bytes, a.src, a.dst, a.src_zone, a.dst_zone) <
           std::tie(a.cross, a.bytes, b.src, b.dst, b.src_zone, b.dst_zone);
  });
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("{\"schema\":\"vpc-flow-xzone/1\",\"flows\":[", f);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::fprintf(f,
                 "%s\n{\"src\":\"%s\",\"dst\":\"%s\",\"src_zone\":\"%s\",\"dst_zone\":\"%s\","
                 "\"bytes\":%" PRId64 ",\"cross_zone_bytes\":%" PRId64
                 ",\"cost_usd\":%.17g,\"bytes_by_day\":{",
                 i ? "," : "", r.src.c_str(), r.dst.c_str(), r.src_zone.c_str(), r.dst_zone.c_str(),
                 r.bytes, r.cross, Cost(r.cross));
    bool first = true;
    for (const auto& [day, bytes] : *r.days) {
      std::fprintf(f, "%s\"%s\":%" PRId64, first ? "" : ",", Day(day).c_str(), bytes);
      first = false;
    }
    std::fputs("}}", f);
  }
  std::fprintf(f,
               "],\n\"totals\":{\"bytes\":%" PRId64 ",\"cross_zone_bytes\":%" PRId64
               ",\"cost_usd\":%.17g},\n\"unattributed_bytes\":%" PRId64
               ",\"unattributed_detail\":{\"src_no_pod_bytes\":%" PRId64
               ",\"dst_no_pod_bytes\":%" PRId64 "},\n\"rejected_egress_bytes\":%" PRId64
               ",\n\"counts\":{\"counted_records\":%" PRId64 ",\"lines\":%" PRId64
               ",\"files\":%d,\"uncompressed_bytes\":%" PRId64 ",\"undirected_records\":%" PRId64
               "}}\n",
               total, total_cross, Cost(total_cross), truth.src_no_pod + truth.dst_no_pod,
               truth.src_no_pod, truth.dst_no_pod, truth.rejected, truth.counted, truth.lines,
               files, truth.bytes, truth.undirected);
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [SIZE_BYTES=1e9] [FILES=1] [SLOTS=2000]\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  const double size = argc > 2 ? std::atof(argv[2]) : 1e9;
  const int files = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
  const int slots = argc > 4 ? std::max(4, std::atoi(argv[4])) : 2000;
  std::error_code ec;
  fs::create_directories(out / "logs", ec);
  if (ec) {
    std::fprintf(stderr, "%s: %s\n", argv[1], ec.message().c_str());
    return 1;
  }
  std::mt19937_64 rng(20231115);
  World world = MakeWorld(rng, slots);
  WritePods(world, out / "pods.json");
  WriteNodes(world, out / "nodes.json");
  const std::vector<Format> formats = Formats();
  Truth truth;
  Generator gen(world, rng);
  const int64_t per_file = static_cast<int64_t>(size / files);
  for (int i = 0; i < files; ++i) {
    bool gzip = files > 1 && i % 3 == 2;
    char name[32];
    std::snprintf(name, sizeof(name), "part-%03d.log%s", i, gzip ? ".gz" : "");
    LogFile file(out / "logs" / name, gzip, formats[files > 1 ? i % formats.size() : 0]);
    while (file.bytes() < per_file) gen.Next(file, truth);
    truth.bytes += file.bytes();
  }
  WriteExpected(truth, files, out / "expected.json");
  std::fprintf(stderr, "%s: %d files, %" PRId64 " lines, %.3f GB, %zu pods\n", argv[1], files,
               truth.lines, static_cast<double>(truth.bytes) / 1e9, world.pods.size());
  return 0;
}
