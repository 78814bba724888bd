#include "deploy/runtime/local/local_runtime.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/atomic_file.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/process.h"
#include "deploy/spec/cron_schedule.h"
#include "spdlog/spdlog.h"

namespace paved::deploy::runtime::local {
namespace fs = std::filesystem;
namespace {

constexpr int kLogLinesOnFailure = 20;
constexpr int64_t kAliveMeansReadyMs = 1000;
constexpr size_t kKeepCronRuns = 3;  // per cron component, with their logs
constexpr char kSystemPath[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool SafeName(const std::string& s) {
  if (s.empty() || s == "." || s == ".." || s.size() > 200) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

absl::Status CheckNames(const std::string& cluster, const std::string& project) {
  if (!SafeName(cluster)) return absl::InvalidArgumentError("cluster name not usable as a path");
  if (!SafeName(project)) return absl::InvalidArgumentError("project name not usable as a path");
  return absl::OkStatus();
}

// Replaces ${NAME} by env[NAME] ("" when unset).
std::string Substitute(const std::string& in, const std::map<std::string, std::string>& env) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    size_t close = std::string::npos;
    if (in.compare(i, 2, "${") == 0) close = in.find('}', i + 2);
    if (close == std::string::npos) {
      out.push_back(in[i++]);
      continue;
    }
    auto it = env.find(in.substr(i + 2, close - i - 2));
    if (it != env.end()) out += it->second;
    i = close + 1;
  }
  return out;
}

bool Runnable(const spec::Component& c) {
  return c.kind != spec::ComponentKind::kCronJob && !c.local_command.empty();
}

std::vector<std::string> SkipNotes(const spec::AppSpec* spec) {
  std::vector<std::string> notes;
  if (spec == nullptr) return notes;
  for (const spec::Component& c : spec->components) {
    if (!c.local_command.empty()) continue;
    notes.push_back(absl::StrCat("component ", c.name, ": no local.command, not started"));
  }
  return notes;
}

// The minute that contains `ms` (UTC, as a Kubernetes CronJob without a time zone).
absl::CivilMinute MinuteOf(int64_t ms) {
  return absl::ToCivilMinute(absl::FromUnixMillis(ms), absl::UTCTimeZone());
}
int64_t MillisOf(absl::CivilMinute minute) {
  return absl::ToUnixMillis(absl::FromCivil(minute, absl::UTCTimeZone()));
}

// The newest minute in (after, upto] the schedule matches; nullopt when none. Looks back a day at
// most: schedules missed while the server was down run once, like a CronJob's missed start.
std::optional<absl::CivilMinute> LastDueMinute(const spec::CronSchedule& schedule,
                                               absl::CivilMinute after, absl::CivilMinute upto) {
  const absl::CivilMinute oldest = std::max(after + 1, upto - 24 * 60);
  for (absl::CivilMinute m = upto; m >= oldest; --m) {
    if (schedule.Matches(m)) return m;
  }
  return std::nullopt;
}

bool HasRunnable(const spec::AppSpec* spec) {
  return spec != nullptr && std::any_of(spec->components.begin(), spec->components.end(),
                                        [](const spec::Component& c) { return Runnable(c); });
}

// Only what the spec and Paved give, plus a fixed system PATH: nothing of the server's own
// environment (its admin password, keys, cloud credentials, HOME, PATH) reaches a workload. The
// server's PATH is not passed on either: it may name directories of the server's user (root's)
// and differs from one start to the next. The spec's env may set its own PATH.
std::map<std::string, std::string> BaseEnv(const RolloutTarget& t, const std::string& component) {
  std::map<std::string, std::string> env;
  env["PATH"] = kSystemPath;
  env["LANG"] = "C.UTF-8";
  auto it = t.component_env.find(component);
  if (it != t.component_env.end()) {
    for (const auto& [k, v] : it->second) env[k] = v;
  }
  env["PAVED_PROJECT"] = t.project;
  env["PAVED_ENVIRONMENT"] = t.environment;
  env["PAVED_CLUSTER"] = t.cluster.name;
  env["PAVED_COMPONENT"] = component;
  env["PAVED_DEPLOYMENT_ID"] = t.deployment_id;
  return env;
}

// <component>-<deployment id prefix>-<index>, the prefix long enough to be unique.
std::string InstanceName(const ProjectRecord& r, const std::string& component,
                         const std::string& deployment_id, int index) {
  for (size_t len = 6;; ++len) {
    std::string name = absl::StrCat(component, "-", deployment_id.substr(0, len), "-", index);
    bool taken = std::any_of(r.instances.begin(), r.instances.end(), [&](const InstanceRecord& i) {
      return i.name == name && i.deployment_id != deployment_id;
    });
    if (!taken || len >= deployment_id.size()) return name;
  }
}

int64_t Backoff(int crashes, int64_t cap) {
  int shift = std::clamp(crashes - 1, 0, 20);
  return std::min<int64_t>(cap, int64_t{1000} << shift);
}

bool Active(const InstanceRecord& rec) { return rec.state != "failed" && rec.state != "stopped"; }

// Whether a running process is still what was started: same arguments, and the same program
// name (launchers such as pyenv shims exec the program under its full path).
bool SameCommand(const std::vector<std::string>& running, const std::vector<std::string>& argv) {
  if (running.size() != argv.size() || argv.empty()) return false;
  if (fs::path(running[0]).filename() != fs::path(argv[0]).filename()) return false;
  return std::equal(argv.begin() + 1, argv.end(), running.begin() + 1);
}

// Whether the process at rec.pid is the one this record started: the same kernel start time
// (robust to `exec`), or for records without one the same command line.
bool SameProcess(const InstanceRecord& rec) {
  if (rec.process_start != 0) return ProcessStartTime(rec.pid) == rec.process_start;
  return SameCommand(ProcessCmdline(rec.pid), rec.argv);
}

}  // namespace

namespace {

LocalRuntimeOptions WithStateHidden(LocalRuntimeOptions options, const std::string& state_dir) {
  options.sandbox.hidden_paths.push_back(fs::absolute(state_dir).string());
  return options;
}

absl::Status IsolationOf(const Sandbox& sandbox) {
  absl::Status s = CheckSandbox(sandbox);
  if (s.ok()) return s;
  return absl::FailedPreconditionError(absl::StrCat(
      "the local runtime cannot isolate workloads on this machine: ", s.message(),
      ". Run paved serve as root with bubblewrap installed, or (only where every developer may "
      "read Paved's keys) an admin sets local_runtime.unsafe_shared_host: true"));
}

}  // namespace

LocalRuntime::LocalRuntime(std::string state_dir, const Clock* clock, LocalRuntimeOptions options)
    : state_dir_(std::move(state_dir)),
      clock_(clock),
      options_(WithStateHidden(std::move(options), state_dir_)),
      isolation_(IsolationOf(options_.sandbox)) {
  if (!isolation_.ok()) spdlog::warn("{}", std::string(isolation_.message()));
  http::ClientOptions http_options;
  http_options.use_env_proxy = false;
  http_ = http::NewCurlClient(http_options);
  LoadAll();
  supervisor_ = std::thread([this] { Supervise(); });
}

LocalRuntime::~LocalRuntime() {
  {
    absl::MutexLock l(&stop_mu_);
    stopping_ = true;
  }
  supervisor_.join();
}

absl::Status LocalRuntime::Apply(const RolloutTarget& t) {
  if (t.spec == nullptr) return absl::InvalidArgumentError("the local runtime needs the app spec");
  RETURN_IF_ERROR(isolation_);
  ASSIGN_OR_RETURN(Project * p, FindOrCreate(t.cluster.name, t.project));
  absl::MutexLock l(&p->mu);
  ProjectRecord& r = p->record;
  bool started = std::any_of(r.instances.begin(), r.instances.end(), [&](const InstanceRecord& i) {
    return i.deployment_id == t.deployment_id;
  });
  if (started) return absl::OkStatus();
  r.latest_deployment_id = t.deployment_id;
  r.desired.clear();
  std::vector<CronRecord> crons;
  for (const spec::Component& c : t.spec->components) {
    if (Runnable(c)) AddInstances(*p, t, c);
    if (c.kind == spec::ComponentKind::kCronJob) crons.push_back(NewCron(r, t, c));
  }
  r.crons = std::move(crons);
  Save(*p);
  return absl::OkStatus();
}

void LocalRuntime::AddInstances(Project& p, const RolloutTarget& t, const spec::Component& c) {
  int replicas = std::max(1, spec::Resolve(c, t.environment, t.cluster.name).replicas);
  p.record.desired[c.name] = replicas;
  for (int i = 0; i < replicas; ++i) {
    InstanceRecord rec;
    rec.name = InstanceName(p.record, c.name, t.deployment_id, i);
    rec.component = c.name;
    rec.kind = spec::ComponentKindName(c.kind);
    rec.deployment_id = t.deployment_id;
    rec.command = c.local_command;
    rec.env = BaseEnv(t, c.name);
    rec.env["PAVED_INSTANCE"] = rec.name;
    if (c.kind == spec::ComponentKind::kService && c.health) rec.health_path = c.health->path;
    StartInstance(p, rec);
    p.record.instances.push_back(std::move(rec));
  }
}

// The cron of a new deployment keeps the runs (and the minute last looked at) of the one it
// replaces.
CronRecord LocalRuntime::NewCron(const ProjectRecord& r, const RolloutTarget& t,
                                 const spec::Component& c) {
  CronRecord cron{.component = c.name,
                  .deployment_id = t.deployment_id,
                  .schedule = c.schedule,
                  .command = c.local_command,
                  .env = BaseEnv(t, c.name)};
  for (const CronRecord& old : r.crons) {
    if (old.component != c.name) continue;
    cron.checked_minute_ms = old.checked_minute_ms;
    cron.last_schedule_ms = old.last_schedule_ms;
    cron.last_successful_ms = old.last_successful_ms;
    cron.runs = old.runs;
  }
  return cron;
}

// Finishes runs that exited and starts the runs that are due; returns whether anything changed.
bool LocalRuntime::RunCrons(Project& p, int64_t now) {
  bool changed = false;
  const absl::CivilMinute minute = MinuteOf(now);
  for (CronRecord& cron : p.record.crons) {
    for (InstanceRecord& run : cron.runs) {
      if (run.pid <= 0) continue;
      ProcessStatus status = PollProcess(run.pid);
      if (status.alive) continue;
      FinishRun(p, cron, run, status.exit_description, now);
      changed = true;
    }
    if (cron.command.empty() || !cron.disabled.empty()) continue;
    if (cron.checked_minute_ms == 0) {  // from now on; nothing before the deployment runs
      cron.checked_minute_ms = MillisOf(minute);
      changed = true;
      continue;
    }
    if (MillisOf(minute) <= cron.checked_minute_ms) continue;
    const absl::CivilMinute after = MinuteOf(cron.checked_minute_ms);
    cron.checked_minute_ms = MillisOf(minute);
    changed = true;
    absl::StatusOr<spec::CronSchedule> schedule = spec::CronSchedule::Parse(cron.schedule);
    if (!schedule.ok()) {
      cron.disabled = std::string(schedule.status().message());
      continue;
    }
    std::optional<absl::CivilMinute> due = LastDueMinute(*schedule, after, minute);
    if (!due) continue;
    cron.last_schedule_ms = MillisOf(*due);
    bool running = std::any_of(cron.runs.begin(), cron.runs.end(),
                               [](const InstanceRecord& r) { return r.pid > 0; });
    if (running) continue;  // one run at a time (concurrencyPolicy: Forbid)
    StartRun(p, cron, *due, now);
  }
  return changed;
}

void LocalRuntime::StartRun(Project& p, CronRecord& cron, absl::CivilMinute due, int64_t now) {
  InstanceRecord run;
  run.name = absl::StrCat(cron.component, "-",
                          absl::FormatTime("%Y%m%d-%H%M", absl::FromCivil(due, absl::UTCTimeZone()),
                                           absl::UTCTimeZone()));
  run.component = cron.component;
  run.kind = "job";
  run.deployment_id = cron.deployment_id;
  run.command = cron.command;
  run.state = "running";
  run.starts = 1;
  run.started_at_ms = now;
  std::map<std::string, std::string> env = cron.env;
  env["PAVED_INSTANCE"] = run.name;
  for (const std::string& arg : cron.command) run.argv.push_back(Substitute(arg, env));
  const std::string log = LogPath(p, run.name);
  AppendLine(log, absl::StrCat("[paved] starting ", run.name, " (scheduled ", cron.schedule, ")"));
  const std::string work_dir = WorkDir(p, run.name);
  env["HOME"] = work_dir;
  std::string unprepared = PrepareWorkDir(p, work_dir);
  absl::StatusOr<int> pid = !unprepared.empty() ? absl::UnavailableError(unprepared)
                                                : Spawn(p, run.argv, env, log, work_dir);
  if (pid.ok()) {
    run.pid = *pid;
    run.process_start = ProcessStartTime(*pid);
    cron.runs.push_back(std::move(run));
  } else {
    cron.runs.push_back(std::move(run));
    FinishRun(p, cron, cron.runs.back(), std::string(pid.status().message()), now);
  }
  // Keep the newest runs and their logs only.
  while (cron.runs.size() > kKeepCronRuns && cron.runs.front().pid <= 0) {
    std::error_code ignored;
    fs::remove(LogPath(p, cron.runs.front().name), ignored);
    fs::remove(LogPath(p, cron.runs.front().name) + ".1", ignored);
    cron.runs.erase(cron.runs.begin());
  }
}

// `why` is the exit description; "" when the process was not our child (adopted after a
// restart), whose outcome is unknown.
void LocalRuntime::FinishRun(const Project& p, CronRecord& cron, InstanceRecord& run,
                             const std::string& why, int64_t now) {
  run.pid = 0;
  run.last_exit = why.empty() ? "exited (outcome unknown: not started by this server)" : why;
  run.state = why.empty() ? "unknown" : why == "exited with code 0" ? "succeeded" : "failed";
  if (run.state == "succeeded") cron.last_successful_ms = now;
  AppendLine(LogPath(p, run.name), absl::StrCat("[paved] ", run.name, " ", run.last_exit));
  std::error_code ec;
  fs::remove_all(WorkDir(p, run.name), ec);
}

absl::StatusOr<HealthReport> LocalRuntime::Check(const RolloutTarget& t) {
  RETURN_IF_ERROR(CheckNames(t.cluster.name, t.project));
  std::vector<std::string> notes = SkipNotes(t.spec);
  Project* p = Find(t.cluster.name, t.project);
  if (p == nullptr) {
    if (HasRunnable(t.spec)) {
      return absl::FailedPreconditionError("deployment " + t.deployment_id + " was not applied");
    }
    return HealthReport{Health::kHealthy, "nothing to run locally", notes};
  }
  absl::MutexLock l(&p->mu);
  Reconcile(*p);
  return Judge(*p, t, std::move(notes));
}

HealthReport LocalRuntime::Judge(Project& p, const RolloutTarget& t,
                                 std::vector<std::string> notes) {
  HealthReport report;
  report.details = std::move(notes);
  int total = 0, ready = 0;
  const InstanceRecord* failed = nullptr;
  for (const InstanceRecord& rec : p.record.instances) {
    if (rec.deployment_id != t.deployment_id) continue;
    ++total;
    if (rec.state == "ready") ++ready;
    if (rec.state == "failed" && failed == nullptr) failed = &rec;
    report.details.push_back(
        absl::StrCat("instance ", rec.name, ": ", rec.state,
                     rec.last_exit.empty() ? "" : " (last: " + rec.last_exit + ")"));
  }
  if (total == 0 && !HasRunnable(t.spec)) {
    report.health = Health::kHealthy;
    report.message = "nothing to run locally";
    return report;
  }
  if (total == 0) {
    report.health = Health::kFailed;
    report.message =
        "no instances of deployment " + t.deployment_id + " (stopped or never applied)";
    return report;
  }
  if (failed != nullptr) {
    report.health = Health::kFailed;
    report.message = absl::StrCat(failed->name, " ", failed->last_exit, " ",
                                  failed->crashes_before_ready, " times before becoming ready");
    auto tail = TailFile(LogPath(p, failed->name), kLogLinesOnFailure);
    if (tail.ok()) {
      for (absl::string_view line : absl::StrSplit(*tail, '\n', absl::SkipEmpty())) {
        report.details.push_back(absl::StrCat("log: ", line));
      }
    }
    return report;
  }
  report.message = absl::StrCat(ready, "/", total, " instances ready");
  if (ready < total) return report;
  if (t.deployment_id == p.record.latest_deployment_id) {
    ReplaceOthers(p, t.deployment_id);
    p.record.current_deployment_id = t.deployment_id;
    Save(p);
  }
  report.health = Health::kHealthy;
  return report;
}

absl::Status LocalRuntime::Prune(const RolloutTarget& t) {
  RETURN_IF_ERROR(CheckNames(t.cluster.name, t.project));
  Project* p = Find(t.cluster.name, t.project);
  if (p == nullptr) return absl::OkStatus();
  absl::MutexLock l(&p->mu);
  ReplaceOthers(*p, t.deployment_id);
  Save(*p);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Workload>> LocalRuntime::Workloads(const platform::Cluster& cluster,
                                                              const std::string& project,
                                                              const std::string&) {
  RETURN_IF_ERROR(CheckNames(cluster.name, project));
  std::vector<Workload> out;
  Project* p = Find(cluster.name, project);
  if (p == nullptr) return out;
  absl::MutexLock l(&p->mu);
  for (const InstanceRecord& rec : p->record.instances) {
    auto w = std::find_if(out.begin(), out.end(),
                          [&](const Workload& x) { return x.component == rec.component; });
    if (w == out.end()) {
      out.push_back(Workload{rec.component, "process", 0, 0, {}});
      auto d = p->record.desired.find(rec.component);
      if (d != p->record.desired.end()) out.back().desired = d->second;
      w = out.end() - 1;
    }
    if (rec.state == "ready") ++w->ready;
    std::string url = rec.kind == "service" && rec.port > 0 && Active(rec)
                          ? absl::StrCat("http://127.0.0.1:", rec.port)
                          : std::string();
    w->instances.push_back(
        Instance{rec.name, rec.state, rec.restarts, url, rec.deployment_id, rec.started_at_ms});
  }
  for (const CronRecord& c : p->record.crons) {
    Workload cron{c.component, "CronJob", 0, 0, {}};
    cron.schedule = c.schedule;
    cron.last_schedule_ms = c.last_schedule_ms;
    cron.last_successful_ms = c.last_successful_ms;
    for (auto run = c.runs.rbegin(); run != c.runs.rend(); ++run) {  // newest first
      cron.instances.push_back(
          Instance{run->name, run->state, 0, "", run->deployment_id, run->started_at_ms});
    }
    out.push_back(std::move(cron));
  }
  return out;
}

absl::Status LocalRuntime::Stop(const platform::Cluster& cluster, const std::string& project) {
  RETURN_IF_ERROR(CheckNames(cluster.name, project));
  Project* p = Find(cluster.name, project);
  if (p == nullptr) return absl::OkStatus();
  absl::MutexLock l(&p->mu);
  StopWhere(*p, [](const InstanceRecord&) { return true; });
  StopCronRuns(*p);
  p->record.crons.clear();
  p->record.desired.clear();
  p->record.current_deployment_id.clear();
  Save(*p);
  return absl::OkStatus();
}

absl::StatusOr<std::string> LocalRuntime::Logs(const platform::Cluster& cluster,
                                               const std::string& project,
                                               const std::string& instance, int tail_lines) {
  RETURN_IF_ERROR(CheckNames(cluster.name, project));
  if (!SafeName(instance)) return absl::InvalidArgumentError("instance name not usable");
  std::string path = (fs::path(state_dir_) / cluster.name / project / (instance + ".log")).string();
  const int lines = std::clamp(tail_lines, 1, 100000);
  auto tail = TailFile(path, lines);
  if (!tail.ok()) return absl::NotFoundError("no logs for instance " + instance);
  int have = static_cast<int>(std::count(tail->begin(), tail->end(), '\n'));
  if (have >= lines) return tail;
  auto older = TailFile(path + ".1", lines - have);  // rotated away
  return older.ok() ? *older + *tail : *tail;
}

void LocalRuntime::StopAll() {
  std::vector<Project*> all;
  {
    absl::MutexLock l(&mu_);
    for (auto& [key, p] : projects_) all.push_back(p.get());
  }
  for (Project* p : all) {
    absl::MutexLock l(&p->mu);
    StopWhere(*p, [](const InstanceRecord&) { return true; });
    StopCronRuns(*p);
    p->record.crons.clear();
    p->record.desired.clear();
    p->record.current_deployment_id.clear();
    Save(*p);
  }
}

int LocalRuntime::RunningProcesses() {
  std::vector<Project*> all;
  {
    absl::MutexLock l(&mu_);
    for (auto& [key, p] : projects_) all.push_back(p.get());
  }
  int running = 0;
  for (Project* p : all) {
    absl::MutexLock l(&p->mu);
    for (const InstanceRecord& rec : p->record.instances) {
      if (rec.pid > 0 && PollProcess(rec.pid).alive) ++running;
    }
    for (const CronRecord& cron : p->record.crons) {
      for (const InstanceRecord& run : cron.runs) {
        if (run.pid > 0 && PollProcess(run.pid).alive) ++running;
      }
    }
  }
  return running;
}

// ---- supervision ----

void LocalRuntime::Reconcile(Project& p) {
  int64_t now = clock_->NowMs();
  bool changed = false;
  for (InstanceRecord& rec : p.record.instances) {
    if (Active(rec) && PollInstance(p, rec, now)) changed = true;
    if (rec.pid > 0) RotateLogIfLarger(LogPath(p, rec.name), options_.max_log_bytes);
  }
  if (RunCrons(p, now)) changed = true;
  if (changed) Save(p);
}

// Returns whether `rec` changed.
bool LocalRuntime::PollInstance(const Project& p, InstanceRecord& rec, int64_t now) {
  if (rec.pid <= 0) {
    if (rec.state != "crashed" || now < rec.next_start_ms) return false;
    StartInstance(p, rec);
    return true;
  }
  ProcessStatus status = PollProcess(rec.pid);
  if (!status.alive) {
    OnExit(p, rec, status.exit_description.empty() ? "exited" : status.exit_description);
    return true;
  }
  if (rec.state != "starting" || !Ready(rec)) return false;
  rec.state = "ready";
  rec.ever_ready = true;
  rec.consecutive_crashes = 0;
  return true;
}

bool LocalRuntime::Ready(const InstanceRecord& rec) {
  if (rec.health_path.empty()) return clock_->NowMs() - rec.started_at_ms >= kAliveMeansReadyMs;
  std::string path =
      absl::StartsWith(rec.health_path, "/") ? rec.health_path : "/" + rec.health_path;
  auto response = http_->Send("GET", absl::StrCat("http://127.0.0.1:", rec.port, path), {}, "",
                              options_.health_timeout);
  return response.ok() && response->status >= 200 && response->status < 400;
}

void LocalRuntime::StartInstance(const Project& p, InstanceRecord& rec) {
  if (rec.port <= 0 || !PortFree(rec.port)) {
    auto port = PickFreePort();
    if (!port.ok()) return OnExit(p, rec, std::string(port.status().message()));
    rec.port = *port;
  }
  std::map<std::string, std::string> env = rec.env;
  env["PORT"] = std::to_string(rec.port);
  std::vector<std::string> argv;
  for (const std::string& arg : rec.command) argv.push_back(Substitute(arg, env));
  std::string log = LogPath(p, rec.name);
  AppendLine(log, absl::StrCat("[paved] starting ", rec.name, " on port ", rec.port));
  if (rec.starts > 0) ++rec.restarts;
  ++rec.starts;
  rec.state = "starting";
  rec.started_at_ms = clock_->NowMs();
  rec.argv = argv;
  std::string work_dir = WorkDir(p, rec.name);
  if (!env.count("HOME")) env["HOME"] = work_dir;
  std::string unprepared = PrepareWorkDir(p, work_dir);
  if (!unprepared.empty()) return OnExit(p, rec, unprepared);
  auto pid = Spawn(p, argv, env, log, work_dir);
  if (!pid.ok()) return OnExit(p, rec, std::string(pid.status().message()));
  rec.pid = *pid;
  rec.process_start = ProcessStartTime(*pid);
}

void LocalRuntime::OnExit(const Project& p, InstanceRecord& rec, const std::string& why) {
  rec.pid = 0;
  rec.last_exit = why;
  AppendLine(LogPath(p, rec.name), absl::StrCat("[paved] ", rec.name, " ", why));
  int crashes = 0;
  if (!rec.ever_ready) {
    crashes = ++rec.crashes_before_ready;
    if (crashes >= options_.max_crashes_before_ready) {
      rec.state = "failed";
      return;
    }
  } else {
    crashes = ++rec.consecutive_crashes;
  }
  rec.state = "crashed";
  rec.next_start_ms = clock_->NowMs() + Backoff(crashes, options_.backoff_cap_ms);
}

template <typename Pred>
void LocalRuntime::StopWhere(Project& p, Pred drop) {
  std::vector<int> pids;
  for (const InstanceRecord& rec : p.record.instances) {
    if (drop(rec) && rec.pid > 0) pids.push_back(rec.pid);
  }
  StopProcessGroups(pids, options_.stop_grace_ms);
  for (const InstanceRecord& rec : p.record.instances) {
    if (!drop(rec)) continue;
    AppendLine(LogPath(p, rec.name), absl::StrCat("[paved] ", rec.name, " stopped"));
    std::error_code ec;
    fs::remove_all(WorkDir(p, rec.name), ec);
  }
  std::erase_if(p.record.instances, drop);
}

void LocalRuntime::ReplaceOthers(Project& p, const std::string& deployment_id) {
  std::vector<const InstanceRecord*> failed;
  for (const InstanceRecord& rec : p.record.instances) {
    if (rec.deployment_id != deployment_id && rec.state == "failed") failed.push_back(&rec);
  }
  std::stable_sort(failed.begin(), failed.end(), [](const auto* a, const auto* b) {
    return a->started_at_ms > b->started_at_ms;
  });
  std::set<std::string> kept;
  for (size_t i = 0; i < failed.size() && i < static_cast<size_t>(kFailedKept); ++i)
    kept.insert(failed[i]->name);
  StopWhere(p, [&](const InstanceRecord& r) {
    return r.deployment_id != deployment_id && !kept.contains(r.name);
  });
}

void LocalRuntime::Supervise() {
  while (true) {
    {
      absl::MutexLock l(&stop_mu_);
      if (stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                    absl::Milliseconds(options_.tick.count()))) {
        return;
      }
    }
    std::vector<Project*> all;
    {
      absl::MutexLock l(&mu_);
      for (auto& [key, p] : projects_) all.push_back(p.get());
    }
    for (Project* p : all) {
      absl::MutexLock l(&p->mu);
      Reconcile(*p);
    }
  }
}

// ---- state ----

std::string LocalRuntime::LogPath(const Project& p, const std::string& instance) const {
  return (fs::path(p.dir) / (instance + ".log")).string();
}

std::string LocalRuntime::WorkDir(const Project& p, const std::string& instance) const {
  return (fs::path(p.dir) / "work" / instance).string();
}

std::string LocalRuntime::PrepareWorkDir(const Project& p, const std::string& work_dir) {
  std::error_code ec;
  fs::create_directories(work_dir, ec);
  if (ec) return "cannot create " + work_dir + ": " + ec.message();
  if (options_.sandbox.mode == Sandbox::Mode::kIsolated &&
      chown(work_dir.c_str(), p.uid, p.uid) != 0) {
    return absl::StrCat("cannot give ", work_dir, " to user ", p.uid, ": ", strerror(errno));
  }
  return "";
}

absl::StatusOr<int> LocalRuntime::Spawn(const Project& p, const std::vector<std::string>& argv,
                                        const std::map<std::string, std::string>& env,
                                        const std::string& log, const std::string& work_dir) {
  RETURN_IF_ERROR(isolation_);
  return SpawnProcess(SandboxedCommand(options_.sandbox, p.uid, fs::absolute(work_dir), argv), env,
                      log, work_dir);
}

LocalRuntime::Project* LocalRuntime::Find(const std::string& cluster, const std::string& project) {
  absl::MutexLock l(&mu_);
  auto it = projects_.find({cluster, project});
  return it == projects_.end() ? nullptr : it->second.get();
}

absl::StatusOr<LocalRuntime::Project*> LocalRuntime::FindOrCreate(const std::string& cluster,
                                                                  const std::string& project,
                                                                  uint32_t stored_uid) {
  RETURN_IF_ERROR(CheckNames(cluster, project));
  absl::MutexLock l(&mu_);
  std::unique_ptr<Project>& slot = projects_[{cluster, project}];
  if (slot == nullptr) {
    // Each project its own user: a loaded one keeps its user, a new one takes the next.
    uint32_t highest = options_.sandbox.uid_base;
    bool stored_taken = false;
    for (const auto& [key, other] : projects_) {
      if (other == nullptr) continue;
      highest = std::max(highest, other->uid);
      stored_taken = stored_taken || other->uid == stored_uid;
    }
    auto p = std::make_unique<Project>();
    p->uid = stored_uid > options_.sandbox.uid_base && !stored_taken ? stored_uid : highest + 1;
    p->dir = (fs::path(state_dir_) / cluster / project).string();
    std::error_code ec;
    fs::create_directories(p->dir, ec);
    if (ec) {
      projects_.erase({cluster, project});
      return absl::UnavailableError("cannot create " + p->dir + ": " + ec.message());
    }
    absl::MutexLock pl(&p->mu);
    p->record.cluster = cluster;
    p->record.project = project;
    p->record.uid = p->uid;
    slot = std::move(p);
  }
  return slot.get();
}

std::string LocalRuntime::Notice() const {
  if (!isolation_.ok()) return std::string(isolation_.message());
  if (options_.sandbox.mode == Sandbox::Mode::kSharedHost) {
    return "workloads on this runtime run unisolated as the server's user "
           "(local_runtime.unsafe_shared_host): they can read Paved's data and each other's";
  }
  return "";
}

void LocalRuntime::Save(Project& p) {
  absl::StatusOr<nlohmann::json> state = ProjectRecordToJson(p.record, options_.seal);
  absl::Status s = state.status();
  if (state.ok()) {
    s = WriteFileAtomically((fs::path(p.dir) / "state.json").string(), state->dump(2));
  }
  if (!s.ok()) spdlog::warn("local runtime: cannot save state: {}", s.ToString());
}

void LocalRuntime::LoadAll() {
  std::error_code ec;
  for (const auto& cluster : fs::directory_iterator(state_dir_, ec)) {
    std::error_code ec2;
    for (const auto& project : fs::directory_iterator(cluster.path(), ec2)) {
      std::ifstream in(project.path() / "state.json");
      if (!in) continue;
      nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
      auto record = ProjectRecordFromJson(j, options_.unseal);
      if (!record.ok()) continue;
      auto p = FindOrCreate(record->cluster, record->project, record->uid);
      if (!p.ok()) continue;
      absl::MutexLock l(&(*p)->mu);
      record->uid = (*p)->uid;
      (*p)->record = std::move(*record);
      Adopt(**p);
    }
  }
}

void LocalRuntime::StopCronRuns(Project& p) {
  std::vector<int> pids;
  for (CronRecord& cron : p.record.crons) {
    for (InstanceRecord& run : cron.runs) {
      if (run.pid > 0) pids.push_back(run.pid);
    }
  }
  StopProcessGroups(pids, options_.stop_grace_ms);
  int64_t now = clock_->NowMs();
  for (CronRecord& cron : p.record.crons) {
    for (InstanceRecord& run : cron.runs) {
      if (run.pid > 0) FinishRun(p, cron, run, "stopped", now);
    }
  }
}

void LocalRuntime::Adopt(Project& p) {
  int64_t now = clock_->NowMs();
  // A run still going is followed to its end (its exit code is then unknown); one that is gone
  // ended while the server was down.
  for (CronRecord& cron : p.record.crons) {
    for (InstanceRecord& run : cron.runs) {
      if (run.pid > 0 && !(PollProcess(run.pid).alive && SameProcess(run))) {
        FinishRun(p, cron, run, "", now);
      }
    }
  }
  for (InstanceRecord& rec : p.record.instances) {
    if (rec.pid <= 0 || !Active(rec)) continue;
    if (PollProcess(rec.pid).alive && SameProcess(rec)) continue;
    rec.pid = 0;
    rec.state = "crashed";  // restarted by the next reconcile, without counting a crash
    rec.next_start_ms = now;
  }
  Save(p);
}

}  // namespace paved::deploy::runtime::local
