#include "resources/saga.h"

#include <algorithm>
#include <csignal>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::resources {
namespace {

// A step's transient failures are retried this many times (counted in the journal, so a
// restart does not reset them) before the creation is given up and undone.
constexpr int kApplyRetries = 5;
// Saga jobs never die of retries: an undo keeps trying (backoff capped at an hour) until the
// provider lets it finish, because giving up would leave pieces behind.
constexpr int kSagaJobAttempts = 1000;

// The last event of `step` in `saga`, "" when it has none.
std::string LastEvent(const std::vector<JournalEntry>& journal, const std::string& saga,
                      const std::string& step) {
  std::string last;
  for (const JournalEntry& e : journal) {
    if (e.saga == saga && e.step == step) last = e.event;
  }
  return last;
}

bool Happened(const std::vector<JournalEntry>& journal, const std::string& saga,
              const std::string& step, const std::string& event) {
  return std::any_of(journal.begin(), journal.end(), [&](const JournalEntry& e) {
    return e.saga == saga && e.step == step && e.event == event;
  });
}

int Count(const std::vector<JournalEntry>& journal, const std::string& step,
          const std::string& event) {
  return static_cast<int>(std::count_if(journal.begin(), journal.end(), [&](const JournalEntry& e) {
    return e.saga == "create" && e.step == step && e.event == event;
  }));
}

// The provider id a step's `done` recorded in the creation (or the import that adopted the
// piece), "" when it never finished.
std::string ProviderId(const std::vector<JournalEntry>& journal, const std::string& step) {
  for (const JournalEntry& e : journal) {
    if ((e.saga == "create" || e.saga == "import") && e.step == step && e.event == "done") {
      return e.provider_id;
    }
  }
  return "";
}

jobs::EnqueueOptions SagaJobOptions(const std::string& saga, const std::string& resource_id) {
  jobs::EnqueueOptions options;
  options.max_attempts = kSagaJobAttempts;
  options.dedupe_key = absl::StrCat("resource/", saga, "/", resource_id);
  return options;
}

}  // namespace

bool IsTransient(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

SagaRunner::SagaRunner(ResourceStore* store, jobs::JobQueue* queue,
                       std::map<std::string, Provider*> providers, SagaListener listener)
    : store_(store),
      queue_(queue),
      providers_(std::move(providers)),
      listener_(std::move(listener)) {}

Provider* SagaRunner::ProviderFor(const std::string& name) const {
  auto it = providers_.find(name);
  return it == providers_.end() ? nullptr : it->second;
}

absl::Status SagaRunner::EnqueueCreate(store::Tx& tx, const std::string& resource_id) {
  return queue_
      ->EnqueueTx(tx, kCreateJobKind, {{"resource_id", resource_id}},
                  SagaJobOptions("create", resource_id))
      .status();
}

absl::Status SagaRunner::EnqueueUpdate(store::Tx& tx, const std::string& resource_id,
                                       const nlohmann::json& before) {
  return queue_
      ->EnqueueTx(tx, kUpdateJobKind, {{"resource_id", resource_id}, {"before", before}},
                  SagaJobOptions("update", resource_id))
      .status();
}

absl::Status SagaRunner::EnqueueDelete(store::Tx& tx, const std::string& resource_id) {
  return queue_
      ->EnqueueTx(tx, kDeleteJobKind, {{"resource_id", resource_id}},
                  SagaJobOptions("delete", resource_id))
      .status();
}

void SagaRunner::Register(jobs::WorkerPool& pool) {
  pool.Register(kCreateJobKind, [this](jobs::JobContext& ctx) { return RunCreate(ctx.job); });
  pool.Register(kDeleteJobKind, [this](jobs::JobContext& ctx) { return RunDelete(ctx.job); });
  pool.Register(kUpdateJobKind, [this](jobs::JobContext& ctx) { return RunUpdate(ctx.job); });
}

absl::Status SagaRunner::Journal(const Resource& r, const std::string& saga, const Step& step,
                                 const std::string& event, const std::string& provider_id,
                                 const std::string& detail) {
  JournalEntry e{.saga = saga,
                 .step = step.Name(),
                 .event = event,
                 .provider_id = provider_id,
                 .idempotency_key = step.IdempotencyKey(r),
                 .detail = detail};
  RETURN_IF_ERROR(
      store_->db().Transaction([&](store::Tx& tx) { return store_->Append(tx, r.id, e); }));
  Journaled();
  return absl::OkStatus();
}

void SagaRunner::Journaled() {
  if (kill_after_ > 0 && journaled_.fetch_add(1) + 1 == kill_after_) {
    spdlog::warn("resources: killing this process after journal entry {}, as asked", kill_after_);
    raise(SIGKILL);
  }
}

absl::Status SagaRunner::End(const Resource& r, Status status, const std::string& detail) {
  RETURN_IF_ERROR(store_->db().Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_->SetStatus(tx, r.id, status, detail));
    if (status == Status::kReady && connections_) RETURN_IF_ERROR(connections_->PutUrl(tx, r));
    if (listener_.ended) return listener_.ended(tx, r, status, detail);
    return absl::OkStatus();
  }));
  spdlog::info("resources: {} {} ({}) is {}{}", KindName(r.kind), r.name, r.id, StatusName(status),
               detail.empty() ? "" : ": " + detail);
  if (listener_.committed) listener_.committed();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Resource>> SagaRunner::Load(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Resource> found, store_->Get(id));
  if (!found) return found;
  std::vector<Resource> one = {*std::move(found)};
  RETURN_IF_ERROR(store_->FillProjects(one));
  found = std::move(one.front());
  if (!connections_ || found->kind != Kind::kRedis) return found;
  absl::StatusOr<std::string> token = connections_->Token(*found);
  if (token.ok()) {
    found->auth_token = *token;
  } else if (!absl::IsNotFound(token.status())) {
    return token.status();
  }
  return found;
}

