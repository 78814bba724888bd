#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "cost/bill_reader.h"

namespace paved::cost {

// A bill summed per day and owner: what Paved keeps of a bill (never its millions of lines).
// `resource_id` is kept for lines without owner tags, so the catalog and Paved's own resources
// can name their owner later — and so unowned cost can point at what needs an owner — and for
// EC2 instances (`i-…`) even when tagged: a Kubernetes node's cost for a day is its instance's
// line, which the allocation spreads over the node's pods (cost/kubernetes).
struct RollupRow {
  std::string billing_account;  // the payer's; "" when the bill does not say
  std::string billing_period;   // YYYY-MM
  std::string day;              // YYYY-MM-DD
  std::string account;
  std::string service;
  std::string team_tag, project_tag;  // "" when the line had none
  std::string resource_id;            // when team_tag is "" or the id is an EC2 instance's
  Money billed, effective;
  int64_t lines = 0;
};

// True for an EC2 instance's id ("i-0abc…").
bool IsEc2InstanceId(std::string_view resource_id);
// Whether the rollup keeps `line`'s resource id: no owner tag, or an EC2 instance.
bool KeepsResourceId(const BillLine& line);

// Sums lines as they are read; memory grows with the distinct rows, not with the lines.
class Rollup {
 public:
  void Add(const BillLine& line);

  // Adds the sums of `other` (read from another part of the same bill).
  void Merge(Rollup&& other);

  // The rows, sorted (by period, day, account, service, tags, resource).
  std::vector<RollupRow> Rows() const;
  // The (billing account, billing period) pairs the lines belonged to: what an import replaces.
  const std::set<std::pair<std::string, std::string>>& Periods() const { return periods_; }
  int64_t lines() const { return lines_; }
  Money billed() const { return billed_; }
  Money effective() const { return effective_; }

 private:
  struct Sums {
    Money billed, effective;
    int64_t lines = 0;
  };
  std::string key_;  // reused for each line's key
  absl::flat_hash_map<std::string, Sums> sums_;
  std::set<std::pair<std::string, std::string>> periods_;
  int64_t lines_ = 0;
  Money billed_, effective_;
};

// Reads the whole bill at `path` into a Rollup; the first broken line fails it all. A large plain
// (not gzip) bill is read by up to `options.threads` threads, each a part of the file that starts
// and ends at line breaks; when a part's first line break turns out to be inside a quoted field, or
// a part has an error, the bill is read again by one thread (the result, and the error with its
// exact line, are the same either way).
struct RollUpOptions {
  int threads = 0;                    // 0: one per core
  int64_t min_part_bytes = 32 << 20;  // a smaller bill is read by fewer threads
};
absl::StatusOr<Rollup> RollUpBill(const std::string& path, const OwnerTagKeys& keys,
                                  BillFormat* format = nullptr, RollUpOptions options = {});

}  // namespace paved::cost
