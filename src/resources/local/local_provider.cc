#include "resources/local/local_provider.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/atomic_file.h"
#include "core/files.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/process.h"
#include "resources/local/dynamodb_local.h"
#include "resources/local/server_process.h"

namespace paved::resources::local {
namespace {

namespace fs = std::filesystem;
namespace proc = deploy::runtime::local;
using nlohmann::json;

constexpr char kOwnerLine[] = "# paved-resource-id ";

std::string Dir(const LocalOptions& o, const Resource& r) { return ResourceDir(o, r); }

// What a redis.conf Paved wrote says: port, password, and whose it is.
struct RedisConf {
  std::string owner;
  int port = 0;
  std::string password;
};

std::optional<RedisConf> ReadConf(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  RedisConf conf;
  for (std::string line; std::getline(in, line);) {
    if (absl::StartsWith(line, kOwnerLine)) conf.owner = line.substr(sizeof(kOwnerLine) - 1);
    std::vector<std::string> words = absl::StrSplit(line, ' ');
    if (words.size() == 2 && words[0] == "port") (void)absl::SimpleAtoi(words[1], &conf.port);
    if (words.size() == 2 && words[0] == "requirepass") conf.password = words[1];
  }
  return conf;
}

int64_t MaxMemoryMb(const Resource& r) {
  const json& by_size = EffectiveValue(r, "maxmemory_mb");
  std::string size =
      EffectiveValue(r, "size").is_string() ? EffectiveValue(r, "size").get<std::string>() : "s";
  if (by_size.is_object() && by_size.contains(size) && by_size[size].is_number_integer()) {
    return by_size[size].get<int64_t>();
  }
  return size == "l" ? 1024 : size == "m" ? 256 : 64;
}

std::string ConfText(const Resource& r, const std::string& dir, int port,
                     const std::string& password) {
  const json& policy = EffectiveValue(r, "eviction_policy");
  return absl::StrCat(
      kOwnerLine, r.id, "\n", "# Written by Paved for ", r.name, " (", r.environment, ")\n",
      "bind 127.0.0.1\n", "protected-mode yes\n", "port ", port, "\n", "requirepass ", password,
      "\n", "maxmemory ", MaxMemoryMb(r), "mb\n", "maxmemory-policy ",
      policy.is_string() ? policy.get<std::string>() : "allkeys-lru", "\n", "dir ", dir, "\n",
      "save \"\"\n", "appendonly no\n", "daemonize no\n", "enable-protected-configs no\n",
      "enable-debug-command no\n", "enable-module-command no\n");
}

class RedisConfigStep : public Step {
 public:
  explicit RedisConfigStep(const LocalOptions* o) : o_(o) {}
  std::string Name() const override { return "config"; }
  std::string IdempotencyKey(const Resource& r) const override { return Dir(*o_, r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string dir = Dir(*o_, r);
    std::string path = dir + "/redis.conf";
    std::optional<RedisConf> conf = ReadConf(path);
    if (conf && conf->owner != r.id) {
      return absl::AlreadyExistsError(path + " exists and is not this resource's (not_ours)");
    }
    if (!conf) {
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) return absl::UnavailableError("cannot create " + dir + ": " + ec.message());
      ASSIGN_OR_RETURN(int port, proc::PickFreePort());
      // The token Paved generated for the resource; a bare provider (tests) makes its own.
      conf = RedisConf{.owner = r.id,
                       .port = port,
                       .password = r.auth_token.empty() ? RandomToken(24) : r.auth_token};
      RETURN_IF_ERROR(WriteFileAtomically(path, ConfText(r, dir, port, conf->password)));
      RETURN_IF_ERROR(GiveToResourceUser(*o_, r, {dir, path}));
    }
    return StepOutcome::Done(dir, {{"host", "127.0.0.1"}, {"port", conf->port}});
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    std::optional<RedisConf> conf = ReadConf(Dir(*o_, r) + "/redis.conf");
    return RemoveResourceDir(*o_, r, conf ? conf->owner : "");
  }

