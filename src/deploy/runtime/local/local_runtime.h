#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "core/clock.h"
#include "deploy/runtime/local/local_state.h"
#include "deploy/runtime/local/sandbox.h"
#include "deploy/runtime/runtime.h"
#include "http/client.h"

namespace paved::deploy::runtime::local {

struct LocalRuntimeOptions {
  std::chrono::milliseconds tick{250};             // supervisor period
  std::chrono::milliseconds health_timeout{1000};  // one health-check request
  int stop_grace_ms = 5000;                        // SIGTERM, then SIGKILL after this
  int max_crashes_before_ready = 3;                // then the instance (and rollout) failed
  int64_t backoff_cap_ms = 30000;                  // restart delays: 1 s, 2 s, 4 s ... cap
  int64_t max_log_bytes = 1 << 20;                 // per instance log file; then rotated to <log>.1
  // Seal/unseal each instance's environment in the state file (the server encrypts with its
  // secret key ring, see sealing.h). Both unset: the environment is stored in the clear.
  SealFunction seal;
  SealFunction unseal;
  // How processes are kept apart from Paved and each other (see sandbox.h). The runtime's own
  // state directory is always among the hidden paths; each project gets its own user.
  Sandbox sandbox;
};

// Runs each service/worker component's `local.command` as supervised processes on this machine,
// each isolated as options.sandbox says: as the project's own unprivileged user, seeing neither
// Paved's data nor other instances. When that isolation cannot be set up here (Isolation() not
// OK), Apply refuses and nothing new is started.
//
// Apply starts `replicas` new instances per component for the deployment (each in its own
// session/process group, PORT = a free 127.0.0.1 port, env = the component's environment +
// PAVED_PROJECT/ENVIRONMENT/CLUSTER/COMPONENT/DEPLOYMENT_ID/INSTANCE + a fixed system PATH,
// LANG=C.UTF-8 and HOME = the instance's working directory unless the component sets them;
// nothing of the server's own environment; `${PORT}` and `${NAME}` in the command are
// replaced by those values, unknown names by ""). The command is executed directly (no shell),
// in its own working directory <state_dir>/<cluster>/<project>/work/<instance> (created at start,
// removed when the instance is stopped). Output goes to <state_dir>/<cluster>/<project>/
// <instance>.log; the supervisor rotates it to <instance>.log.1 beyond max_log_bytes (so at most
// twice that is kept per instance), and Logs() reads across both. Cron components with a
// local.command run once per scheduled minute (UTC, from the Apply on; a schedule missed while
// the server was down runs once), one run at a time, with the component's environment and no
// PORT; Workloads() shows them as kind "CronJob" with their last runs (jobs, newest first), and
// the last few runs keep their logs.
//
// Check: an instance is ready when GET http://127.0.0.1:<port><health.path> answers 2xx/3xx
// (services with a health path) or when it has stayed up 1 s (others). When every instance of the
// deployment is ready, the instances of other deployments are stopped (SIGTERM to the group,
// SIGKILL after 5 s) and the rollout is healthy; failed instances of other deployments (no
// process left) stay listed, the newest kFailedKept of them, so Workloads() and Logs() still show
// what failed after a rollback replaced it. An instance that exits before it was ever ready
// is restarted after 1 s, 2 s, 4 s ...; the third such exit fails the rollout (details hold the
// last log lines). A supervisor thread restarts crashed instances (backoff capped at 30 s) and
// counts restarts.
//
// State (pids, ports, deployment ids, and each instance's environment, secrets included) is
// kept in <state_dir>/<cluster>/<project>/state.json (mode 0600, written atomically); with
// options.seal the environments are sealed in it (a state that cannot be sealed is not written).
// Processes outlive this object: the destructor stops only the supervisor; a new LocalRuntime on
// the same directory re-adopts instances whose pid is alive and is the same process (same kernel
// start time, so commands that `exec` another program are kept; same command line for state
// written before start times were recorded) and restarts the others. An instance whose sealed
// environment cannot be opened is marked failed, never restarted without its environment.
// StopAll() stops every process.
class LocalRuntime : public Runtime {
 public:
  // How many failed instances of replaced deployments stay listed per project.
  static constexpr int kFailedKept = 5;

  // `clock` must outlive the runtime.
  LocalRuntime(std::string state_dir, const Clock* clock, LocalRuntimeOptions options = {});
  ~LocalRuntime() override;
  LocalRuntime(const LocalRuntime&) = delete;
  LocalRuntime& operator=(const LocalRuntime&) = delete;

