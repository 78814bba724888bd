// Writes a CUR 2.0 CSV bill of about SIZE bytes: 52 columns as AWS Data Exports writes them, many
// of them empty as in a real export (≈ 350 bytes a line), a month of hourly usage lines of 6,000
// resources in 40 accounts, 30 services, 200 teams and 2,000 projects. One resource in eight has
// no owner tag, one line in twenty is covered by a Savings Plan. Deterministic (fixed seed), so
// every tool reads the same file.
//   build/bench/cost_bill_gen OUT.csv [SIZE_BYTES=5e9]
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

constexpr const char* kHeader =
    "bill_bill_type,bill_billing_entity,bill_billing_period_end_date,"
    "bill_billing_period_start_date,bill_invoice_id,bill_invoicing_entity,bill_payer_account_id,"
    "bill_payer_account_name,identity_line_item_id,identity_time_interval,"
    "line_item_availability_zone,line_item_blended_cost,line_item_blended_rate,"
    "line_item_currency_code,line_item_legal_entity,line_item_line_item_description,"
    "line_item_line_item_type,line_item_net_unblended_cost,line_item_normalization_factor,"
    "line_item_normalized_usage_amount,line_item_operation,line_item_product_code,"
    "line_item_resource_id,line_item_tax_type,line_item_unblended_cost,line_item_unblended_rate,"
    "line_item_usage_account_id,line_item_usage_account_name,line_item_usage_amount,"
    "line_item_usage_end_date,line_item_usage_start_date,line_item_usage_type,pricing_currency,"
    "pricing_public_on_demand_cost,pricing_public_on_demand_rate,pricing_term,pricing_unit,"
    "product_from_location,product_instance_type,product_location,product_product_family,"
    "product_region_code,product_servicecode,product_sku,product_to_location,"
    "reservation_effective_cost,savings_plan_savings_plan_effective_cost,"
    "resource_tags_user_team,resource_tags_user_project,resource_tags_user_env,"
    "resource_tags_aws_created_by,resource_tags_user_cost_center\n";

constexpr const char* kServices[] = {
    "AmazonEC2",        "AmazonS3",        "AmazonRDS",         "AmazonElastiCache",
    "AmazonDynamoDB",   "AWSLambda",       "AmazonCloudFront",  "AmazonEKS",
    "AmazonSQS",        "AmazonSNS",       "AmazonKinesis",     "AmazonCloudWatch",
    "AmazonRoute53",    "AmazonECR",       "AmazonES",          "AmazonMSK",
    "AWSGlue",          "AmazonAthena",    "AmazonRedshift",    "AmazonEFS",
    "AWSELB",           "AmazonVPC",       "AWSSecretsManager", "awskms",
    "AmazonApiGateway", "AmazonSageMaker", "AWSBackup",         "AmazonGuardDuty",
    "AWSConfig",        "AmazonStates"};
constexpr int kServiceCount = sizeof(kServices) / sizeof(kServices[0]);

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.csv [SIZE_BYTES]\n", argv[0]);
    return 2;
  }
  const double target = argc > 2 ? std::atof(argv[2]) : 5e9;
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  std::mt19937_64 rng(20261101);
  std::fputs(kHeader, out);
  int64_t written = 0, lines = 0;
  char buf[2048];
  while (written < target) {
    uint64_t r = rng();
    int day = 1 + static_cast<int>(r % 30);
    int hour = static_cast<int>((r >> 5) % 24);
    // A resource belongs to one service, team, project and account, as in a real bill.
    int resource = static_cast<int>((r >> 10) % 6000);
    int service = resource % kServiceCount;
    int team = (resource / 7) % 200;
    int project = team * 10 + resource % 10;
    int account = team % 40;
    bool untagged = resource % 8 == 0;
    bool covered = ((r >> 36) % 20) == 0;
    char resource_id[96];
    if (service == 0) {
      std::snprintf(resource_id, sizeof(resource_id), "i-0%016x", resource * 2654435761u);
    } else {
      std::snprintf(resource_id, sizeof(resource_id), "arn:aws:%s:eu-west-1:1111%08d:r/%d",
                    kServices[service], account, resource);
    }
    // Cents with 10 decimals, as bills print them.
    double cost = static_cast<double>((r >> 12) % 1000000) / 1e5;
    double effective = covered ? cost * 0.72 : 0.0;
    char team_tag[32] = "", project_tag[40] = "";
    if (!untagged) {
      std::snprintf(team_tag, sizeof(team_tag), "team-%03d", team);
      std::snprintf(project_tag, sizeof(project_tag), "project-%04d", project);
    }
    int n = std::snprintf(
        buf, sizeof(buf),
        "Anniversary,AWS,2026-12-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,,,999900001111,,"
        "%" PRIx64
        ",,eu-west-1%c,,,USD,,,%s,,,,,%s,%s,,%.10f,0.0416,1111%08d,,1,"
        ",2026-11-%02dT%02d:00:00.000Z,BoxUsage:m6i.large,,,,OnDemand,Hrs,,m6i.large,,,,%s,,,,%s,"
        "%s,%s,%s,,\n",
        r, 'a' + static_cast<int>(r % 3), covered ? "SavingsPlanCoveredUsage" : "Usage",
        kServices[service], resource_id, cost, account, day, hour, kServices[service],
        covered ? std::to_string(effective).c_str() : "", team_tag, project_tag,
        (r >> 50) % 2 ? "prod" : "staging");
    std::fwrite(buf, 1, static_cast<size_t>(n), out);
    written += n;
    ++lines;
  }
  std::fclose(out);
  std::fprintf(stderr, "%s: %" PRId64 " lines, %.2f GB\n", argv[1], lines,
               static_cast<double>(written) / 1e9);
  return 0;
}
