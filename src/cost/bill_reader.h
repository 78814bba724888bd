#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/csv_reader.h"
#include "cost/money.h"

namespace paved::cost {

// The bills Paved reads, told apart by their header line:
// - kCurLegacy: AWS Cost and Usage Report, `lineItem/UnblendedCost`, `resourceTags/user:team`.
// - kCur2: CUR 2.0 (Data Exports, Athena): `line_item_unblended_cost`, tags as flattened
//   `resource_tags_user_team` columns or one `resource_tags` map column (JSON, or Athena's
//   `{user_team=chat, ...}`).
// - kFocus: FinOps FOCUS 1.x: `BilledCost`, `EffectiveCost`, `ChargePeriodStart`, `Tags` (JSON).
enum class BillFormat { kCurLegacy, kCur2, kFocus };
std::string BillFormatName(BillFormat format);  // cur | cur2 | focus

// Which tags name a line's owner; each key as the cloud writes it (e.g. "user:team"). CUR 2.0
// spells them normalised ("user_team"); both spellings match.
struct OwnerTagKeys {
  std::vector<std::string> team = {"user:team", "team"};
  std::vector<std::string> project = {"user:project", "project"};
};

// One line of a bill; the views are valid until the next BillReader::Next.
struct BillLine {
  std::string_view day;              // YYYY-MM-DD of the usage (or charge period) start
  std::string_view billing_period;   // YYYY-MM of the bill the line belongs to
  std::string_view billing_account;  // the payer account whose bill it is; "" when not said
  std::string_view account;          // the usage (sub-)account
  std::string_view service;
  std::string_view resource_id;  // "" for lines without one (a tax, a purchase)
  std::string_view category;     // Usage, Purchase, Tax, Credit, SavingsPlanCoveredUsage, ...
  Money billed;                  // what the invoice says (unblended)
  Money effective;  // amortised: the commitment's effective cost where the bill has one
  std::string_view team, project;  // from the owner tags; "" when the line has none
};

// Streams a bill file (plain or gzip, any size) line by line, in constant memory. Errors are
// InvalidArgument naming the file, the line and the column ("bill.csv line 7, column
// lineItem/UnblendedCost: '12x' is not an amount"); an unknown header says which columns it
// looked for.
class BillReader {
 public:
  static absl::StatusOr<std::unique_ptr<BillReader>> Open(const std::string& path,
                                                          OwnerTagKeys keys = {});
  ~BillReader();

  // The next line; false at the end of the file.
  absl::StatusOr<bool> Next(BillLine& line);

  BillFormat format() const { return format_; }
  // From now on, reads only the lines that start in [begin, end) of the file (plain, not gzip;
  // `begin` where a line starts, at or after the header): lets threads share a large bill. Line
  // numbers in errors then count from `begin`.
  absl::Status Restrict(int64_t begin, int64_t end);

  int64_t line_number() const { return csv_->line(); }
  int64_t bytes() const { return csv_->bytes(); }

  struct Columns;  // where each field is, from the header

 private:
  BillReader(std::string path, std::unique_ptr<CsvReader> csv, BillFormat format,
             std::unique_ptr<Columns> columns);
  absl::Status Error(const std::string& column, const std::string& what) const;
  absl::Status ReadTags(std::string_view text, BillLine& line);

  std::string path_;
  std::unique_ptr<CsvReader> csv_;
  BillFormat format_;
  std::unique_ptr<Columns> columns_;
  std::vector<std::string_view> fields_;
  std::string tag_buffer_;  // a JSON tags cell with simdjson's padding
  std::string team_, project_;
  struct Json;
  std::unique_ptr<Json> json_;
};

}  // namespace paved::cost
