#include "deploy/runtime/local/local_state.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace paved::deploy::runtime::local {
namespace {

absl::Status SealEnv(nlohmann::json& instance, const SealFunction& seal,
                     const std::string& unopened) {
  if (!unopened.empty()) {  // keep what could not be opened rather than an empty env
    instance.erase("env");
    instance["sealed_env"] = unopened;
    return absl::OkStatus();
  }
  if (!seal) return absl::OkStatus();
  absl::StatusOr<std::string> sealed = seal(instance["env"].dump());
  if (!sealed.ok()) return sealed.status();
  instance.erase("env");
  instance["sealed_env"] = absl::Base64Escape(*sealed);
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::string>> UnsealEnv(const std::string& sealed,
                                                             const SealFunction& unseal) {
  if (!unseal) return absl::FailedPreconditionError("no key to open the sealed environment");
  std::string raw;
  if (!absl::Base64Unescape(sealed, &raw)) {
    return absl::PermissionDeniedError("sealed environment is not base64");
  }
  absl::StatusOr<std::string> opened = unseal(std::move(raw));
  if (!opened.ok()) return opened.status();
  nlohmann::json env = nlohmann::json::parse(*opened, nullptr, /*allow_exceptions=*/false);
  if (!env.is_object()) return absl::PermissionDeniedError("sealed environment is not JSON");
  return env.get<std::map<std::string, std::string>>();
}

// The env of a record ("env" in the clear, or "sealed_env").
absl::StatusOr<std::map<std::string, std::string>> EnvOf(const nlohmann::json& j,
                                                         const SealFunction& unseal) {
  if (!j.contains("sealed_env")) return j.value("env", std::map<std::string, std::string>{});
  return UnsealEnv(j.at("sealed_env").get<std::string>(), unseal);
}

constexpr char kCannotUnseal[] = "environment cannot be unsealed: ";

void OpenEnv(const nlohmann::json& j, const SealFunction& unseal, InstanceRecord& i) {
  auto env = EnvOf(j, unseal);
  if (!env.ok()) {
    i.state = "failed";
    i.last_exit = absl::StrCat(kCannotUnseal, env.status().message());
    i.unopened_env = j.value("sealed_env", "");
    return;
  }
  i.env = std::move(*env);
  if (i.state == "failed" && absl::StartsWith(i.last_exit, kCannotUnseal)) {
    i.state = "crashed";  // the key is back: start it again
    i.next_start_ms = 0;
    i.last_exit = "environment unsealed again";
  }
}

nlohmann::json InstanceToJson(const InstanceRecord& i) {
  return {{"name", i.name},
          {"component", i.component},
          {"kind", i.kind},
          {"deployment_id", i.deployment_id},
          {"command", i.command},
          {"env", i.env},
          {"health_path", i.health_path},
          {"argv", i.argv},
          {"process_start", i.process_start},
          {"port", i.port},
          {"pid", i.pid},
          {"state", i.state},
          {"starts", i.starts},
          {"restarts", i.restarts},
          {"crashes_before_ready", i.crashes_before_ready},
          {"consecutive_crashes", i.consecutive_crashes},
          {"ever_ready", i.ever_ready},
          {"started_at_ms", i.started_at_ms},
          {"next_start_ms", i.next_start_ms},
          {"last_exit", i.last_exit}};
}

InstanceRecord InstanceFromJson(const nlohmann::json& j, const SealFunction& unseal) {
  InstanceRecord i;
  i.name = j.at("name").get<std::string>();
  i.component = j.at("component").get<std::string>();
  i.kind = j.value("kind", "service");
  i.deployment_id = j.at("deployment_id").get<std::string>();
  i.command = j.at("command").get<std::vector<std::string>>();
  i.health_path = j.value("health_path", "");
  i.argv = j.value("argv", std::vector<std::string>{});
  i.process_start = j.value("process_start", int64_t{0});
  i.port = j.value("port", 0);
  i.pid = j.value("pid", 0);
  i.state = j.value("state", "starting");
  i.starts = j.value("starts", 0);
  i.restarts = j.value("restarts", 0);
  i.crashes_before_ready = j.value("crashes_before_ready", 0);
  i.consecutive_crashes = j.value("consecutive_crashes", 0);
  i.ever_ready = j.value("ever_ready", false);
  i.started_at_ms = j.value("started_at_ms", int64_t{0});
  i.next_start_ms = j.value("next_start_ms", int64_t{0});
  i.last_exit = j.value("last_exit", "");
  OpenEnv(j, unseal, i);
  return i;
}

absl::StatusOr<nlohmann::json> CronToJson(const CronRecord& c, const SealFunction& seal) {
  nlohmann::json runs = nlohmann::json::array();
  for (const InstanceRecord& run : c.runs) runs.push_back(InstanceToJson(run));
  nlohmann::json cron = {{"component", c.component},
                         {"deployment_id", c.deployment_id},
                         {"schedule", c.schedule},
                         {"command", c.command},
                         {"env", c.env},
                         {"disabled", c.disabled},
                         {"checked_minute_ms", c.checked_minute_ms},
                         {"last_schedule_ms", c.last_schedule_ms},
                         {"last_successful_ms", c.last_successful_ms},
                         {"runs", runs}};
  absl::Status sealed = SealEnv(cron, seal, c.unopened_env);
  if (!sealed.ok()) return sealed;
  return cron;
}

CronRecord CronFromJson(const nlohmann::json& j, const SealFunction& unseal) {
  CronRecord c;
  c.component = j.at("component").get<std::string>();
  c.deployment_id = j.value("deployment_id", "");
  c.schedule = j.value("schedule", "");
  c.command = j.value("command", std::vector<std::string>{});
  c.disabled = j.value("disabled", "");
  c.checked_minute_ms = j.value("checked_minute_ms", int64_t{0});
  c.last_schedule_ms = j.value("last_schedule_ms", int64_t{0});
  c.last_successful_ms = j.value("last_successful_ms", int64_t{0});
  for (const nlohmann::json& run : j.value("runs", nlohmann::json::array())) {
    c.runs.push_back(InstanceFromJson(run, nullptr));
  }
  auto env = EnvOf(j, unseal);
  if (env.ok()) {
    c.env = std::move(*env);
    if (absl::StartsWith(c.disabled, kCannotUnseal)) c.disabled.clear();
  } else {
    c.disabled = absl::StrCat(kCannotUnseal, env.status().message());
    c.unopened_env = j.value("sealed_env", "");
  }
  return c;
}

}  // namespace

absl::StatusOr<nlohmann::json> ProjectRecordToJson(const ProjectRecord& p,
                                                   const SealFunction& seal) {
  nlohmann::json instances = nlohmann::json::array();
  for (const InstanceRecord& i : p.instances) {
    nlohmann::json instance = InstanceToJson(i);
    absl::Status sealed = SealEnv(instance, seal, i.unopened_env);
    if (!sealed.ok()) return sealed;
    instances.push_back(std::move(instance));
  }
  nlohmann::json crons = nlohmann::json::array();
  for (const CronRecord& c : p.crons) {
    absl::StatusOr<nlohmann::json> cron = CronToJson(c, seal);
    if (!cron.ok()) return cron.status();
    crons.push_back(std::move(*cron));
  }
  return nlohmann::json{{"cluster", p.cluster},
                        {"project", p.project},
                        {"uid", p.uid},
                        {"current_deployment_id", p.current_deployment_id},
                        {"latest_deployment_id", p.latest_deployment_id},
                        {"desired", p.desired},
                        {"crons", crons},
                        {"instances", instances}};
}

absl::StatusOr<ProjectRecord> ProjectRecordFromJson(const nlohmann::json& j,
                                                    const SealFunction& unseal) {
  try {
    ProjectRecord p;
    p.cluster = j.at("cluster").get<std::string>();
    p.project = j.at("project").get<std::string>();
    p.uid = j.value("uid", uint32_t{0});
    p.current_deployment_id = j.value("current_deployment_id", "");
    p.latest_deployment_id = j.value("latest_deployment_id", "");
    p.desired = j.value("desired", std::map<std::string, int>{});
    for (const nlohmann::json& c : j.value("crons", nlohmann::json::array())) {
      p.crons.push_back(CronFromJson(c, unseal));
    }
    for (const nlohmann::json& i : j.at("instances")) {
      p.instances.push_back(InstanceFromJson(i, unseal));
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(std::string("bad local runtime state: ") + e.what());
  }
}

}  // namespace paved::deploy::runtime::local
