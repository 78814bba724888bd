// The steps of a static site: an S3 bucket served by a CloudFront distribution, named by a
// Route 53 alias record (REST-XML protocol).
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using aws::XmlElement;
using nlohmann::json;

constexpr char kRoute53Ns[] = "https://route53.amazonaws.com/doc/2013-04-01/";
constexpr char kDistributions[] = "/2020-05-31/distribution";
// CloudFront's fixed hosted zone, the target of every alias record to a distribution.
constexpr char kCloudFrontZone[] = "Z2FDTNDATAQYW2";

XmlElement TagSet(const Resource& r, const std::string& list_name, const std::string& item) {
  XmlElement set{.name = list_name};
  for (const auto& [key, value] : PieceTags(r)) {
    XmlElement& tag = set.Add(item);
    tag.Add("Key", key);
    tag.Add("Value", value);
  }
  return set;
}

// The paved-resource-id tag of bucket `name`; nullopt when the bucket is gone.
absl::StatusOr<std::optional<std::string>> BucketOwner(Clients* c, const std::string& name) {
  auto tagging = c->s3->Call("GET", "/" + name + "?tagging");
  if (HasCode(tagging.status(), {"NoSuchBucket"})) return std::nullopt;
  if (HasCode(tagging.status(), {"NoSuchTagSet"})) return std::string();
  if (!tagging.ok()) return tagging.status();
  const XmlElement* set = tagging->body.Child("TagSet");
  if (!set) return std::string();
  for (const XmlElement* tag : set->Children("Tag")) {
    if (tag->Text("Key") == kOwnerTag) return tag->Text("Value");
  }
  return std::string();
}

std::string WebsiteHost(const Clients* c, const std::string& bucket) {
  return absl::StrCat(bucket, ".s3-website-", c->account.region, ".amazonaws.com");
}

class BucketStep : public Step {
 public:
  explicit BucketStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "bucket"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string name = PieceName(r);
    // Looked at first: in us-east-1 S3 answers 200 to creating a bucket its caller already has.
    ASSIGN_OR_RETURN(std::optional<std::string> owner, BucketOwner(c_, name));
    if (owner && *owner != r.id) return NotOurs("bucket " + name, r);
    if (!owner) {
      XmlElement config{.name = "CreateBucketConfiguration"};
      if (c_->account.region != "us-east-1") config.Add("LocationConstraint", c_->account.region);
      config.children.push_back(TagSet(r, "Tags", "Tag"));  // tagged as it is made
      auto made = c_->s3->Call("PUT", "/" + name, aws::WriteXml(config, kS3Ns));
      if (HasCode(made.status(), {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})) {
        return NotOurs("bucket " + name, r);  // made meanwhile, by someone else
      }
      if (!made.ok()) return made.status();
    }
    XmlElement tagging{.name = "Tagging"};
    tagging.children.push_back(TagSet(r, "TagSet", "Tag"));
    RETURN_IF_ERROR(
        c_->s3->Call("PUT", "/" + name + "?tagging", aws::WriteXml(tagging, kS3Ns)).status());
    XmlElement website{.name = "WebsiteConfiguration"};
    website.Add("IndexDocument").Add("Suffix", StringSetting(r, "index_document", "index.html"));
    website.Add("ErrorDocument").Add("Key", StringSetting(r, "error_document", "404.html"));
    RETURN_IF_ERROR(
        c_->s3->Call("PUT", "/" + name + "?website", aws::WriteXml(website, kS3Ns)).status());
    return StepOutcome::Done(name, {{"bucket", name},
                                    {"website_host", WebsiteHost(c_, name)},
                                    {kTaggedTeamOutput, r.owner_team}});
  }

  // `provider_id` is the bucket's name; an imported bucket keeps its own.
  absl::Status Undo(const Resource& r, const std::string& provider_id) override {
    std::string name = provider_id.empty() ? PieceName(r) : provider_id;
    ASSIGN_OR_RETURN(std::optional<std::string> owner, BucketOwner(c_, name));
    if (!owner || *owner != r.id) return absl::OkStatus();
    RETURN_IF_ERROR(Empty(name));
    auto deleted = c_->s3->Call("DELETE", "/" + name);
    if (deleted.ok() || HasCode(deleted.status(), {"NoSuchBucket"})) return absl::OkStatus();
    if (HasCode(deleted.status(), {"BucketNotEmpty"})) {
      return absl::UnavailableError("bucket " + name + " got new objects while being emptied");
    }
    return deleted.status();
  }

 private:
  // Deletes every object, a page (up to 1000, DeleteObjects' limit) at a time.
  absl::Status Empty(const std::string& name) {
    for (int page = 0; page < 10'000; ++page) {
      ASSIGN_OR_RETURN(aws::RestXmlAnswer listed, c_->s3->Call("GET", "/" + name + "?list-type=2"));
      std::vector<const XmlElement*> objects = listed.body.Children("Contents");
      if (objects.empty()) return absl::OkStatus();
      XmlElement del{.name = "Delete"};
      del.Add("Quiet", "true");
      for (const XmlElement* o : objects) del.Add("Object").Add("Key", o->Text("Key"));
      RETURN_IF_ERROR(
          c_->s3->Call("POST", "/" + name + "?delete", aws::WriteXml(del, kS3Ns)).status());
    }
    return absl::UnavailableError("bucket " + name + " keeps getting objects");
  }

  Clients* c_;
};