  // REQUIRES: t.spec != nullptr. Starts nothing when instances of t.deployment_id exist.
  absl::Status Apply(const RolloutTarget& t) override;
  // FailedPrecondition when Apply has not started anything of t.deployment_id although the spec
  // has components to run.
  absl::StatusOr<HealthReport> Check(const RolloutTarget& t) override;
  // Stops and forgets the instances of other deployments of the project in the cluster.
  absl::Status Prune(const RolloutTarget& t) override;
  // One workload (kind "process") per component that has instances; urls for services only.
  absl::StatusOr<std::vector<Workload>> Workloads(const platform::Cluster& cluster,
                                                  const std::string& project,
                                                  const std::string& namespace_name) override;
  absl::Status Stop(const platform::Cluster& cluster, const std::string& project) override;
  // NotFound when the instance has no log; InvalidArgument for names that are not safe.
  absl::StatusOr<std::string> Logs(const platform::Cluster& cluster, const std::string& project,
                                   const std::string& instance, int tail_lines) override;

  // Stops every process of every project (tests).
  void StopAll();
  // Instances (and cron runs) with a live process right now: what keeps running when the
  // server stops, to be re-adopted by the next LocalRuntime on the same state directory.
  int RunningProcesses();

  // OK when instances can be started isolated (or the sandbox is shared host by choice);
  // otherwise FailedPrecondition saying why and what an admin can do.
  absl::Status Isolation() const { return isolation_; }
  // The isolation problem, or a warning that workloads share the host (an admin's choice).
  std::string Notice() const override;

 private:
  struct Project {
    std::string dir;   // <state_dir>/<cluster>/<project>
    uint32_t uid = 0;  // fixed at creation
    absl::Mutex mu;
    ProjectRecord record ABSL_GUARDED_BY(mu);
  };
  using Key = std::pair<std::string, std::string>;  // cluster, project

  Project* Find(const std::string& cluster, const std::string& project);
  // `stored_uid`: the user a loaded record had; kept unless another project has it.
  absl::StatusOr<Project*> FindOrCreate(const std::string& cluster, const std::string& project,
                                        uint32_t stored_uid = 0);
  // Creates `work_dir` owned by the project's user; "" or why it could not.
  std::string PrepareWorkDir(const Project& p, const std::string& work_dir);
  absl::StatusOr<int> Spawn(const Project& p, const std::vector<std::string>& argv,
                            const std::map<std::string, std::string>& env, const std::string& log,
                            const std::string& work_dir);
  void LoadAll();
  void Adopt(Project& p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  void AddInstances(Project& p, const RolloutTarget& t, const spec::Component& c)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  void Reconcile(Project& p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  CronRecord NewCron(const ProjectRecord& r, const RolloutTarget& t, const spec::Component& c);
  bool RunCrons(Project& p, int64_t now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  void StartRun(Project& p, CronRecord& cron, absl::CivilMinute due, int64_t now);
  void FinishRun(const Project& p, CronRecord& cron, InstanceRecord& run, const std::string& why,
                 int64_t now);
  void StopCronRuns(Project& p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  bool PollInstance(const Project& p, InstanceRecord& rec, int64_t now);
  void StartInstance(const Project& p, InstanceRecord& rec);
  void OnExit(const Project& p, InstanceRecord& rec, const std::string& why);
  bool Ready(const InstanceRecord& rec);
  HealthReport Judge(Project& p, const RolloutTarget& t, std::vector<std::string> notes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  // Stops and forgets the instances of deployments other than `deployment_id`, keeping the
  // records of the newest kFailedKept failed ones.
  void ReplaceOthers(Project& p, const std::string& deployment_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  // Stops (and forgets) the instances for which `drop` is true.
  template <typename Pred>
  void StopWhere(Project& p, Pred drop) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  void Save(Project& p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p.mu);
  std::string LogPath(const Project& p, const std::string& instance) const;
  std::string WorkDir(const Project& p, const std::string& instance) const;
  void Supervise();

  const std::string state_dir_;
  const Clock* const clock_;
  const LocalRuntimeOptions options_;
  const absl::Status isolation_;
  std::unique_ptr<http::Client> http_;

  absl::Mutex mu_;
  std::map<Key, std::unique_ptr<Project>> projects_ ABSL_GUARDED_BY(mu_);  // never erased

  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread supervisor_;
};

}  // namespace paved::deploy::runtime::local