 private:
  const LocalOptions* o_;
};

absl::StatusOr<Running> StartRedis(const LocalOptions& o, const Resource& r) {
  std::string dir = Dir(o, r);
  return StartServer(o, r, {o.redis_server, dir + "/redis.conf"}, {{"PATH", "/usr/bin:/bin"}},
                     "redis.log");
}

class RedisProcessStep : public Step {
 public:
  explicit RedisProcessStep(const LocalOptions* o) : o_(o) {}
  std::string Name() const override { return "process"; }
  std::string IdempotencyKey(const Resource& r) const override {
    return Dir(*o_, r) + "/process.json";
  }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    std::optional<RedisConf> conf = ReadConf(Dir(*o_, r) + "/redis.conf");
    if (!conf) return absl::FailedPreconditionError("redis.conf is missing");
    ASSIGN_OR_RETURN(Running running, StartRedis(*o_, r));
    // A new redis-server answers within a few tens of milliseconds: asking again briefly
    // saves rescheduling the job for most starts.
    for (int i = 0; i < 5 && !PingRedis(conf->port, conf->password, 100).ok(); ++i) {
      usleep(20'000);
    }
    if (!PingRedis(conf->port, conf->password).ok()) {
      if (!proc::PollProcess(running.pid).alive) {
        auto log = proc::TailFile(Dir(*o_, r) + "/redis.log", 5);
        return absl::FailedPreconditionError("redis-server exited: " +
                                             (log.ok() ? *log : std::string("no log")));
      }
      return StepOutcome::Waiting(200, "redis-server to answer PING");
    }
    json out = {{"pid", running.pid}};
    return StepOutcome::Done(std::to_string(running.pid), out);
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    StopServer(Dir(*o_, r));
    return absl::OkStatus();
  }

 private:
  const LocalOptions* o_;
};

// Where Paved serves the site: <public url>/sites/<id>/.
std::string SiteUrl(std::string public_url, const Resource& r) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  return absl::StrCat(public_url, "/sites/", r.id, "/");
}

class SiteStep : public Step {
 public:
  explicit SiteStep(const LocalOptions* o) : o_(o) {}
  std::string Name() const override { return "site"; }
  std::string IdempotencyKey(const Resource& r) const override { return Dir(*o_, r); }
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string dir = Dir(*o_, r) + "/site";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return absl::UnavailableError("cannot create " + dir + ": " + ec.message());
    std::string index = dir + "/" + EffectiveValue(r, "index_document").get<std::string>();
    if (!fs::exists(index)) {
      RETURN_IF_ERROR(WriteFileAtomically(
          index, absl::StrCat("<!doctype html><title>", r.name, "</title><p>", r.name,
                              " is ready: upload your site here.</p>\n")));
    }
    if (o_->public_url.empty()) return StepOutcome::Done(dir);
    return StepOutcome::Done(dir, {{"url", SiteUrl(o_->public_url, r)}});
  }
  absl::Status Undo(const Resource& r, const std::string&) override {
    std::error_code ec;
    fs::remove_all(Dir(*o_, r), ec);
    if (ec) return absl::UnavailableError("cannot remove the site: " + ec.message());
    return absl::OkStatus();
  }

