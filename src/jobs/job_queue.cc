#include "jobs/job_queue.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::jobs {
namespace {

using store::Engine;
using store::Params;
using store::ResultSet;
using store::Row;
using store::Tx;

constexpr char kColumns[] =
    "id, kind, payload, state, attempts, max_attempts, run_at, lease_owner, lease_until, "
    "last_error, created_at, updated_at, finished_at";
constexpr int64_t kMaxBackoffMs = 3'600'000;
constexpr int kMaxListLimit = 500;
constexpr int kEnqueueRetries = 3;
// Claim marks at most this many expired last attempts dead before giving up for this call.
constexpr int kMaxDeadPerClaim = 16;

JobState StateFromName(const std::string& name) {
  if (name == "queued") return JobState::kQueued;
  if (name == "running") return JobState::kRunning;
  if (name == "succeeded") return JobState::kSucceeded;
  return JobState::kDead;
}

Job RowToJob(const Row& row) {
  Job job;
  job.id = row.Text("id");
  job.kind = row.Text("kind");
  job.payload = nlohmann::json::parse(row.Text("payload"), nullptr, /*allow_exceptions=*/false);
  if (job.payload.is_discarded()) job.payload = row.Text("payload");
  job.state = StateFromName(row.Text("state"));
  job.attempts = static_cast<int>(row.Int("attempts"));
  job.max_attempts = static_cast<int>(row.Int("max_attempts"));
  job.run_at_ms = row.Int("run_at");
  job.lease_owner = row.Text("lease_owner");
  job.lease_until_ms = row.Int("lease_until");
  job.last_error = row.Text("last_error");
  job.created_at_ms = row.Int("created_at");
  job.updated_at_ms = row.Int("updated_at");
  if (!row.IsNull("finished_at")) job.finished_at_ms = row.Int("finished_at");
  return job;
}

int64_t BackoffMs(int64_t base_ms, int attempts) {
  int64_t delay = std::max<int64_t>(base_ms, 0);
  for (int i = 1; i < attempts && delay < kMaxBackoffMs; ++i) delay *= 2;
  return std::min(delay, kMaxBackoffMs);
}

// SQL and parameters selecting the oldest claimable job of `kinds` at `now`.
std::string DueJobSql(const Tx& tx, const std::vector<std::string>& kinds, Params& params) {
  std::string sql = absl::StrCat(
      "SELECT id, state, attempts, max_attempts, lease_owner FROM jobs WHERE ",
      "((state = 'queued' AND run_at <= $1) OR (state = 'running' AND lease_until <= $1))");
  if (!kinds.empty()) {
    absl::StrAppend(&sql, " AND kind IN (");
    for (size_t i = 0; i < kinds.size(); ++i) {
      params.push_back(kinds[i]);
      absl::StrAppend(&sql, i ? ", $" : "$", params.size());
    }
    absl::StrAppend(&sql, ")");
  }
  absl::StrAppend(&sql, " ORDER BY run_at, id LIMIT 1", tx.ForUpdateSkipLocked());
  return sql;
}

absl::StatusOr<std::optional<Job>> ClaimInTx(Tx& tx, int64_t now, const std::string& worker,
                                             int64_t lease_ms,
                                             const std::vector<std::string>& kinds) {
  for (int i = 0; i < kMaxDeadPerClaim; ++i) {
    Params params = {now};
    std::string sql = DueJobSql(tx, kinds, params);
    ASSIGN_OR_RETURN(ResultSet due, tx.Query(sql, params));
    if (due.empty()) return std::nullopt;
    const Row& row = due.front();
    if (row.Text("state") == "running" && row.Int("attempts") >= row.Int("max_attempts")) {
      // Its worker died during the last attempt: give up rather than retry forever.
      RETURN_IF_ERROR(tx.Query("UPDATE jobs SET state = 'dead', last_error = $1, lease_until = 0, "
                               "finished_at = $2, updated_at = $2 WHERE id = $3",
                               {absl::StrCat("lease of ", row.Text("lease_owner"),
                                             " expired during the last attempt"),
                                now, row.Text("id")})
                          .status());
      continue;
    }
    ASSIGN_OR_RETURN(
        ResultSet claimed,
        tx.Query(absl::StrCat("UPDATE jobs SET state = 'running', attempts = attempts + 1, "
                              "lease_owner = $1, lease_until = $2, updated_at = $3, run_again = 0 "
                              "WHERE id = $4 "
                              "RETURNING ",
                              kColumns),
                 {worker, now + lease_ms, now, row.Text("id")}));
    if (claimed.empty()) return absl::InternalError("claimed job vanished");
    return RowToJob(claimed.front());
  }
  return std::nullopt;
}

// Why `worker` could not act on `job_id`: NotFound, or FailedPrecondition naming the holder.
absl::Status LeaseLost(store::Store* store, const std::string& job_id, const std::string& worker) {
  ASSIGN_OR_RETURN(ResultSet found,
                   store->Query("SELECT state, lease_owner FROM jobs WHERE id = $1", {job_id}));
  if (found.empty()) return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  return absl::FailedPreconditionError(absl::StrCat(
      "job ", job_id, " is not leased to ", worker, " (state ", found.front().Text("state"),
      ", lease owner '", found.front().Text("lease_owner"), "')"));
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kDead:
      return "dead";
  }
  return "dead";
}

