// A local DynamoDB table: a dynalite server (a DynamoDB-compatible server from npm, backed by
// LevelDB) of its own per table, so removing the resource's directory removes everything and
// no table is ever shared between resources.
#include "resources/local/dynamodb_local.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/atomic_file.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/process.h"
#include "providers/aws/aws_error.h"
#include "providers/aws/json_client.h"
#include "resources/kinds.h"
#include "resources/local/server_process.h"

namespace paved::resources::local {
namespace {

namespace fs = std::filesystem;
namespace proc = deploy::runtime::local;
using nlohmann::json;

// What dynalite.json, written by the config step, says.
struct ServerConf {
  std::string owner;
  int port = 0;
};

std::optional<ServerConf> ReadServerConf(const std::string& dir) {
  std::optional<std::string> text = ReadWholeFile(dir + "/dynalite.json");
  if (!text) return std::nullopt;
  json j = json::parse(*text, nullptr, false);
  if (!j.is_object()) return ServerConf{.owner = "(unreadable)"};  // never taken for ours
  return ServerConf{j.value("owner", ""), j.value("port", 0)};
}

std::string Endpoint(int port) { return absl::StrCat("http://127.0.0.1:", port); }

// The client of the table's own server; dynalite checks no signature, so any key signs.
aws::JsonClient ClientFor(http::Client* http, int port, int timeout_ms = 2000) {
  return aws::JsonClient(http, SystemClock::Get(),
                         aws::ServiceOptions{.endpoint = Endpoint(port),
                                             .credentials = {.access_key_id = "paved-local",
                                                             .secret_access_key = "paved-local"},
                                             .region = std::string(kLocalDynamoDbRegion),
                                             .service = "dynamodb",
                                             .timeout = std::chrono::milliseconds(timeout_ms),
                                             .max_attempts = 1},
                         "DynamoDB_20120810.", "1.0");
}

class ConfigStep : public Step {
 public:
  explicit ConfigStep(const LocalOptions* o) : o_(o) {}
  std::string Name() const override { return "config"; }
  std::string IdempotencyKey(const Resource& r) const override { return ResourceDir(*o_, r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    if (o_->dynalite.empty() || !fs::exists(o_->dynalite)) {
      return absl::FailedPreconditionError(
          "no local DynamoDB server: dynalite is not installed (scripts/install-deps installs "
          "it into tools/dynalite; or set resources.local.dynalite to its cli.js)");
    }
    std::string dir = ResourceDir(*o_, r);
    std::optional<ServerConf> conf = ReadServerConf(dir);
    if (conf && conf->owner != r.id) {
      return absl::AlreadyExistsError(dir + "/dynalite.json is not this resource's (not_ours)");
    }
    if (!conf) {
      std::error_code ec;
      fs::create_directories(dir + "/data", ec);
      if (ec) return absl::UnavailableError("cannot create " + dir + ": " + ec.message());
      ASSIGN_OR_RETURN(int port, proc::PickFreePort());
      conf = ServerConf{r.id, port};
      RETURN_IF_ERROR(WriteFileAtomically(dir + "/dynalite.json",
                                          json{{"owner", r.id}, {"port", port}}.dump()));
      RETURN_IF_ERROR(GiveToResourceUser(*o_, r, {dir, dir + "/data", dir + "/dynalite.json"}));
    }
    return StepOutcome::Done(dir, {{"host", "127.0.0.1"},
                                   {"port", conf->port},
                                   {"endpoint", Endpoint(conf->port)},
                                   {"region", kLocalDynamoDbRegion}});
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    std::optional<ServerConf> conf = ReadServerConf(ResourceDir(*o_, r));
    return RemoveResourceDir(*o_, r, conf ? conf->owner : "");
  }

 private:
  const LocalOptions* o_;
};

absl::StatusOr<Running> StartDynalite(const LocalOptions& o, const Resource& r) {
  std::string dir = ResourceDir(o, r);
  std::optional<ServerConf> conf = ReadServerConf(dir);
  if (!conf || conf->owner != r.id) {
    return absl::FailedPreconditionError("dynalite.json is missing");
  }
  // Tables become active at once: dynalite's half-second "CREATING" imitates AWS for nothing.
  return StartServer(
      o, r,
      {o.node, o.dynalite, "--host", "127.0.0.1", "--port", std::to_string(conf->port), "--path",
       dir + "/data", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"},
      {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", dir}}, "dynalite.log");
}

class ProcessStep : public Step {
 public:
  ProcessStep(const LocalOptions* o, http::Client* http) : o_(o), http_(http) {}
  std::string Name() const override { return "process"; }
  std::string IdempotencyKey(const Resource& r) const override {
    return ResourceDir(*o_, r) + "/process.json";
  }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    ASSIGN_OR_RETURN(Running running, StartDynalite(*o_, r));
    int port = ReadServerConf(ResourceDir(*o_, r))->port;
    // Node takes a few hundred milliseconds to load dynalite: ask a few times before
    // rescheduling the job.
    aws::JsonClient client = ClientFor(http_, port, 500);
    for (int i = 0; i < 10; ++i) {
      if (client.Call("ListTables", json::object()).ok()) {
        return StepOutcome::Done(std::to_string(running.pid), {{"pid", running.pid}});
      }
      if (!proc::PollProcess(running.pid).alive) {
        auto log = proc::TailFile(ResourceDir(*o_, r) + "/dynalite.log", 5);
        return absl::FailedPreconditionError("dynalite exited: " +
                                             (log.ok() ? *log : std::string("no log")));
      }
      usleep(100'000);
    }
    return StepOutcome::Waiting(500, "dynalite to answer");
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    StopServer(ResourceDir(*o_, r));
    return absl::OkStatus();
  }

 private:
  const LocalOptions* o_;
  http::Client* http_;
};

json Tags(const Resource& r) {
  json tags = json::array({{{"Key", "managed-by"}, {"Value", "paved"}},
                           {{"Key", "paved-resource-id"}, {"Value", r.id}},
                           {{"Key", "env"}, {"Value", r.environment}}});
  if (!r.project.empty()) tags.push_back({{"Key", "project"}, {"Value", r.project}});
  if (!r.owner_team.empty()) tags.push_back({{"Key", "team"}, {"Value", r.owner_team}});
  return tags;
}

class TableStep : public Step {
 public:
  TableStep(const LocalOptions* o, http::Client* http) : o_(o), http_(http) {}
  std::string Name() const override { return "table"; }
  std::string IdempotencyKey(const Resource& r) const override { return LocalTableName(r); }

  // The server is the resource's own, so a table of that name in it is this resource's.
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::optional<ServerConf> conf = ReadServerConf(ResourceDir(*o_, r));
    if (!conf) return absl::FailedPreconditionError("dynalite.json is missing");
    aws::JsonClient client = ClientFor(http_, conf->port);
    std::string name = LocalTableName(r);
    auto found = client.Call("DescribeTable", {{"TableName", name}});
    if (!found.ok() && aws::AwsErrorCode(found.status()) != "ResourceNotFoundException") {
      return absl::UnavailableError("dynalite did not answer: " + found.status().ToString());
    }
    if (!found.ok()) {
      DynamoDbKeys keys = DynamoDbKeysOf(r);
      json request = {{"TableName", name},
                      {"AttributeDefinitions", keys.attributes},
                      {"KeySchema", keys.key_schema},
                      {"BillingMode", "PAY_PER_REQUEST"}};
      auto made = client.Call("CreateTable", request);
      if (!made.ok() && aws::AwsErrorCode(made.status()) != "ResourceInUseException") {
        return made.status();
      }
      ASSIGN_OR_RETURN(found, client.Call("DescribeTable", {{"TableName", name}}));
    }
    const json& table = found->value("Table", json::object());
    if (table.value("TableStatus", "") != "ACTIVE") {
      return StepOutcome::Waiting(200, "table to be active");
    }
    std::string arn = table.value("TableArn", "");
    // dynalite drops CreateTable's tags; TagResource keeps them.
    RETURN_IF_ERROR(client.Call("TagResource", {{"ResourceArn", arn}, {"Tags", Tags(r)}}).status());
    return StepOutcome::Done(arn, {{"table", name}, {"table_arn", arn}});
  }

  // The table lives in the server's directory, which the config step's undo removes.
  absl::Status Undo(const Resource&, const std::string&) override { return absl::OkStatus(); }

 private:
  const LocalOptions* o_;
  http::Client* http_;
};

}  // namespace

std::string LocalTableName(const Resource& r) {
  // DynamoDB wants 3 to 255 characters; resource names may be shorter.
  return r.name.size() >= 3 ? r.name : "paved-" + r.name;
}

std::vector<std::unique_ptr<Step>> DynamoDbLocalSteps(const LocalOptions* o, http::Client* http) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<ConfigStep>(o));
  steps.push_back(std::make_unique<ProcessStep>(o, http));
  steps.push_back(std::make_unique<TableStep>(o, http));
  return steps;
}

absl::StatusOr<json> DynamoDbLocalLiveStatus(const LocalOptions& o, http::Client* http,
                                             const Resource& r) {
  std::string dir = ResourceDir(o, r);
  std::optional<ServerConf> conf = ReadServerConf(dir);
  if (!conf || conf->owner != r.id) return absl::NotFoundError(dir + " is gone");
  std::optional<Running> running = ReadRunning(dir);
  if (!running) return json{{"state", "stopped"}};
  auto found =
      ClientFor(http, conf->port, 500).Call("DescribeTable", {{"TableName", LocalTableName(r)}});
  if (!found.ok()) {
    return json{{"state", "not answering"}, {"pid", running->pid}, {"port", conf->port}};
  }
  const json& table = found->value("Table", json::object());
  return json{{"state", table.value("TableStatus", "")},
              {"items", table.value("ItemCount", 0)},
              {"pid", running->pid},
              {"port", conf->port}};
}

absl::StatusOr<bool> ReviveDynalite(const LocalOptions& o, const Resource& r) {
  if (ReadRunning(ResourceDir(o, r))) return false;
  RETURN_IF_ERROR(StartDynalite(o, r).status());
  return true;
}

}  // namespace paved::resources::local
