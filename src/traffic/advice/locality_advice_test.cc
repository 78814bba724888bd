#include "traffic/advice/locality_advice.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "yaml-cpp/yaml.h"

namespace paved::traffic::advice {
namespace {

constexpr int64_t kDay = 86400;

// checkout (zones a, b, c) calling payments' Service "payments" over one day.
AdviceInput Input(const std::string& mesh, const std::string& version) {
  AdviceInput in;
  in.edge = {.source = "shop/checkout",
             .destination = "pay/payments",
             .service = "payments",
             .service_namespace = "pay",
             .cross_zone_bytes = 1'000'000'000'000,
             .cross_zone_cost_usd = 20,
             .window_seconds = kDay};
  in.cluster = {.mesh = mesh,
                .kubernetes_version = version,
                .zones = {"eu-west-1a", "eu-west-1b", "eu-west-1c"}};
  in.source_zones = {{"eu-west-1a", 600'000'000'000},
                     {"eu-west-1b", 300'000'000'000},
                     {"eu-west-1c", 100'000'000'000}};
  in.destination_replicas = {{"eu-west-1a", 2}, {"eu-west-1b", 1}};
  return in;
}

Proposal Propose(const AdviceInput& in) {
  auto p = ProposeLocality(in);
  EXPECT_OK(p);
  return p.ok() ? *p : Proposal{};
}

const Warning* FindWarning(const Proposal& p, const std::string& code) {
  auto it = std::find_if(p.warnings.begin(), p.warnings.end(),
                         [&](const Warning& w) { return w.code == code; });
  return it == p.warnings.end() ? nullptr : &*it;
}

TEST(LocalityAdviceTest, AnIstioClusterGetsADestinationRuleWithOutlierDetection) {
  Proposal p = Propose(Input("istio", ""));
  EXPECT_EQ(p.kind, ProposalKind::kDestinationRule);
  YAML::Node dr = YAML::Load(p.yaml);
  EXPECT_EQ(dr["apiVersion"].as<std::string>(), "networking.istio.io/v1beta1");
  EXPECT_EQ(dr["kind"].as<std::string>(), "DestinationRule");
  EXPECT_EQ(dr["metadata"]["name"].as<std::string>(), "payments");
  EXPECT_EQ(dr["metadata"]["namespace"].as<std::string>(), "pay");
  EXPECT_EQ(dr["spec"]["host"].as<std::string>(), "payments.pay.svc.cluster.local");
  YAML::Node policy = dr["spec"]["trafficPolicy"];
  EXPECT_TRUE(policy["loadBalancer"]["localityLbSetting"]["enabled"].as<bool>());
  ASSERT_TRUE(policy["outlierDetection"].IsMap());
  EXPECT_EQ(policy["outlierDetection"]["consecutive5xxErrors"].as<int>(), 5);
  EXPECT_NE(p.apply_command.find("kubectl apply"), std::string::npos);
  // The mesh does not depend on the Kubernetes version.
  EXPECT_EQ(FindWarning(p, "version_unknown"), nullptr);
}

TEST(LocalityAdviceTest, KubernetesFrom134GetsPreferSameZone) {
  Proposal p = Propose(Input("", "1.34"));
  EXPECT_EQ(p.kind, ProposalKind::kServicePatch);
  YAML::Node svc = YAML::Load(p.yaml);
  EXPECT_EQ(svc["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(svc["kind"].as<std::string>(), "Service");
  EXPECT_EQ(svc["metadata"]["name"].as<std::string>(), "payments");
  EXPECT_EQ(svc["spec"]["trafficDistribution"].as<std::string>(), "PreferSameZone");
  EXPECT_FALSE(svc["spec"]["ports"]) << "a patch carries only what changes";
  EXPECT_FALSE(svc["metadata"]["annotations"]);
  EXPECT_NE(p.apply_command.find("patch service payments --type merge"), std::string::npos);
  EXPECT_TRUE(p.warnings.size() == 1 && p.warnings[0].code == "not_spread");
}

TEST(LocalityAdviceTest, Kubernetes131To133GetPreferClose) {
  for (const char* version : {"1.31", "v1.33.4"}) {
    YAML::Node svc = YAML::Load(Propose(Input("", version)).yaml);
    EXPECT_EQ(svc["spec"]["trafficDistribution"].as<std::string>(), "PreferClose") << version;
  }
}

TEST(LocalityAdviceTest, KubernetesBefore131GetsTheTopologyModeAnnotationAndAWarning) {
  Proposal p = Propose(Input("", "1.30"));
  YAML::Node svc = YAML::Load(p.yaml);
  EXPECT_FALSE(svc["spec"]);
  EXPECT_EQ(svc["metadata"]["annotations"]["service.kubernetes.io/topology-mode"].as<std::string>(),
            "Auto");
  const Warning* w = FindWarning(p, "no_traffic_distribution");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->message.find("Kubernetes 1.30 has no spec.trafficDistribution"), std::string::npos);
}

TEST(LocalityAdviceTest, AnUnknownVersionIsAssumed133AndSaidSo) {
  Proposal p = Propose(Input("", ""));
  EXPECT_EQ(YAML::Load(p.yaml)["spec"]["trafficDistribution"].as<std::string>(), "PreferClose");
  const Warning* w = FindWarning(p, "version_unknown");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->message.find("assumes 1.33"), std::string::npos);
}

TEST(LocalityAdviceTest, OnlySourceZonesWithAReplicaCountTowardsTheSaving) {
  Proposal p = Propose(Input("istio", ""));
  // a and b (900 of 1000 GB) have replicas, c has none: 90 % of 20 USD a day, 730/24 days.
  EXPECT_EQ(p.keepable_bytes, 900'000'000'000u);
  EXPECT_NEAR(p.monthly_saving_usd, 20 * 0.9 * 730 / 24, 1e-6);
  EXPECT_NE(p.reasoning.find("Sent from eu-west-1a, eu-west-1b"), std::string::npos) << p.reasoning;
  EXPECT_NE(p.reasoning.find("not from eu-west-1c"), std::string::npos) << p.reasoning;
  EXPECT_NE(p.reasoning.find("547.50 USD a month"), std::string::npos) << p.reasoning;
  EXPECT_FALSE(p.assumptions.empty());
  const Warning* w = FindWarning(p, "not_spread");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->message.find("no replica in eu-west-1c,"), std::string::npos) << w->message;
  EXPECT_EQ(w->message.find("eu-west-1a"), std::string::npos) << w->message;
  EXPECT_NE(w->message.find("istio#39477"), std::string::npos);
}

TEST(LocalityAdviceTest, ZonesWithoutByteCountsShareTheBytesEvenly) {
  AdviceInput in = Input("", "1.34");
  for (SourceZone& z : in.source_zones) z.cross_zone_bytes = 0;
  Proposal p = Propose(in);
  EXPECT_EQ(p.keepable_bytes, 666'666'666'667u);  // 2 of 3 zones
  auto spread = std::find_if(p.assumptions.begin(), p.assumptions.end(), [](const auto& a) {
    return a.find("spread evenly") != std::string::npos;
  });
  EXPECT_NE(spread, p.assumptions.end());
}

TEST(LocalityAdviceTest, AnEdgeWithoutCostIsPricedAtTwoCentsPerGb) {
  AdviceInput in = Input("", "1.34");
  in.edge.cross_zone_cost_usd = 0;
  in.edge.cross_zone_bytes = 50'000'000'000;
  in.edge.window_seconds = 730 * 3600;
  in.source_zones = {{"eu-west-1a", 0}};
  Proposal p = Propose(in);
  EXPECT_NEAR(p.monthly_saving_usd, 1.0, 1e-9);  // 50 GB × 0.02 USD, a window of one month
  EXPECT_TRUE(p.warnings.empty());
  auto priced = std::find_if(p.assumptions.begin(), p.assumptions.end(), [](const auto& a) {
    return a.find("0.02 USD per GB") != std::string::npos;
  });
  EXPECT_NE(priced, p.assumptions.end());
}

TEST(LocalityAdviceTest, NoReplicaInAnySourceZoneSavesNothing) {
  AdviceInput in = Input("", "1.34");
  in.destination_replicas = {{"eu-west-1c", 0}, {"eu-west-1d", 3}};
  in.source_zones.pop_back();
  Proposal p = Propose(in);
  EXPECT_EQ(p.keepable_bytes, 0u);
  EXPECT_EQ(p.monthly_saving_usd, 0);
  const Warning* w = FindWarning(p, "not_spread");
  ASSERT_NE(w, nullptr);
  EXPECT_NE(w->message.find("eu-west-1a, eu-west-1b"), std::string::npos) << w->message;
}

TEST(LocalityAdviceTest, ASingleReplicaIsWarnedAbout) {
  AdviceInput in = Input("istio", "");
  in.destination_replicas = {{"eu-west-1a", 1}};
  EXPECT_NE(FindWarning(Propose(in), "single_replica"), nullptr);
  EXPECT_EQ(FindWarning(Propose(Input("istio", "")), "single_replica"), nullptr);
  // Replicas known only by the zones they answered from may be many: nothing to warn about.
  in.replica_counts_known = false;
  EXPECT_EQ(FindWarning(Propose(in), "single_replica"), nullptr);
}

TEST(LocalityAdviceTest, APavedDestinationGetsTheAppSpecChange) {
  AdviceInput in = Input("", "1.34");
  EXPECT_EQ(Propose(in).app_spec_change, "");
  in.paved = PavedService{.project = "payments", .service = "api"};
  Proposal p = Propose(in);
  YAML::Node spec = YAML::Load(p.app_spec_change);
  EXPECT_TRUE(spec["services"]["api"]["traffic"]["locality"].as<bool>());
  EXPECT_NE(p.app_spec_change.find("project payments"), std::string::npos);
  EXPECT_EQ(FindWarning(p, "already_applied"), nullptr);  // off by default without a mesh
}

TEST(LocalityAdviceTest, LocalityPavedAlreadyRendersIsSaidSo) {
  AdviceInput istio = Input("istio", "");
  istio.paved = PavedService{.project = "payments", .service = "api"};
  EXPECT_NE(FindWarning(Propose(istio), "already_applied"), nullptr);  // the mesh's default
  istio.paved->locality = false;
  EXPECT_EQ(FindWarning(Propose(istio), "already_applied"), nullptr);
  AdviceInput plain = Input("", "1.34");
  plain.paved = PavedService{.project = "payments", .service = "api", .locality = true};
  EXPECT_NE(FindWarning(Propose(plain), "already_applied"), nullptr);
}

TEST(LocalityAdviceTest, InputThatIsNotAnEdgeIsRefusedNamingTheField) {
  struct Case {
    const char* field;
    void (*spoil)(AdviceInput&);
  };
  const Case cases[] = {
      {"edge.source", [](AdviceInput& in) { in.edge.source = "checkout"; }},
      {"edge.destination", [](AdviceInput& in) { in.edge.destination = "Pay/x"; }},
      {"edge.service", [](AdviceInput& in) { in.edge.service = ""; }},
      {"edge.service_namespace", [](AdviceInput& in) { in.edge.service_namespace = "a/b"; }},
      {"edge.window_seconds", [](AdviceInput& in) { in.edge.window_seconds = 0; }},
      {"edge.cross_zone_cost_usd", [](AdviceInput& in) { in.edge.cross_zone_cost_usd = -1; }},
      {"cluster.mesh", [](AdviceInput& in) { in.cluster.mesh = "linkerd"; }},
      {"cluster.kubernetes_version", [](AdviceInput& in) { in.cluster.kubernetes_version = "2"; }},
      {"source_zones",
       [](AdviceInput& in) {
         in.source_zones.push_back({"eu-west-1a", 1});
       }},
      {"destination_replicas", [](AdviceInput& in) { in.destination_replicas["x"] = -1; }},
      {"paved", [](AdviceInput& in) { in.paved = PavedService{.project = "", .service = "a"}; }},
  };
  for (const Case& c : cases) {
    AdviceInput in = Input("", "1.34");
    c.spoil(in);
    SCOPED_TRACE(c.field);
    auto p = ProposeLocality(in);
    EXPECT_CODE(p, kInvalidArgument);
    EXPECT_NE(std::string(p.status().message()).find(c.field), std::string::npos) << p.status();
  }
}

TEST(LocalityAdviceTest, JsonCarriesEveryPart) {
  AdviceInput in = Input("", "1.30");
  in.paved = PavedService{.project = "payments", .service = "api"};
  nlohmann::json j = ProposalToJson(Propose(in));
  EXPECT_EQ(j["kind"], "ServicePatch");
  EXPECT_EQ(j["object"]["kind"], "Service");
  EXPECT_EQ(j["keepable_bytes"], 900'000'000'000u);
  EXPECT_GT(j["monthly_saving_usd"].get<double>(), 0);
  ASSERT_EQ(j["warnings"].size(), 2u);
  EXPECT_EQ(j["warnings"][0]["code"], "not_spread");
  EXPECT_EQ(j["warnings"][1]["code"], "no_traffic_distribution");
  EXPECT_NE(j["app_spec_change"].get<std::string>().find("locality: true"), std::string::npos);
  EXPECT_TRUE(j["assumptions"].is_array());
  EXPECT_FALSE(j["reasoning"].get<std::string>().empty());
  EXPECT_FALSE(j["apply_command"].get<std::string>().empty());
}

}  // namespace
}  // namespace paved::traffic::advice