XmlElement DistributionConfig(const Resource& r, const std::string& origin) {
  XmlElement config{.name = "DistributionConfig"};
  config.Add("CallerReference", PieceName(r));
  std::string domain = StringSetting(r, "domain");
  std::string certificate = StringSetting(r, "certificate_arn");
  XmlElement& aliases = config.Add("Aliases");
  bool aliased = !domain.empty() && !certificate.empty();
  aliases.Add("Quantity", aliased ? "1" : "0");
  if (aliased) aliases.Add("Items").Add("CNAME", domain);
  config.Add("DefaultRootObject", StringSetting(r, "index_document", "index.html"));
  XmlElement& origins = config.Add("Origins");
  origins.Add("Quantity", "1");
  XmlElement& o = origins.Add("Items").Add("Origin");
  o.Add("Id", "s3-website");
  o.Add("DomainName", origin);
  XmlElement& custom = o.Add("CustomOriginConfig");
  custom.Add("HTTPPort", "80");
  custom.Add("HTTPSPort", "443");
  custom.Add("OriginProtocolPolicy", "http-only");
  XmlElement& behavior = config.Add("DefaultCacheBehavior");
  behavior.Add("TargetOriginId", "s3-website");
  XmlElement& forwarded = behavior.Add("ForwardedValues");
  forwarded.Add("QueryString", "false");
  forwarded.Add("Cookies").Add("Forward", "none");
  XmlElement& signers = behavior.Add("TrustedSigners");
  signers.Add("Enabled", "false");
  signers.Add("Quantity", "0");
  behavior.Add("ViewerProtocolPolicy", "redirect-to-https");
  behavior.Add("MinTTL", "0");
  config.Add("Comment", PieceName(r));
  config.Add("Enabled", "true");
  XmlElement& viewer = config.Add("ViewerCertificate");
  if (aliased) {
    viewer.Add("ACMCertificateArn", certificate);
    viewer.Add("SSLSupportMethod", "sni-only");
    viewer.Add("MinimumProtocolVersion", "TLSv1.2_2021");
  } else {
    viewer.Add("CloudFrontDefaultCertificate", "true");
  }
  return config;
}

// Whether the listed distribution `d` is the one made with CallerReference `reference` (and
// Comment `reference`): its Comment says so; a listing without comments (moto's) is checked
// against the distribution's own CallerReference.
absl::StatusOr<bool> IsDistribution(Clients* c, const XmlElement& d, const std::string& reference) {
  if (const XmlElement* comment = d.Child("Comment")) return comment->text == reference;
  ASSIGN_OR_RETURN(aws::RestXmlAnswer got,
                   c->cloudfront->Call("GET", absl::StrCat(kDistributions, "/", d.Text("Id"))));
  return got.body.Text("DistributionConfig/CallerReference") == reference;
}

