#include "cli/serve_command.h"

#include <memory>

#include "server/serve.h"

namespace paved::cli {
namespace {

struct ServeArgs {
  std::string listen, data_dir, store, config, web_dir;
};

// Copies the flags that were given; the others stay unset so that env and config apply.
server::ServeFlags ToFlags(const CLI::App& serve, const ServeArgs& args) {
  server::ServeFlags flags;
  auto set = [&serve](const char* name, const std::string& value,
                      std::optional<std::string>& flag) {
    if (serve.count(name) > 0) flag = value;
  };
  set("--listen", args.listen, flags.listen);
  set("--data-dir", args.data_dir, flags.data_dir);
  set("--store", args.store, flags.store);
  set("--config", args.config, flags.config);
  set("--web-dir", args.web_dir, flags.web_dir);
  return flags;
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Run the Paved server (API, web UI, workers)");
  serve->add_option("--listen", args->listen, "Address to listen on, e.g. 127.0.0.1:8080");
  serve->add_option("--data-dir", args->data_dir, "Directory for the embedded SQLite store");
  serve->add_option("--store", args->store, "Store URL: sqlite:///path or postgres://...");
  serve->add_option("--config", args->config, "YAML configuration file");
  serve->add_option("--web-dir", args->web_dir, "Directory of the built web UI");
  serve->callback([&ctx, serve, args] { ctx.SetExitCode(server::Serve(ToFlags(*serve, *args))); });
}

}  // namespace paved::cli