absl::Status SagaRunner::RunCreate(const jobs::Job& job) {
  std::string id = job.payload.value("resource_id", "");
  ASSIGN_OR_RETURN(std::optional<Resource> found, Load(id));
  if (!found) return absl::OkStatus();
  Resource r = *found;
  if (r.status != Status::kCreating && r.status != Status::kUndoing) return absl::OkStatus();
  Provider* provider = ProviderFor(r.provider);
  if (!provider) return End(r, Status::kFailed, "no provider named " + r.provider);
  std::vector<std::unique_ptr<Step>> steps = provider->Steps(r);
  ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, store_->Journal(id));
  std::string failure = r.status_detail;
  if (r.status == Status::kCreating) {
    nlohmann::json outputs = r.outputs;
    for (auto& step : steps) {
      std::string last = LastEvent(journal, "create", step->Name());
      if (last == "done") continue;
      if (last.empty()) RETURN_IF_ERROR(Journal(r, "create", *step, "started"));
      absl::StatusOr<StepOutcome> outcome = step->Apply(r, outputs);
      if (!outcome.ok()) {
        std::string why = std::string(outcome.status().message());
        if (IsTransient(outcome.status()) &&
            Count(journal, step->Name(), "retry") < kApplyRetries) {
          RETURN_IF_ERROR(Journal(r, "create", *step, "retry", "", why));
          return outcome.status();
        }
        failure = absl::StrCat(step->Name(), " failed: ", why);
        RETURN_IF_ERROR(Journal(r, "create", *step, "failed", "", why));
        RETURN_IF_ERROR(store_->db().Transaction(
            [&](store::Tx& tx) { return store_->SetStatus(tx, r.id, Status::kUndoing, failure); }));
        r.status = Status::kUndoing;
        break;
      }
      if (!outcome->done) {
        if (last != "waiting") {
          RETURN_IF_ERROR(Journal(r, "create", *step, "waiting", "", outcome->waiting_for));
        }
        return jobs::PollAgain(outcome->poll_after_ms);
      }
      outputs.update(outcome->outputs);
      JournalEntry done{.saga = "create",
                        .step = step->Name(),
                        .event = "done",
                        .provider_id = outcome->provider_id,
                        .idempotency_key = step->IdempotencyKey(r)};
      RETURN_IF_ERROR(store_->db().Transaction([&](store::Tx& tx) -> absl::Status {
        RETURN_IF_ERROR(store_->Append(tx, r.id, done));
        return store_->SetOutputs(tx, r.id, outputs);
      }));
      Journaled();
      r.outputs = outputs;
    }
    if (r.status == Status::kCreating) return End(r, Status::kReady, "");
    ASSIGN_OR_RETURN(journal, store_->Journal(id));
  }
  RETURN_IF_ERROR(Undo(r, steps, journal, "create"));
  if (r.status == Status::kFailed) return absl::OkStatus();  // an undo failed and said so
  return End(r, Status::kFailed, failure);
}

absl::Status SagaRunner::RunDelete(const jobs::Job& job) {
  std::string id = job.payload.value("resource_id", "");
  ASSIGN_OR_RETURN(std::optional<Resource> found, Load(id));
  if (!found || found->status != Status::kDeleting) return absl::OkStatus();
  Resource r = *found;
  Provider* provider = ProviderFor(r.provider);
  if (!provider) return End(r, Status::kFailed, "no provider named " + r.provider);
  std::vector<std::unique_ptr<Step>> steps = provider->Steps(r);
  ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, store_->Journal(id));
  RETURN_IF_ERROR(Undo(r, steps, journal, "delete"));
  if (r.status == Status::kFailed) return absl::OkStatus();
  return End(r, Status::kDeleted, "");
}

absl::Status SagaRunner::JournalUpdate(const Resource& r, const std::string& event,
                                       const std::string& detail) {
  JournalEntry e{.saga = "update", .step = "settings", .event = event, .detail = detail};
  return store_->db().Transaction([&](store::Tx& tx) { return store_->Append(tx, r.id, e); });
}

