#include "resources/resource_retag.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::resources {

absl::StatusOr<Retagger::Round> Retagger::RunOnce() {
  Round round;
  ResourceQuery query{.status = "ready", .limit = 500};
  for (;;) {
    ASSIGN_OR_RETURN(std::vector<Resource> page, store_->List(query));
    if (page.empty()) break;
    query.after_id = page.back().id;
    RETURN_IF_ERROR(store_->FillProjects(page));
    for (const Resource& r : page) {
      Provider* provider = providers_(r.provider);
      if (!provider || !provider->Tags() || r.owner_team.empty()) continue;
      const nlohmann::json& tagged = r.outputs.value(kTaggedTeamOutput, nlohmann::json());
      std::string from = tagged.is_string() ? tagged.get<std::string>() : "";
      if (from == r.owner_team) continue;
      absl::Status retagged = provider->Retag(r);
      absl::StatusOr<bool> recorded = retagged.ok() ? Record(r, from) : retagged;
      if (!recorded.ok()) {
        ++round.failed;
        spdlog::warn("resources: cannot tag {} ({}) with team {}: {}", r.name, r.id, r.owner_team,
                     recorded.status().ToString());
      } else if (*recorded) {
        ++round.retagged;
        spdlog::info("resources: {} ({}) tagged team={} (was {})", r.name, r.id, r.owner_team,
                     from.empty() ? "unrecorded" : from);
      }
    }
    if (static_cast<int>(page.size()) < query.limit) break;
  }
  if (round.retagged > 0) audit_->Published();
  return round;
}

absl::StatusOr<bool> Retagger::Record(const Resource& r, const std::string& from) {
  bool recorded = false;
  RETURN_IF_ERROR(store_->db().Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Resource> now, store_->GetTx(tx, r.id, true));
    if (!now || now->status != Status::kReady) return absl::OkStatus();
    nlohmann::json outputs = now->outputs;
    outputs[kTaggedTeamOutput] = r.owner_team;
    RETURN_IF_ERROR(store_->SetOutputs(tx, r.id, outputs));
    RETURN_IF_ERROR(
        store_->Append(tx, r.id,
                       JournalEntry{.saga = "retag",
                                    .step = "retag",
                                    .event = "done",
                                    .detail = absl::StrCat(from, " -> ", r.owner_team)}));
    recorded = true;
    return audit_->Append(tx, "paved", "resource.retag", "resource:" + r.id,
                          {{"kind", KindName(r.kind)},
                           {"name", r.name},
                           {"environment", r.environment},
                           {"from", from},
                           {"to", r.owner_team}});
  }));
  return recorded;
}

void Retagger::Register(jobs::WorkerPool& pool) {
  pool.Register(kRetagJobKind, [this](jobs::JobContext&) { return RunOnce().status(); });
}

}  // namespace paved::resources