absl::StatusOr<Job> JobQueue::Enqueue(const std::string& kind, const nlohmann::json& payload,
                                      const EnqueueOptions& options) {
  absl::StatusOr<Job> job;
  RETURN_IF_ERROR(store_->Transaction([&](Tx& tx) {
    job = EnqueueTx(tx, kind, payload, options);
    return job.status();
  }));
  return job;
}

absl::StatusOr<Job> JobQueue::EnqueueTx(Tx& tx, const std::string& kind,
                                        const nlohmann::json& payload,
                                        const EnqueueOptions& options) {
  if (kind.empty()) return absl::InvalidArgumentError("job kind is empty");
  if (options.max_attempts < 1) return absl::InvalidArgumentError("max_attempts must be >= 1");
  int64_t now = clock_->NowMs();
  std::string body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string insert = absl::StrCat(
      "INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_at, dedupe_key, "
      "created_at, updated_at) VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $7, $7)",
      options.dedupe_key ? " ON CONFLICT DO NOTHING" : "", " RETURNING ", kColumns);
  for (int attempt = 0; attempt < kEnqueueRetries; ++attempt) {
    ASSIGN_OR_RETURN(ResultSet inserted,
                     tx.Query(insert, {NewId(), kind, body, int64_t{options.max_attempts},
                                       now + std::max<int64_t>(options.delay_ms, 0),
                                       store::OptText(options.dedupe_key), now}));
    if (!inserted.empty()) return RowToJob(inserted.front());
    // Deduplicated: hand back the live job holding the key.
    ASSIGN_OR_RETURN(ResultSet existing,
                     tx.Query(absl::StrCat("SELECT ", kColumns,
                                           " FROM jobs WHERE dedupe_key = $1 AND state IN "
                                           "('queued', 'running')"),
                              {*options.dedupe_key}));
    if (existing.empty()) continue;  // it finished meanwhile: insert again
    Job job = RowToJob(existing.front());
    if (!options.run_again_if_running || job.state != JobState::kRunning) return job;
    // If it finished meanwhile, nothing matches and the loop inserts a new job.
    ASSIGN_OR_RETURN(
        ResultSet marked,
        tx.Query("UPDATE jobs SET run_again = 1 WHERE id = $1 AND state = 'running'", {job.id}));
    if (marked.affected > 0) return job;
  }
  return absl::AbortedError("enqueue: dedupe key kept changing hands; retry");
}

absl::StatusOr<std::optional<Job>> JobQueue::Claim(const std::string& worker, int64_t lease_ms,
                                                   const std::vector<std::string>& kinds) {
  if (worker.empty()) return absl::InvalidArgumentError("worker id is empty");
  absl::StatusOr<std::optional<Job>> claimed;
  RETURN_IF_ERROR(store_->Transaction([&](Tx& tx) {
    claimed = ClaimInTx(tx, clock_->NowMs(), worker, lease_ms, kinds);
    return claimed.status();
  }));
  return claimed;
}

