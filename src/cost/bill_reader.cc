#include "cost/bill_reader.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "simdjson.h"

namespace paved::cost {
namespace {

// "user:team", "resource_tags_user_team"'s "user_team": lower case, anything else than a letter
// or a digit as '_' — how CUR 2.0 spells tag keys.
std::string NormalisedKey(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '_';
  }
  return out;
}

bool IsDay(std::string_view text) {
  if (text.size() < 10) return false;
  for (int i = 0; i < 10; ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if ((i == 4 || i == 7) ? text[i] != '-' : !digit) return false;
  }
  return true;
}

// The names each format gives a field, the first present one used.
struct Names {
  std::vector<const char*> day, period, payer, account, service, resource, category, billed,
      effective, sp_effective, ri_effective, tags;
  const char* tag_prefix;
};

const Names& NamesOf(BillFormat format) {
  static const Names kCur = {.day = {"lineItem/UsageStartDate"},
                             .period = {"bill/BillingPeriodStartDate"},
                             .payer = {"bill/PayerAccountId"},
                             .account = {"lineItem/UsageAccountId"},
                             .service = {"product/ProductName", "lineItem/ProductCode"},
                             .resource = {"lineItem/ResourceId"},
                             .category = {"lineItem/LineItemType"},
                             .billed = {"lineItem/UnblendedCost"},
                             .effective = {},
                             .sp_effective = {"savingsPlan/SavingsPlanEffectiveCost"},
                             .ri_effective = {"reservation/EffectiveCost"},
                             .tags = {},
                             .tag_prefix = "resourceTags/"};
  static const Names kCur2 = {
      .day = {"line_item_usage_start_date"},
      .period = {"bill_billing_period_start_date"},
      .payer = {"bill_payer_account_id"},
      .account = {"line_item_usage_account_id"},
      .service = {"product_product_name", "line_item_product_code", "product_servicecode"},
      .resource = {"line_item_resource_id"},
      .category = {"line_item_line_item_type"},
      .billed = {"line_item_unblended_cost"},
      .effective = {},
      .sp_effective = {"savings_plan_savings_plan_effective_cost"},
      .ri_effective = {"reservation_effective_cost"},
      .tags = {"resource_tags"},
      .tag_prefix = "resource_tags_"};
  static const Names kFocus = {.day = {"ChargePeriodStart"},
                               .period = {"BillingPeriodStart"},
                               .payer = {"BillingAccountId"},
                               .account = {"SubAccountId", "BillingAccountId"},
                               .service = {"ServiceName"},
                               .resource = {"ResourceId"},
                               .category = {"ChargeCategory"},
                               .billed = {"BilledCost"},
                               .effective = {"EffectiveCost"},
                               .sp_effective = {},
                               .ri_effective = {},
                               .tags = {"Tags"},
                               .tag_prefix = nullptr};
  return format == BillFormat::kCurLegacy ? kCur : format == BillFormat::kCur2 ? kCur2 : kFocus;
}

}  // namespace

std::string BillFormatName(BillFormat format) {
  switch (format) {
    case BillFormat::kCurLegacy:
      return "cur";
    case BillFormat::kCur2:
      return "cur2";
    case BillFormat::kFocus:
      return "focus";
  }
  return "";
}

struct BillReader::Columns {
  std::vector<std::string> header;
  int day = -1, period = -1, payer = -1, account = -1, service = -1, resource = -1, category = -1,
      billed = -1, effective = -1, sp_effective = -1, ri_effective = -1, tags = -1;
  std::vector<int> team, project;  // flattened tag columns, in the order of the keys
  std::vector<std::string> team_keys, project_keys;  // normalised, for the tags column
};

struct BillReader::Json {
  simdjson::ondemand::parser parser;
};

