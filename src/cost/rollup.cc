#include "cost/rollup.h"

#include <algorithm>

#include "absl/strings/str_split.h"

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

absl::StatusOr<Rollup> RollUpBill(const std::string& path, const OwnerTagKeys& keys,
                                  BillFormat* format) {
  auto reader = BillReader::Open(path, keys);
  if (!reader.ok()) return reader.status();
  if (format) *format = (*reader)->format();
  Rollup rollup;
  BillLine line;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(line);
    if (!more.ok()) return more.status();
    if (!*more) break;
    rollup.Add(line);
  }
  return rollup;
}

}  // namespace paved::cost