absl::Status JobQueue::Heartbeat(const std::string& job_id, const std::string& worker,
                                 int64_t lease_ms) {
  int64_t now = clock_->NowMs();
  ASSIGN_OR_RETURN(ResultSet updated,
                   store_->Query("UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 "
                                 "AND state = 'running' AND lease_owner = $4",
                                 {now + lease_ms, now, job_id, worker}));
  if (updated.affected == 0) return LeaseLost(store_, job_id, worker);
  return absl::OkStatus();
}

absl::Status JobQueue::Complete(const std::string& job_id, const std::string& worker) {
  int64_t now = clock_->NowMs();
  ASSIGN_OR_RETURN(ResultSet updated,
                   store_->Query(
                       // run_again: queued again as a fresh job, due now.
                       "UPDATE jobs SET state = CASE WHEN run_again = 1 THEN 'queued' ELSE "
                       "'succeeded' END, attempts = CASE WHEN run_again = 1 THEN 0 ELSE attempts "
                       "END, run_at = CASE WHEN run_again = 1 THEN $1 ELSE run_at END, "
                       "finished_at = CASE WHEN run_again = 1 THEN NULL ELSE $1 END, "
                       "lease_owner = CASE WHEN run_again = 1 THEN '' ELSE lease_owner END, "
                       "lease_until = 0, run_again = 0, updated_at = $1 WHERE id = $2 AND "
                       "state = 'running' AND lease_owner = $3",
                       {now, job_id, worker}));
  if (updated.affected == 0) return LeaseLost(store_, job_id, worker);
  return absl::OkStatus();
}

absl::Status JobQueue::Fail(const std::string& job_id, const std::string& worker,
                            const std::string& error, int64_t base_backoff_ms,
                            std::optional<int64_t> delay_ms) {
  int64_t now = clock_->NowMs();
  bool lost = false;
  RETURN_IF_ERROR(store_->Transaction([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(ResultSet held,
                     tx.Query(absl::StrCat("SELECT attempts, max_attempts FROM jobs WHERE id = $1 "
                                           "AND state = 'running' AND lease_owner = $2",
                                           tx.ForUpdate()),
                              {job_id, worker}));
    if (held.empty()) {
      lost = true;
      return absl::OkStatus();
    }
    int attempts = static_cast<int>(held.front().Int("attempts"));
    if (attempts >= held.front().Int("max_attempts")) {
      return tx
          .Query(
              "UPDATE jobs SET state = 'dead', last_error = $1, lease_until = 0, "
              "finished_at = $2, updated_at = $2 WHERE id = $3",
              {error, now, job_id})
          .status();
    }
    return tx
        .Query(
            "UPDATE jobs SET state = 'queued', last_error = $1, run_at = $2, lease_owner = '', "
            "lease_until = 0, run_again = 0, updated_at = $3 WHERE id = $4",
            {error, now + delay_ms.value_or(BackoffMs(base_backoff_ms, attempts)), now, job_id})
        .status();
  }));
  if (lost) return LeaseLost(store_, job_id, worker);
  return absl::OkStatus();
}