// The summary (Id, ARN, Status, DomainName) of the distribution Paved made as `reference`
// ("paved-<id>"); nullopt when there is none.
absl::StatusOr<std::optional<XmlElement>> FindDistribution(Clients* c,
                                                           const std::string& reference) {
  std::string marker;
  for (int page = 0; page < 1000; ++page) {
    std::string path = absl::StrCat(kDistributions, marker.empty() ? "" : "?Marker=" + marker);
    ASSIGN_OR_RETURN(aws::RestXmlAnswer listed, c->cloudfront->Call("GET", path));
    if (const XmlElement* items = listed.body.Child("Items")) {
      for (const XmlElement* d : items->Children("DistributionSummary")) {
        ASSIGN_OR_RETURN(bool ours, IsDistribution(c, *d, reference));
        if (ours) return *d;
      }
    }
    marker = listed.body.Text("NextMarker");
    if (listed.body.Text("IsTruncated") != "true" || marker.empty()) break;
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<std::string>> DistributionOwner(Clients* c, const std::string& arn) {
  auto tags = c->cloudfront->Call(
      "GET", absl::StrCat("/2020-05-31/tagging?Resource=", http::UrlEncode(arn)));
  if (HasCode(tags.status(), {"NoSuchResource", "NoSuchDistribution"})) return std::nullopt;
  if (!tags.ok()) return tags.status();
  if (const XmlElement* items = tags->body.Child("Items")) {
    for (const XmlElement* tag : items->Children("Tag")) {
      if (tag->Text("Key") == kOwnerTag) return tag->Text("Value");
    }
  }
  return std::string();
}

// The distribution with this id (Id, ARN, Status, DomainName as in a listing); nullopt when
// there is none.
absl::StatusOr<std::optional<XmlElement>> GetDistribution(Clients* c, const std::string& id) {
  auto got = c->cloudfront->Call("GET", absl::StrCat(kDistributions, "/", http::UrlEncode(id)));
  if (HasCode(got.status(), {"NoSuchDistribution"})) return std::nullopt;
  if (!got.ok()) return got.status();
  return got->body;
}

// `r`'s distribution: the one the journal names (`provider_id`, an imported one's id), else
// the one made with CallerReference "paved-<id>".
absl::StatusOr<std::optional<XmlElement>> LocateDistribution(Clients* c, const Resource& r,
                                                             const std::string& provider_id) {
  if (!provider_id.empty()) return GetDistribution(c, provider_id);
  return FindDistribution(c, PieceName(r));
}

class DistributionStep : public Step {
 public:
  DistributionStep(Clients* c, const AwsProviderOptions* o) : c_(c), o_(o) {}
  std::string Name() const override { return "distribution"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    ASSIGN_OR_RETURN(std::optional<XmlElement> found, FindDistribution(c_, PieceName(r)));
    std::string id;
    if (found) {
      ASSIGN_OR_RETURN(std::optional<std::string> owner, DistributionOwner(c_, found->Text("ARN")));
      if (!owner || *owner != r.id) return NotOurs("distribution " + found->Text("Id"), r);
      id = found->Text("Id");
    } else {
      std::string origin = outputs.value("website_host", WebsiteHost(c_, PieceName(r)));
      XmlElement body{.name = "DistributionConfigWithTags"};
      body.children.push_back(DistributionConfig(r, origin));
      body.Add("Tags").children.push_back(TagSet(r, "Items", "Tag"));
      ASSIGN_OR_RETURN(aws::RestXmlAnswer made,
                       c_->cloudfront->Call("POST", absl::StrCat(kDistributions, "?WithTags"),
                                            aws::WriteXml(body, kCloudFrontNs)));
      id = made.body.Text("Id");
    }
    ASSIGN_OR_RETURN(aws::RestXmlAnswer got,
                     c_->cloudfront->Call("GET", absl::StrCat(kDistributions, "/", id)));
    if (got.body.Text("Status") != "Deployed") {
      return StepOutcome::Waiting(o_->poll.distribution_ms,
                                  "distribution " + id + " to be deployed");
    }
    std::string domain = got.body.Text("DomainName");
    return StepOutcome::Done(id, {{"distribution_id", id},
                                  {"distribution_domain", domain},
                                  {"url", "https://" + StringSetting(r, "domain", domain) + "/"}});
  }

  // Disabled first (and deployed so), then deleted: each look returns Unavailable while AWS
  // works, so the saga comes back later.
  absl::Status Undo(const Resource& r, const std::string& provider_id) override {
    ASSIGN_OR_RETURN(std::optional<XmlElement> found, LocateDistribution(c_, r, provider_id));
    if (!found) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<std::string> owner, DistributionOwner(c_, found->Text("ARN")));
    if (!owner || *owner != r.id) return absl::OkStatus();
    std::string id = found->Text("Id");
    std::string path = absl::StrCat(kDistributions, "/", id);
    ASSIGN_OR_RETURN(aws::RestXmlAnswer config, c_->cloudfront->Call("GET", path + "/config"));
    std::string etag = config.Header("ETag");
    if (config.body.Text("Enabled") == "true") {
      XmlElement disabled = config.body;
      for (XmlElement& e : disabled.children) {
        if (e.name == "Enabled") e.text = "false";
      }
      RETURN_IF_ERROR(c_->cloudfront
                          ->Call("PUT", path + "/config", aws::WriteXml(disabled, kCloudFrontNs),
                                 {{"If-Match", etag}})
                          .status());
      return absl::UnavailableError("distribution " + id + " is being disabled");
    }
    ASSIGN_OR_RETURN(aws::RestXmlAnswer got, c_->cloudfront->Call("GET", path));
    if (got.body.Text("Status") != "Deployed") {
      return absl::UnavailableError("waiting for distribution " + id + " to be deployed disabled");
    }
    auto deleted = c_->cloudfront->Call("DELETE", path, "", {{"If-Match", got.Header("ETag")}});
    if (deleted.ok() || HasCode(deleted.status(), {"NoSuchDistribution"})) return absl::OkStatus();
    if (HasCode(deleted.status(), {"DistributionNotDisabled", "PreconditionFailed"})) {
      return absl::UnavailableError(std::string(deleted.status().message()));
    }
    return deleted.status();
  }

 private:
  Clients* c_;
  const AwsProviderOptions* o_;
};

std::string WithDot(const std::string& name) {
  return !name.empty() && name.back() == '.' ? name : name + ".";
}

// The A record of `domain` in `zone`; nullopt when there is none.
absl::StatusOr<std::optional<XmlElement>> FindRecord(Clients* c, const std::string& zone,
                                                     const std::string& domain) {
  ASSIGN_OR_RETURN(
      aws::RestXmlAnswer listed,
      c->route53->Call("GET", absl::StrCat("/2013-04-01/hostedzone/", zone,
                                           "/rrset?name=", http::UrlEncode(WithDot(domain)),
                                           "&type=A&maxitems=1")));
  if (const XmlElement* sets = listed.body.Child("ResourceRecordSets")) {
    for (const XmlElement* set : sets->Children("ResourceRecordSet")) {
      if (WithDot(set->Text("Name")) == WithDot(domain) && set->Text("Type") == "A") return *set;
    }
  }
  return std::nullopt;
}

XmlElement AliasRecord(const std::string& domain, const std::string& target) {
  XmlElement set{.name = "ResourceRecordSet"};
  set.Add("Name", WithDot(domain));
  set.Add("Type", "A");
  XmlElement& alias = set.Add("AliasTarget");
  alias.Add("HostedZoneId", kCloudFrontZone);
  alias.Add("DNSName", WithDot(target));
  alias.Add("EvaluateTargetHealth", "false");
  return set;
}

absl::Status ChangeRecord(Clients* c, const std::string& zone, const std::string& action,
                          const std::string& domain, const std::string& target) {
  XmlElement request{.name = "ChangeResourceRecordSetsRequest"};
  XmlElement& batch = request.Add("ChangeBatch");
  batch.Add("Comment", "Paved");
  XmlElement& change = batch.Add("Changes").Add("Change");
  change.Add("Action", action);
  change.children.push_back(AliasRecord(domain, target));
  return c->route53
      ->Call("POST", absl::StrCat("/2013-04-01/hostedzone/", zone, "/rrset/"),
             aws::WriteXml(request, kRoute53Ns))
      .status();
}

class RecordStep : public Step {
 public:
  explicit RecordStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "record"; }
  std::string IdempotencyKey(const Resource& r) const override {
    return StringSetting(r, "domain");
  }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    std::string domain = StringSetting(r, "domain");
    if (domain.empty()) return StepOutcome::Done("");  // no domain: the distribution's own name
    std::string zone = StringSetting(r, "hosted_zone_id");
    if (zone.empty()) {
      return absl::FailedPreconditionError("the standard names no hosted_zone_id for " + domain);
    }
    std::string target = outputs.value("distribution_domain", "");
    ASSIGN_OR_RETURN(std::optional<XmlElement> existing, FindRecord(c_, zone, domain));
    if (existing && WithDot(existing->Text("AliasTarget/DNSName")) != WithDot(target)) {
      return absl::AlreadyExistsError("DNS record " + domain +
                                      " exists and points elsewhere: not_ours, left alone");
    }
    RETURN_IF_ERROR(ChangeRecord(c_, zone, "UPSERT", domain, target));
    return StepOutcome::Done(WithDot(domain), {{"domain", domain}});
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    std::string domain = StringSetting(r, "domain");
    std::string zone = StringSetting(r, "hosted_zone_id");
    std::string target = r.outputs.value("distribution_domain", "");
    if (domain.empty() || zone.empty() || target.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<XmlElement> existing, FindRecord(c_, zone, domain));
    if (!existing || WithDot(existing->Text("AliasTarget/DNSName")) != WithDot(target)) {
      return absl::OkStatus();  // gone, or not this resource's
    }
    absl::Status deleted = ChangeRecord(c_, zone, "DELETE", domain, target);
    if (deleted.ok() || HasCode(deleted, {"InvalidChangeBatch"})) return absl::OkStatus();
    return deleted;
  }

 private:
  Clients* c_;
};

}  // namespace