absl::StatusOr<std::unique_ptr<BillReader>> BillReader::Open(const std::string& path,
                                                             OwnerTagKeys keys) {
  auto csv = CsvReader::Open(path);
  if (!csv.ok()) return csv.status();
  std::vector<std::string_view> fields;
  auto more = (*csv)->Next(fields);
  if (!more.ok())
    return absl::InvalidArgumentError(path + " " + std::string(more.status().message()));
  if (!*more) return absl::InvalidArgumentError(path + " is empty: a bill starts with its header");
  auto columns = std::make_unique<Columns>();
  std::map<std::string, int, std::less<>> index;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name(fields[i]);
    if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);  // a BOM
    columns->header.push_back(name);
    index.emplace(name, static_cast<int>(i));
  }
  BillFormat format;
  if (index.count("lineItem/UnblendedCost")) {
    format = BillFormat::kCurLegacy;
  } else if (index.count("line_item_unblended_cost")) {
    format = BillFormat::kCur2;
  } else if (index.count("BilledCost")) {
    format = BillFormat::kFocus;
  } else {
    return absl::InvalidArgumentError(
        path +
        " is not a bill Paved reads: its header has none of lineItem/UnblendedCost (AWS "
        "CUR), line_item_unblended_cost (CUR 2.0) or BilledCost (FOCUS)");
  }
  const Names& names = NamesOf(format);
  auto find = [&](const std::vector<const char*>& candidates) {
    for (const char* c : candidates) {
      if (auto it = index.find(c); it != index.end()) return it->second;
    }
    return -1;
  };
  Columns& c = *columns;
  c.day = find(names.day);
  c.period = find(names.period);
  c.payer = find(names.payer);
  c.account = find(names.account);
  c.service = find(names.service);
  c.resource = find(names.resource);
  c.category = find(names.category);
  c.billed = find(names.billed);
  c.effective = find(names.effective);
  c.sp_effective = find(names.sp_effective);
  c.ri_effective = find(names.ri_effective);
  c.tags = find(names.tags);
  std::vector<std::string> missing;
  for (const auto& [column, candidates] :
       {std::pair{c.day, &names.day}, std::pair{c.account, &names.account},
        std::pair{c.billed, &names.billed}}) {
    if (column < 0) missing.push_back(absl::StrJoin(*candidates, " or "));
  }
  if (format == BillFormat::kFocus && c.effective < 0) missing.push_back("EffectiveCost");
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " (", BillFormatName(format), ") lacks the column ", absl::StrJoin(missing, ", ")));
  }
  // Flattened tag columns: "resourceTags/user:team" (CUR), "resource_tags_user_team" (CUR 2.0).
  std::map<std::string, int> tag_columns;  // normalised key → column
  if (names.tag_prefix) {
    std::string_view prefix = names.tag_prefix;
    for (size_t i = 0; i < c.header.size(); ++i) {
      if (c.header[i].rfind(prefix, 0) == 0) {
        tag_columns.emplace(NormalisedKey(c.header[i].substr(prefix.size())), i);
      }
    }
  }
  for (const auto& [keys_of, columns_of, normalised] :
       {std::tuple{&keys.team, &c.team, &c.team_keys},
        std::tuple{&keys.project, &c.project, &c.project_keys}}) {
    for (const std::string& key : *keys_of) {
      std::string n = NormalisedKey(key);
      normalised->push_back(n);
      if (auto it = tag_columns.find(n); it != tag_columns.end()) columns_of->push_back(it->second);
    }
  }
  return std::unique_ptr<BillReader>(
      new BillReader(path, std::move(*csv), format, std::move(columns)));
}

absl::Status BillReader::Restrict(int64_t begin, int64_t end) {
  if (begin < csv_->bytes()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": a range starts before the header's end"));
  }
  auto range = CsvReader::OpenRange(path_, {}, begin, end);
  if (!range.ok()) return range.status();
  csv_ = std::move(*range);
  return absl::OkStatus();
}

BillReader::BillReader(std::string path, std::unique_ptr<CsvReader> csv, BillFormat format,
                       std::unique_ptr<Columns> columns)
    : path_(std::move(path)),
      csv_(std::move(csv)),
      format_(format),
      columns_(std::move(columns)),
      json_(std::make_unique<Json>()) {}

BillReader::~BillReader() = default;

absl::Status BillReader::Error(const std::string& column, const std::string& what) const {
  return absl::InvalidArgumentError(absl::StrCat(
      path_, " line ", csv_->line(), column.empty() ? "" : ", column " + column, ": ", what));
}

