#include "resources/aws/aws_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "providers/aws/account_config.h"
#include "providers/aws/aws_error.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using nlohmann::json;

// A step that can only fail: the resource's account is not configured.
class UnknownAccountStep : public Step {
 public:
  std::string Name() const override { return "account"; }
  std::string IdempotencyKey(const Resource& r) const override { return r.account; }
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    return absl::FailedPreconditionError(
        absl::StrCat("AWS account ", r.account, " is not configured (resources.aws.accounts)"));
  }
  absl::Status Undo(const Resource&, const std::string&) override { return absl::OkStatus(); }
};

absl::StatusOr<AwsAccount> ParseAccount(const json& a, const std::string& key,
                                        const std::function<std::string(const std::string&)>& env) {
  if (!a.is_object()) return aws::ConfigError(key, "must be a mapping");
  AwsAccount account;
  ASSIGN_OR_RETURN(account.id, aws::ConfigAccountId(a, key));
  ASSIGN_OR_RETURN(account.region, aws::ConfigString(a, "region", key));
  if (account.region.empty())
    return aws::ConfigError(key + ".region", "must name a region such as eu-west-1");
  ASSIGN_OR_RETURN(account.endpoint, aws::ConfigString(a, "endpoint", key));
  ASSIGN_OR_RETURN(account.credentials, aws::ConfigCredentials(a, key, env));
  return account;
}

aws::ServiceOptions Service(const AwsProviderOptions& o, const AwsAccount& a,
                            const std::string& service, const std::string& endpoint,
                            const std::string& region) {
  return {.endpoint = a.endpoint.empty() ? endpoint : a.endpoint,
          .credentials = a.credentials,
          .region = region,
          .service = service,
          .timeout = o.timeout,
          .max_attempts = o.max_attempts,
          .retry_backoff_ms = o.retry_backoff_ms};
}

}  // namespace

std::string PieceName(const Resource& r) { return "paved-" + r.id; }

std::string RecordedName(const Resource& r, const std::string& output_key) {
  const json& recorded = r.outputs.value(output_key, json());
  return recorded.is_string() && !recorded.get<std::string>().empty() ? recorded.get<std::string>()
                                                                      : PieceName(r);
}

std::string LastPart(const std::string& provider_id, char separator) {
  size_t at = provider_id.rfind(separator);
  return at == std::string::npos ? provider_id : provider_id.substr(at + 1);
}

std::map<std::string, std::string> PieceTags(const Resource& r) {
  std::map<std::string, std::string> tags = {{"managed-by", "paved"},
                                             {kOwnerTag, r.id},
                                             {"team", r.owner_team},
                                             {"project", r.project},
                                             {"env", r.environment}};
  const json& extra = EffectiveValue(r, "tags");
  if (extra.is_object()) {
    for (const auto& [key, value] : extra.items()) {
      if (value.is_string() && !tags.count(key)) tags[key] = value.get<std::string>();
    }
  }
  return tags;
}

absl::Status NotOurs(const std::string& what, const Resource& r) {
  return absl::AlreadyExistsError(absl::StrCat(what, " exists and is not Paved's for resource ",
                                               r.id, " (no ", kOwnerTag, " tag ", r.id,
                                               "): not_ours, left alone"));
}

bool HasCode(const absl::Status& status, std::initializer_list<const char*> codes) {
  std::string code = aws::AwsErrorCode(status);
  for (const char* c : codes) {
    if (code == c) return true;
  }
  return false;
}

std::string StringSetting(const Resource& r, const std::string& field,
                          const std::string& fallback) {
  const json& v = EffectiveValue(r, field);
  return v.is_string() && !v.get<std::string>().empty() ? v.get<std::string>() : fallback;
}

