#include "cli/admin_command.h"

#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/key_rotation.h"
#include "core/config.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

struct RotateArgs {
  std::string config, data_dir, store;
};

// The same sources as `paved serve`: the flags given, then PAVED_* variables, then the file.
ConfigSources SourcesFrom(const CLI::App& cmd, const RotateArgs& args) {
  ConfigSources sources;
  sources.env = ProcessEnvironment();
  if (cmd.count("--config") > 0) sources.config_path = args.config;
  if (cmd.count("--data-dir") > 0) sources.flags["data_dir"] = args.data_dir;
  if (cmd.count("--store") > 0) sources.flags["store"] = args.store;
  return sources;
}

std::string Describe(const KeyRotation& r) {
  return absl::StrCat(
      "Key ", r.new_key_id, " is now active in ", r.key_file, " (was ", r.previous_key_id, "; ",
      r.older_keys, " older key", r.older_keys == 1 ? "" : "s", " kept).\nRe-encrypted ",
      r.reencrypted, " secret version", r.reencrypted == 1 ? "" : "s",
      ".\nRestart every `paved serve` of this store so that it loads the new key.\n");
}

absl::Status RotateKey(Context& ctx, const CLI::App& cmd, const RotateArgs& args) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(SourcesFrom(cmd, args)));
  ASSIGN_OR_RETURN(KeyRotation r, RotateSecretKey(config, ctx.env().user));
  ctx.Print({{"key_file", r.key_file},
             {"previous_key_id", r.previous_key_id},
             {"new_key_id", r.new_key_id},
             {"reencrypted", r.reencrypted},
             {"older_keys", r.older_keys}},
            Describe(r));
  return absl::OkStatus();
}

}  // namespace

void AddAdminCommand(CLI::App& app, Context& ctx) {
  CLI::App* admin =
      app.add_subcommand("admin", "Maintenance on the server's machine (store and key files)");
  admin->require_subcommand(1);
  admin->fallthrough();  // global options (--json) may follow; added before RunCli sets this
  auto args = std::make_shared<RotateArgs>();
  CLI::App* rotate = admin->add_subcommand(
      "rotate-key", "Add a new secret key and re-encrypt every secret version under it");
  rotate->fallthrough();
  rotate->add_option("--config", args->config, "YAML configuration file, as for `paved serve`");
  rotate->add_option("--data-dir", args->data_dir, "The server's data directory");
  rotate->add_option("--store", args->store, "Store URL: sqlite:///path or postgres://...");
  rotate->callback([&ctx, rotate, args] { ctx.Finish(RotateKey(ctx, *rotate, *args)); });
}

}  // namespace paved::cli