absl::Status SagaRunner::RunUpdate(const jobs::Job& job) {
  std::string id = job.payload.value("resource_id", "");
  ASSIGN_OR_RETURN(std::optional<Resource> found, Load(id));
  if (!found || found->status != Status::kUpdating) return absl::OkStatus();
  Resource r = *found;
  Provider* provider = ProviderFor(r.provider);
  if (!provider) return absl::FailedPreconditionError("no provider named " + r.provider);
  ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, store_->Journal(id));
  std::string last = LastEvent(journal, "update", "settings");
  if (last == "failed" || last == "restoring") return RunRestore(*provider, r, journal);
  if (last != "started" && last != "waiting" && last != "retry") {
    RETURN_IF_ERROR(JournalUpdate(r, "started"));
  }
  absl::StatusOr<StepOutcome> outcome = provider->Update(r);
  if (outcome.ok() && !outcome->done) {
    if (last != "waiting") RETURN_IF_ERROR(JournalUpdate(r, "waiting", outcome->waiting_for));
    return jobs::PollAgain(outcome->poll_after_ms);
  }
  int retries = 0;  // of this update: since its last start
  for (const JournalEntry& e : journal) {
    if (e.saga == "update") retries = e.event == "started" ? 0 : retries + (e.event == "retry");
  }
  if (!outcome.ok() && IsTransient(outcome.status()) && retries < kApplyRetries) {
    RETURN_IF_ERROR(JournalUpdate(r, "retry", std::string(outcome.status().message())));
    return outcome.status();
  }
  if (outcome.ok()) {
    RETURN_IF_ERROR(JournalUpdate(r, "done"));
    return EndUpdate(r, "");
  }
  // Put the previous settings back: in the row at once, on the provider by RunRestore.
  RETURN_IF_ERROR(JournalUpdate(r, "failed", std::string(outcome.status().message())));
  const nlohmann::json& before = job.payload["before"];
  r.spec = before.value("spec", r.spec);
  r.effective = before.value("effective", r.effective);
  r.outputs = before.value("outputs", r.outputs);
  RETURN_IF_ERROR(store_->db().Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_->SetSpec(tx, id, r.spec, r.effective));
    return store_->SetOutputs(tx, id, r.outputs);
  }));
  ASSIGN_OR_RETURN(journal, store_->Journal(id));
  return RunRestore(*provider, r, journal);
}

absl::Status SagaRunner::RunRestore(Provider& provider, const Resource& r,
                                    const std::vector<JournalEntry>& journal) {
  std::string why;
  for (const JournalEntry& e : journal) {
    if (e.saga == "update" && e.event == "failed") why = e.detail;
  }
  std::string detail = absl::StrCat("the update failed: ", why, "; the previous settings stay");
  absl::StatusOr<StepOutcome> restored = provider.Update(r);
  if (restored.ok() && !restored->done) {  // polled like the update, until the provider is back
    if (LastEvent(journal, "update", "settings") != "restoring") {
      RETURN_IF_ERROR(JournalUpdate(r, "restoring", restored->waiting_for));
    }
    return jobs::PollAgain(restored->poll_after_ms);
  }
  if (!restored.ok() && IsTransient(restored.status())) return restored.status();
  if (!restored.ok() && !absl::IsUnimplemented(restored.status())) {
    absl::StrAppend(&detail, " in Paved, but the provider said: ", restored.status().message());
  }
  return EndUpdate(r, detail);
}

absl::Status SagaRunner::EndUpdate(const Resource& r, const std::string& detail) {
  RETURN_IF_ERROR(store_->db().Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_->SetStatus(tx, r.id, Status::kReady, detail));
    if (listener_.updated) return listener_.updated(tx, r, detail);
    return absl::OkStatus();
  }));
  spdlog::info("resources: {} {} ({}) updated{}", KindName(r.kind), r.name, r.id,
               detail.empty() ? "" : ": " + detail);
  if (listener_.committed) listener_.committed();
  return absl::OkStatus();
}

absl::Status SagaRunner::Undo(Resource& r, std::vector<std::unique_ptr<Step>>& steps,
                              const std::vector<JournalEntry>& journal, const std::string& saga) {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    Step& step = **it;
    if (!Happened(journal, "create", step.Name(), "started") &&
        !Happened(journal, "import", step.Name(), "done")) {
      continue;  // never made, nor adopted
    }
    if (Happened(journal, "create", step.Name(), "undone")) continue;  // a failed creation's undo
    if (Happened(journal, saga, step.Name(), "undone")) continue;
    if (LastEvent(journal, saga, step.Name()) != "undo-started") {
      RETURN_IF_ERROR(Journal(r, saga, step, "undo-started"));
    }
    absl::Status undone = step.Undo(r, ProviderId(journal, step.Name()));
    if (IsTransient(undone)) return undone;  // retried by the queue until the provider answers
    if (!undone.ok()) {
      std::string why = absl::StrCat("could not remove ", step.Name(), ": ", undone.message(),
                                     " (see the journal; an operator must remove it)");
      RETURN_IF_ERROR(Journal(r, saga, step, "undo-failed", "", std::string(undone.message())));
      r.status = Status::kFailed;
      return End(r, Status::kFailed, why);
    }
    RETURN_IF_ERROR(Journal(r, saga, step, "undone"));
  }
  return absl::OkStatus();
}

}  // namespace paved::resources
