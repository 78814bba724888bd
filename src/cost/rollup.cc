#include "cost/rollup.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

// Fields of a key, separated by a byte no bill text contains.
constexpr char kSeparator = '\x1f';

}  // namespace

bool IsEc2InstanceId(std::string_view resource_id) {
  return resource_id.size() > 2 && resource_id.substr(0, 2) == "i-";
}

bool KeepsResourceId(const BillLine& line) {
  return line.team.empty() || IsEc2InstanceId(line.resource_id);
}

void Rollup::Add(const BillLine& line) {
  key_.clear();
  for (std::string_view part : {line.billing_account, line.billing_period, line.day, line.account,
                                line.service, line.team, line.project}) {
    key_.append(part);
    key_.push_back(kSeparator);
  }
  if (KeepsResourceId(line)) key_.append(line.resource_id);
  auto it = sums_.find(key_);
  if (it == sums_.end()) {
    it = sums_.emplace(key_, Sums{}).first;
    periods_.emplace(line.billing_account, line.billing_period);
  }
  it->second.billed += line.billed;
  it->second.effective += line.effective;
  ++it->second.lines;
  ++lines_;
  billed_ += line.billed;
  effective_ += line.effective;
}

void Rollup::Merge(Rollup&& other) {
  for (auto& [key, sums] : other.sums_) {
    Sums& mine = sums_[key];
    mine.billed += sums.billed;
    mine.effective += sums.effective;
    mine.lines += sums.lines;
  }
  periods_.insert(other.periods_.begin(), other.periods_.end());
  lines_ += other.lines_;
  billed_ += other.billed_;
  effective_ += other.effective_;
  other = Rollup();
}

std::vector<RollupRow> Rollup::Rows() const {
  std::vector<std::pair<std::string, Sums>> sorted(sums_.begin(), sums_.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<RollupRow> rows;
  rows.reserve(sorted.size());
  for (const auto& [key, sums] : sorted) {
    std::vector<std::string> parts = absl::StrSplit(key, kSeparator);
    parts.resize(8);
    rows.push_back(RollupRow{.billing_account = parts[0],
                             .billing_period = parts[1],
                             .day = parts[2],
                             .account = parts[3],
                             .service = parts[4],
                             .team_tag = parts[5],
                             .project_tag = parts[6],
                             .resource_id = parts[7],
                             .billed = sums.billed,
                             .effective = sums.effective,
                             .lines = sums.lines});
  }
  return rows;
}

namespace {

absl::Status ReadInto(BillReader& reader, Rollup& rollup) {
  BillLine line;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(line);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    rollup.Add(line);
  }
}

// Where parts of a plain bill start: `parts` + 1 offsets, the first at the header's end, the last
// at the file's end, the others just after the first line break at or after an equal share.
// Empty when the file is compressed, small, or has a line too long to find a break in.
std::vector<int64_t> PartStarts(const std::string& path, int64_t header_end, int parts,
                                int64_t min_part_bytes) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  if (!in.read(magic, 2) || (magic[0] == '\x1f' && magic[1] == '\x8b')) return {};
  std::error_code ec;
  const int64_t size = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (ec) return {};
  parts = static_cast<int>(
      std::min<int64_t>(parts, (size - header_end) / std::max<int64_t>(1, min_part_bytes)));
  if (parts < 2) return {};
  std::vector<int64_t> starts{header_end};
  std::string window(1 << 20, '\0');
  for (int k = 1; k < parts; ++k) {
    int64_t at = header_end + (size - header_end) / parts * k;
    in.clear();
    in.seekg(at);
    in.read(window.data(), static_cast<std::streamsize>(window.size()));
    size_t newline = window.find('\n');
    if (newline == std::string::npos || newline >= static_cast<size_t>(in.gcount())) return {};
    starts.push_back(at + static_cast<int64_t>(newline) + 1);
  }
  starts.push_back(size);
  return starts;
}

// Reads the parts between `starts` on threads. False (and nothing of the result is used) when
// a part failed or a part's reading did not end exactly where the next began.
bool ReadParts(const std::string& path, const OwnerTagKeys& keys,
               const std::vector<int64_t>& starts, Rollup& rollup) {
  const size_t parts = starts.size() - 1;
  std::vector<Rollup> rollups(parts);
  std::vector<int64_t> ends(parts, -1);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < parts; ++k) {
    threads.emplace_back([&, k] {
      auto reader = BillReader::Open(path, keys);
      if (!reader.ok() || !(*reader)->Restrict(starts[k], starts[k + 1]).ok()) return;
      if (ReadInto(**reader, rollups[k]).ok()) ends[k] = (*reader)->bytes();
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t k = 0; k < parts; ++k) {
    if (ends[k] != starts[k + 1]) return false;
  }
  for (Rollup& part : rollups) rollup.Merge(std::move(part));
  return true;
}

}  // namespace

absl::StatusOr<Rollup> RollUpBill(const std::string& path, const OwnerTagKeys& keys,
                                  BillFormat* format, RollUpOptions options) {
  auto reader = BillReader::Open(path, keys);
  if (!reader.ok()) return reader.status();
  if (format) *format = (*reader)->format();
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int64_t> starts =
      PartStarts(path, (*reader)->bytes(), std::min(threads, 16), options.min_part_bytes);
  Rollup rollup;
  if (!starts.empty() && ReadParts(path, keys, starts, rollup)) return rollup;
  rollup = Rollup();
  RETURN_IF_ERROR(ReadInto(**reader, rollup));
  return rollup;
}

}  // namespace paved::cost