XmlElement AwsTagSet(const Resource& r, const std::string& list_name, const std::string& item) {
  return TagSet(r, list_name, item);
}
absl::StatusOr<std::optional<XmlElement>> FindSiteDistribution(Clients* c, const Resource& r) {
  return FindDistribution(c, PieceName(r));
}

std::vector<std::unique_ptr<Step>> StaticSiteSteps(Clients* c, const AwsProviderOptions* o) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<BucketStep>(c));
  steps.push_back(std::make_unique<DistributionStep>(c, o));
  steps.push_back(std::make_unique<RecordStep>(c));
  return steps;
}

absl::StatusOr<json> StaticSiteLiveStatus(Clients* c, const Resource& r) {
  if (r.outputs.value("imported", false) && !r.outputs.contains("distribution_id")) {
    // An imported bucket served without CloudFront: the bucket is what there is.
    std::string bucket = RecordedName(r, "bucket");
    ASSIGN_OR_RETURN(std::optional<std::string> owner, BucketOwner(c, bucket));
    if (!owner) return absl::NotFoundError("bucket " + bucket + " is gone");
    return json{{"state", "available"}, {"bucket", bucket}};
  }
  ASSIGN_OR_RETURN(std::optional<XmlElement> found,
                   LocateDistribution(c, r, r.outputs.value("distribution_id", "")));
  if (!found) return absl::NotFoundError("distribution of " + r.id + " is gone");
  return json{{"state", found->Text("Status")},
              {"enabled", found->Text("Enabled") == "true" ||
                              found->Text("DistributionConfig/Enabled") == "true"},
              {"domain", found->Text("DomainName")}};
}

absl::StatusOr<std::optional<std::string>> S3BucketOwner(Clients* c, const std::string& name) {
  return BucketOwner(c, name);
}

absl::StatusOr<std::optional<std::string>> CloudFrontOwner(Clients* c, const std::string& arn) {
  return DistributionOwner(c, arn);
}

absl::StatusOr<std::optional<XmlElement>> GetCloudFrontDistribution(Clients* c,
                                                                    const std::string& id) {
  return GetDistribution(c, id);
}

XmlElement XmlTagSet(const Resource& r, const std::string& list_name, const std::string& item) {
  return TagSet(r, list_name, item);
}

std::string S3WebsiteHost(const Clients* c, const std::string& bucket) {
  return WebsiteHost(c, bucket);
}

}  // namespace paved::resources::aws_provider