// The owner tags of a tags cell: JSON ({"user:team": "chat"}), or Athena's map text
// ({user_team=chat, user_project=gw}).
absl::Status BillReader::ReadTags(std::string_view text, BillLine& line) {
  const Columns& c = *columns_;
  size_t best_team = c.team_keys.size(), best_project = c.project_keys.size();
  auto offer = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    std::string n = NormalisedKey(key);
    for (size_t k = 0; k < best_team; ++k) {
      if (c.team_keys[k] == n) {
        team_.assign(value);
        best_team = k;
      }
    }
    for (size_t k = 0; k < best_project; ++k) {
      if (c.project_keys[k] == n) {
        project_.assign(value);
        best_project = k;
      }
    }
  };
  size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos || text.substr(first) == "{}") return absl::OkStatus();
  std::string column = c.header[c.tags];
  if (text.size() > first + 1 && text[first] == '{' && text.find('"') != std::string_view::npos) {
    tag_buffer_.assign(text);
    tag_buffer_.resize(text.size() + simdjson::SIMDJSON_PADDING);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (json_->parser.iterate(tag_buffer_.data(), text.size(), tag_buffer_.size()).get(doc) ||
        doc.get_object().get(object)) {
      return Error(column, "tags are not a JSON object");
    }
    for (auto field : object) {
      std::string_view key, value;
      if (field.unescaped_key().get(key)) return Error(column, "tags are not a JSON object");
      if (field.value().get_string().get(value)) continue;  // not a string: not an owner
      offer(key, value);
    }
    return absl::OkStatus();
  }
  if (text[first] != '{' || text.back() != '}') return Error(column, "tags are not a map");
  std::string_view inner = text.substr(first + 1, text.size() - first - 2);
  while (!inner.empty()) {
    size_t comma = inner.find(',');
    std::string_view pair = inner.substr(0, comma);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      std::string_view key = pair.substr(0, eq);
      while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
      offer(key, pair.substr(eq + 1));
    }
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> BillReader::Next(BillLine& line) {
  auto more = csv_->Next(fields_);
  if (!more.ok())
    return absl::InvalidArgumentError(path_ + " " + std::string(more.status().message()));
  if (!*more) return false;
  const Columns& c = *columns_;
  if (fields_.size() != c.header.size()) {
    if (fields_.size() == 1 && fields_[0].empty()) return Next(line);  // an empty line
    return Error("", absl::StrCat("has ", fields_.size(), " fields, the header ", c.header.size()));
  }
  auto field = [&](int column) { return column < 0 ? std::string_view() : fields_[column]; };
  line = BillLine{};
  line.day = field(c.day);
  if (!IsDay(line.day)) {
    return Error(c.header[c.day], "'" + std::string(line.day.substr(0, 40)) + "' is not a date");
  }
  line.day = line.day.substr(0, 10);
  std::string_view period = field(c.period);
  line.billing_period = IsDay(period) ? period.substr(0, 7) : line.day.substr(0, 7);
  line.billing_account = field(c.payer);
  line.account = field(c.account);
  line.service = field(c.service);
  line.resource_id = field(c.resource);
  line.category = field(c.category);
  auto amount = [&](int column) -> absl::StatusOr<Money> {
    std::optional<Money> m = ParseMoney(field(column));
    if (!m) {
      return Error(c.header[column],
                   "'" + std::string(field(column).substr(0, 40)) + "' is not an amount");
    }
    return *m;
  };
  auto billed = amount(c.billed);
  if (!billed.ok()) return billed.status();
  line.billed = *billed;
  // Amortised: a commitment's own effective cost for the usage it covers; the negation and the
  // upfront fee it replaces count nothing; everything else is what it was billed.
  int effective = c.effective;
  if (format_ != BillFormat::kFocus) {
    if (line.category == "SavingsPlanCoveredUsage") effective = c.sp_effective;
    if (line.category == "DiscountedUsage") effective = c.ri_effective;
  }
  if (format_ != BillFormat::kFocus &&
      (line.category == "SavingsPlanNegation" || line.category == "SavingsPlanUpfrontFee")) {
    line.effective = Money{};
  } else if (effective >= 0) {
    auto e = amount(effective);
    if (!e.ok()) return e.status();
    line.effective = *e;
  } else {
    line.effective = line.billed;
  }
  team_.clear();
  project_.clear();
  for (int column : c.team) {
    if (!fields_[column].empty()) {
      line.team = fields_[column];
      break;
    }
  }
  for (int column : c.project) {
    if (!fields_[column].empty()) {
      line.project = fields_[column];
      break;
    }
  }
  if (c.tags >= 0 && (line.team.empty() || line.project.empty())) {
    if (absl::Status s = ReadTags(fields_[c.tags], line); !s.ok()) return s;
    if (line.team.empty()) line.team = team_;
    if (line.project.empty()) line.project = project_;
  }
  return true;
}

}  // namespace paved::cost
