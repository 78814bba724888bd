#include "traffic/advice/locality_advice.h"

#include "traffic/advice/advice_internal.h"

namespace paved::traffic::advice {

const char* ProposalKindName(ProposalKind k) {
  return k == ProposalKind::kDestinationRule ? "DestinationRule" : "ServicePatch";
}

absl::StatusOr<Proposal> ProposeLocality(const AdviceInput& in) {
  if (absl::Status s = internal::CheckInput(in); !s.ok()) return s;
  const bool version_known = !in.cluster.kubernetes_version.empty();
  const deploy::platform::KubernetesVersion version =
      deploy::platform::EffectiveKubernetesVersion(in.cluster.kubernetes_version);
  Proposal p;
  internal::MakeFixObject(in, version, &p);
  internal::EstimateSaving(in, &p);
  p.warnings = internal::Warnings(in, version_known, version);
  p.app_spec_change = internal::AppSpecChange(in);
  return p;
}

nlohmann::json ProposalToJson(const Proposal& p) {
  nlohmann::json warnings = nlohmann::json::array();
  for (const Warning& w : p.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  return {{"kind", ProposalKindName(p.kind)},
          {"object", p.object},
          {"yaml", p.yaml},
          {"apply_command", p.apply_command},
          {"keepable_bytes", p.keepable_bytes},
          {"monthly_saving_usd", p.monthly_saving_usd},
          {"reasoning", p.reasoning},
          {"assumptions", p.assumptions},
          {"warnings", warnings},
          {"app_spec_change", p.app_spec_change}};
}

}  // namespace paved::traffic::advice