 private:
  const LocalOptions* o_;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> RedisCall(int port, const std::string& password,
                                                   const std::vector<std::string>& commands,
                                                   int timeout_ms) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::UnavailableError("no socket");
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string ask = absl::StrCat("AUTH ", password, "\r\n");
  for (const std::string& c : commands) absl::StrAppend(&ask, c, "\r\n");
  std::string answer;
  size_t want = commands.size() + 1;
  auto lines = [&] { return static_cast<size_t>(std::count(answer.begin(), answer.end(), '\n')); };
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, ask.data(), ask.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(ask.size())) {
    char buf[256];
    for (ssize_t n; lines() < want && (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
      answer.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  if (lines() < want) {
    return absl::UnavailableError("redis did not answer" +
                                  (answer.empty() ? std::string() : ": " + answer.substr(0, 80)));
  }
  std::vector<std::string> replies = absl::StrSplit(answer, "\r\n", absl::SkipEmpty());
  return replies;
}

absl::Status PingRedis(int port, const std::string& password, int timeout_ms) {
  ASSIGN_OR_RETURN(std::vector<std::string> replies,
                   RedisCall(port, password, {"PING"}, timeout_ms));
  if (replies == std::vector<std::string>{"+OK", "+PONG"}) return absl::OkStatus();
  return absl::UnavailableError("redis did not answer PONG: " + absl::StrJoin(replies, " "));
}

LocalProvider::LocalProvider(LocalOptions options) : options_(std::move(options)) {
  // redis-server starts in the resource's directory: a relative root (a relative data dir, as
  // `make run` gives) would be resolved a second time from there.
  options_.root = fs::absolute(options_.root).lexically_normal().string();
  if (!options_.dynalite.empty()) {
    options_.dynalite = fs::absolute(options_.dynalite).lexically_normal().string();
  }
  http_ = http::NewCurlClient();
}

LocalProvider::~LocalProvider() = default;

bool LocalProvider::Supports(Kind) const { return true; }

std::vector<std::unique_ptr<Step>> LocalProvider::Steps(const Resource& r) {
  std::vector<std::unique_ptr<Step>> steps;
  if (r.kind == Kind::kRedis) {
    steps.push_back(std::make_unique<RedisConfigStep>(&options_));
    steps.push_back(std::make_unique<RedisProcessStep>(&options_));
  } else if (r.kind == Kind::kStaticSite) {
    steps.push_back(std::make_unique<SiteStep>(&options_));
  } else {
    steps = DynamoDbLocalSteps(&options_, http_.get());
  }
  return steps;
}

absl::StatusOr<nlohmann::json> LocalProvider::LiveStatus(const Resource& r) {
  if (r.kind == Kind::kDynamoDb) return DynamoDbLocalLiveStatus(options_, http_.get(), r);
  std::string dir = Dir(options_, r);
  if (!fs::exists(dir)) return absl::NotFoundError(dir + " is gone");
  if (r.kind != Kind::kRedis) return json{{"state", "available"}};
  std::optional<RedisConf> conf = ReadConf(dir + "/redis.conf");
  std::optional<Running> running = ReadRunning(dir);
  if (!conf || !running) return json{{"state", "stopped"}};
  bool answers = PingRedis(conf->port, conf->password).ok();
  return json{{"state", answers ? "available" : "not answering"},
              {"pid", running->pid},
              {"port", conf->port}};
}

absl::StatusOr<StepOutcome> LocalProvider::Update(const Resource& r) {
  if (r.kind != Kind::kRedis) return StepOutcome::Done("");
  std::string dir = Dir(options_, r);
  std::optional<RedisConf> conf = ReadConf(dir + "/redis.conf");
  if (!conf || conf->owner != r.id) return absl::FailedPreconditionError("no redis.conf in " + dir);
  RETURN_IF_ERROR(
      WriteFileAtomically(dir + "/redis.conf", ConfText(r, dir, conf->port, conf->password)));
  RETURN_IF_ERROR(GiveToResourceUser(options_, r, {dir + "/redis.conf"}));
  const json& policy = EffectiveValue(r, "eviction_policy");
  ASSIGN_OR_RETURN(
      std::vector<std::string> replies,
      RedisCall(conf->port, conf->password,
                {absl::StrCat("CONFIG SET maxmemory ", MaxMemoryMb(r), "mb"),
                 absl::StrCat("CONFIG SET maxmemory-policy ",
                              policy.is_string() ? policy.get<std::string>() : "allkeys-lru")}));
  for (const std::string& reply : replies) {
    if (reply != "+OK") return absl::FailedPreconditionError("redis refused: " + reply);
  }
  return StepOutcome::Done("", {{"maxmemory_mb", MaxMemoryMb(r)}});
}

absl::StatusOr<std::string> LocalProvider::RedisPassword(const Resource& r) const {
  std::optional<RedisConf> conf = ReadConf(Dir(options_, r) + "/redis.conf");
  if (!conf || conf->owner != r.id) return absl::NotFoundError("no redis.conf for " + r.id);
  return conf->password;
}

std::string LocalProvider::SiteDir(const Resource& r) const { return Dir(options_, r) + "/site"; }

absl::StatusOr<bool> LocalProvider::Revive(const Resource& r) {
  if (r.kind == Kind::kDynamoDb) return ReviveDynalite(options_, r);
  if (r.kind != Kind::kRedis) return false;
  if (ReadRunning(Dir(options_, r))) return false;
  RETURN_IF_ERROR(StartRedis(options_, r).status());
  return true;
}

}  // namespace paved::resources::local