bool BoolSetting(const Resource& r, const std::string& field, bool fallback) {
  const json& v = EffectiveValue(r, field);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

int64_t IntSetting(const Resource& r, const std::string& field, int64_t fallback) {
  const json& v = EffectiveValue(r, field);
  return v.is_number_integer() ? v.get<int64_t>() : fallback;
}

std::vector<std::string> ListSetting(const Resource& r, const std::string& field) {
  std::vector<std::string> out;
  const json& v = EffectiveValue(r, field);
  if (!v.is_array()) return out;
  for (const json& item : v) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

AwsProvider::AwsProvider(http::Client* http, const Clock* clock, AwsProviderOptions options)
    : http_(http), clock_(clock), options_(std::move(options)) {}

AwsProvider::~AwsProvider() = default;

AwsProvider::Clients* AwsProvider::ClientsFor(const std::string& account) {
  auto found = options_.accounts.find(account);
  if (found == options_.accounts.end()) return nullptr;
  absl::MutexLock lock(&mu_);
  std::unique_ptr<Clients>& c = clients_[account];
  if (c) return c.get();
  const AwsAccount& a = found->second;
  c = std::make_unique<Clients>();
  c->account = a;
  c->elasticache = std::make_unique<aws::QueryClient>(
      http_, clock_,
      Service(options_, a, "elasticache", "https://elasticache.{region}.amazonaws.com", a.region),
      "2015-02-02");
  c->s3 = std::make_unique<aws::RestXmlClient>(
      http_, clock_, Service(options_, a, "s3", "https://s3.{region}.amazonaws.com", a.region));
  c->cloudfront = std::make_unique<aws::RestXmlClient>(
      http_, clock_,
      Service(options_, a, "cloudfront", "https://cloudfront.amazonaws.com", "us-east-1"));
  c->route53 = std::make_unique<aws::RestXmlClient>(
      http_, clock_, Service(options_, a, "route53", "https://route53.amazonaws.com", "us-east-1"));
  c->dynamodb = std::make_unique<aws::JsonClient>(
      http_, clock_,
      Service(options_, a, "dynamodb", "https://dynamodb.{region}.amazonaws.com", a.region),
      "DynamoDB_20120810.", "1.0");
  return c.get();
}

std::vector<std::unique_ptr<Step>> AwsProvider::Steps(const Resource& r) {
  Clients* c = ClientsFor(r.account);
  if (!c) {
    std::vector<std::unique_ptr<Step>> steps;
    steps.push_back(std::make_unique<UnknownAccountStep>());
    return steps;
  }
  switch (r.kind) {
    case Kind::kRedis:
      return RedisSteps(c, &options_);
    case Kind::kStaticSite:
      return StaticSiteSteps(c, &options_);
    case Kind::kDynamoDb:
      return DynamoDbSteps(c, &options_);
  }
  return {};
}

absl::StatusOr<json> AwsProvider::LiveStatus(const Resource& r) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  switch (r.kind) {
    case Kind::kRedis:
      return RedisLiveStatus(c, r);
    case Kind::kStaticSite:
      return StaticSiteLiveStatus(c, r);
    case Kind::kDynamoDb:
      return DynamoDbLiveStatus(c, r);
  }
  return absl::NotFoundError("unknown kind");
}

absl::StatusOr<StepOutcome> AwsProvider::Update(const Resource& r) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  switch (r.kind) {
    case Kind::kRedis:
      return UpdateRedis(c, &options_, r);
    case Kind::kStaticSite:
      return UpdateStaticSite(c, r);
    case Kind::kDynamoDb:
      return UpdateDynamoDb(c, &options_, r);
  }
  return absl::UnimplementedError("unknown kind");
}

absl::Status AwsProvider::Retag(const Resource& r) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  switch (r.kind) {
    case Kind::kRedis:
      return RetagRedis(c, r);
    case Kind::kStaticSite:
      return RetagStaticSite(c, r);
    case Kind::kDynamoDb:
      return RetagDynamoDb(c, r);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, AwsAccount>> ParseAwsAccounts(
    const json& section, const std::function<std::string(const std::string&)>& env) {
  std::map<std::string, AwsAccount> out;
  if (section.is_null()) return out;
  if (!section.is_object()) return aws::ConfigError("resources.aws", "must be a mapping");
  if (!section.contains("accounts") || section["accounts"].is_null()) return out;
  if (!section["accounts"].is_array())
    return aws::ConfigError("resources.aws.accounts", "must be a list");
  for (size_t i = 0; i < section["accounts"].size(); ++i) {
    std::string key = absl::StrCat("resources.aws.accounts[", i, "]");
    ASSIGN_OR_RETURN(AwsAccount account, ParseAccount(section["accounts"][i], key, env));
    if (out.count(account.id))
      return aws::ConfigError(key + ".id", "names an account listed before");
    out[account.id] = std::move(account);
  }
  return out;
}

}  // namespace paved::resources::aws_provider