absl::Status JobQueue::Reschedule(const std::string& job_id, const std::string& worker,
                                  int64_t delay_ms) {
  int64_t now = clock_->NowMs();
  ASSIGN_OR_RETURN(
      ResultSet updated,
      store_->Query(
          "UPDATE jobs SET state = 'queued', attempts = attempts - 1, last_error = '', "
          "run_at = $1, lease_owner = '', lease_until = 0, run_again = 0, updated_at = $2 "
          "WHERE id = $3 AND state = 'running' AND lease_owner = $4",
          {now + delay_ms, now, job_id, worker}));
  if (updated.affected == 0) return LeaseLost(store_, job_id, worker);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Job>> JobQueue::Get(const std::string& job_id) {
  ASSIGN_OR_RETURN(
      ResultSet found,
      store_->Query(absl::StrCat("SELECT ", kColumns, " FROM jobs WHERE id = $1"), {job_id}));
  if (found.empty()) return std::nullopt;
  return RowToJob(found.front());
}

absl::StatusOr<std::vector<Job>> JobQueue::List(std::optional<JobState> state, int limit,
                                                const std::string& cursor) {
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM jobs WHERE 1 = 1");
  Params params;
  if (state) {
    params.emplace_back(std::in_place_type<std::string>, JobStateName(*state));
    absl::StrAppend(&sql, " AND state = $", params.size());
  }
  if (!cursor.empty()) {
    params.push_back(cursor);
    absl::StrAppend(&sql, " AND id < $", params.size());
  }
  params.push_back(int64_t{std::clamp(limit, 1, kMaxListLimit)});
  absl::StrAppend(&sql, " ORDER BY id DESC LIMIT $", params.size());
  ASSIGN_OR_RETURN(ResultSet rows, store_->Query(sql, params));
  std::vector<Job> jobs;
  jobs.reserve(rows.rows.size());
  for (const Row& row : rows.rows) jobs.push_back(RowToJob(row));
  return jobs;
}

absl::StatusOr<std::set<std::string>> JobQueue::QueuedDedupeKeys(
    store::Tx& tx, const std::vector<std::string>& dedupe_keys) {
  std::set<std::string> found;
  RETURN_IF_ERROR(store::QueryInChunks(
      tx, "SELECT dedupe_key FROM jobs WHERE state = 'queued' AND dedupe_key IN (", dedupe_keys,
      ")", [&](const store::Row& row) { found.insert(row.Text("dedupe_key")); }));
  return found;
}

absl::StatusOr<int64_t> JobQueue::Depth() {
  ASSIGN_OR_RETURN(ResultSet count,
                   store_->Query("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', "
                                 "'running')"));
  return count.front().Int("n");
}

nlohmann::json JobToJson(const Job& job) {
  auto time_or_null = [](int64_t ms) -> nlohmann::json {
    return ms > 0 ? nlohmann::json(FormatTimeMs(ms)) : nlohmann::json(nullptr);
  };
  return {
      {"id", job.id},
      {"kind", job.kind},
      {"payload", job.payload},
      {"state", JobStateName(job.state)},
      {"attempts", job.attempts},
      {"max_attempts", job.max_attempts},
      {"run_at", time_or_null(job.run_at_ms)},
      {"lease_owner", job.lease_owner},
      {"lease_until", time_or_null(job.lease_until_ms)},
      {"last_error", job.last_error},
      {"created_at", time_or_null(job.created_at_ms)},
      {"updated_at", time_or_null(job.updated_at_ms)},
      {"finished_at", job.finished_at_ms ? time_or_null(*job.finished_at_ms) : nullptr},
  };
}

namespace {
constexpr char kRetryAfterPayload[] = "paved.dev/retry-after-ms";
constexpr char kPollAgainPayload[] = "paved.dev/poll-again-ms";

std::optional<int64_t> PayloadMs(const absl::Status& status, const char* key) {
  auto payload = status.GetPayload(key);
  int64_t ms = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &ms)) return std::nullopt;
  return ms;
}
}  // namespace

absl::Status RetryAfter(absl::Status status, int64_t delay_ms) {
  status.SetPayload(kRetryAfterPayload, absl::Cord(std::to_string(delay_ms)));
  return status;
}

std::optional<int64_t> RetryDelayMs(const absl::Status& status) {
  return PayloadMs(status, kRetryAfterPayload);
}

absl::Status RetryTransient(absl::Status status, int attempts) {
  constexpr int64_t kMaxPeerWaitMs = 60'000;
  if (RetryDelayMs(status)) return status;
  if (status.code() != absl::StatusCode::kUnavailable &&
      status.code() != absl::StatusCode::kDeadlineExceeded) {
    return status;
  }
  int shift = std::clamp(attempts, 0, 6);
  return RetryAfter(std::move(status), std::min(kMaxPeerWaitMs, int64_t{1000} << shift));
}

absl::Status PollAgain(int64_t delay_ms) {
  absl::Status status = absl::UnavailableError("not finished yet: poll again");
  status.SetPayload(kPollAgainPayload, absl::Cord(std::to_string(delay_ms)));
  return status;
}

std::optional<int64_t> PollDelayMs(const absl::Status& status) {
  return PayloadMs(status, kPollAgainPayload);
}

}  // namespace paved::jobs
