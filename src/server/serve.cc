#include "server/serve.h"

#include <csignal>
#include <cstdio>

#include "core/config.h"
#include "core/log.h"
#include "http/server.h"
#include "server/app.h"
#include "spdlog/spdlog.h"

namespace paved::server {
namespace {

ConfigSources SourcesFrom(const ServeFlags& flags) {
  ConfigSources src;
  src.env = ProcessEnvironment();
  src.config_path = flags.config;
  auto set = [&](const char* key, const std::optional<std::string>& v) {
    if (v) src.flags[key] = *v;
  };
  set("listen", flags.listen);
  set("data_dir", flags.data_dir);
  set("store", flags.store);
  set("web_dir", flags.web_dir);
  return src;
}

// Blocks SIGINT/SIGTERM in this thread and every thread started after it, so that sigwait() in
// the main thread is the only place they are handled.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

}  // namespace

int Serve(const ServeFlags& flags) {
  sigset_t signals = BlockShutdownSignals();
  InitLogging();
  auto config = LoadServerConfig(SourcesFrom(flags));
  if (!config.ok()) {
    std::fprintf(stderr, "paved serve: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  auto app = App::Create(*config);
  if (!app.ok()) {
    std::fprintf(stderr, "paved serve: %s\n", app.status().ToString().c_str());
    return 1;
  }
  if (absl::Status s = (*app)->StartBackground(); !s.ok()) {
    std::fprintf(stderr, "paved serve: %s\n", s.ToString().c_str());
    return 1;
  }
  http::ServerOptions options{.host = config->listen_host,
                              .port = config->listen_port,
                              .threads = config->http_threads,
                              .max_body_bytes = static_cast<size_t>(config->max_body_bytes)};
  App* raw = app->get();
  options.body_limit = [raw](const http::Request& head) { return raw->BodyLimit(head); };
  auto server = http::NewServer(options, [raw](http::Request& req) { return raw->Handle(req); });
  auto port = server->Start();
  if (!port.ok()) {
    std::fprintf(stderr, "paved serve: %s\n", std::string(port.status().message()).c_str());
    return 1;
  }
  std::string host = config->listen_host.find(':') != std::string::npos
                         ? "[" + config->listen_host + "]"
                         : config->listen_host;
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("received signal {}, shutting down", sig);
  server->Stop();
  (*app)->StopBackground();
  // Workloads on the local runtime are separate processes: stopping the server leaves them up.
  if (std::string note = (*app)->ShutdownNote(); !note.empty()) {
    std::printf("%s\n", note.c_str());
    std::fflush(stdout);
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace paved::server
