#include "cli/admin_command.h"

#include <cstdlib>
#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/key_rotation.h"
#include "cli/store_backup.h"
#include "core/config.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

// Where the server's store and key file are: the same options as `paved serve`.
struct RotateArgs {
  std::string config, data_dir, store;
};

struct BackupArgs : RotateArgs {
  std::string file;
  bool with_keys = false;
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

void AddStoreOptions(CLI::App* cmd, RotateArgs& args) {
  cmd->add_option("--config", args.config, "YAML configuration file, as for `paved serve`");
  cmd->add_option("--data-dir", args.data_dir, "The server's data directory");
  cmd->add_option("--store", args.store, "Store URL: sqlite:///path or postgres://...");
}

// PAVED_BACKUP_PASSPHRASE, else asked (twice when `confirm` and on a terminal).
absl::StatusOr<std::string> Passphrase(Context& ctx, bool confirm) {
  if (const char* env = std::getenv("PAVED_BACKUP_PASSPHRASE"); env != nullptr && *env != 0) {
    return std::string(env);
  }
  if (!ctx.env().read_line) {
    return absl::InvalidArgumentError(
        "--with-keys needs a passphrase: set PAVED_BACKUP_PASSPHRASE");
  }
  ASSIGN_OR_RETURN(std::string first,
                   ctx.env().read_line("Passphrase for the secret keys: ", true));
  if (confirm && ctx.env().interactive) {
    ASSIGN_OR_RETURN(std::string again, ctx.env().read_line("Once more: ", true));
    if (again != first) return absl::InvalidArgumentError("the passphrases differ");
  }
  return first;
}

absl::Status Backup(Context& ctx, const CLI::App& cmd, const BackupArgs& args) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(SourcesFrom(cmd, args)));
  std::string passphrase;
  if (args.with_keys) {
    ASSIGN_OR_RETURN(passphrase, Passphrase(ctx, /*confirm=*/true));
  }
  ASSIGN_OR_RETURN(StoreBackup b,
                   BackUpStore(config, args.file, args.with_keys, passphrase, ctx.env().user));
  std::string text =
      absl::StrCat("Backed up the ", b.engine, " store to ", b.file, " (", b.bytes, " bytes), ",
                   b.with_keys ? "with" : "without", " the secret keys.\n");
  if (!b.with_keys) {
    absl::StrAppend(&text, "Secrets in it decrypt only with ", b.key_file,
                    ": keep that file safe elsewhere, or back up with --with-keys.\n");
  }
  if (!b.audit_warning.empty()) absl::StrAppend(&text, "Warning: ", b.audit_warning, "\n");
  ctx.Print({{"file", b.file},
             {"engine", b.engine},
             {"bytes", b.bytes},
             {"with_keys", b.with_keys},
             {"created_at", b.created_at}},
            text);
  return absl::OkStatus();
}

absl::Status Restore(Context& ctx, const CLI::App& cmd, const BackupArgs& args) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(SourcesFrom(cmd, args)));
  std::string passphrase;
  if (args.with_keys) {
    ASSIGN_OR_RETURN(passphrase, Passphrase(ctx, /*confirm=*/false));
  }
  ASSIGN_OR_RETURN(StoreRestore r,
                   RestoreStore(config, args.file, args.with_keys, passphrase, ctx.env().user));
  std::string text = absl::StrCat("Restored the ", r.engine, " backup taken ", r.created_at,
                                  " into ", r.store, ".\n");
  if (r.with_keys) {
    absl::StrAppend(&text, "Wrote the secret keys to ", r.key_file, ".\n");
  } else {
    absl::StrAppend(&text, "Put the original key file at ", r.key_file,
                    " before starting `paved serve`, or its secrets will not decrypt.\n");
  }
  absl::StrAppend(&text, "Start `paved serve` on this data directory and store.\n");
  ctx.Print({{"file", r.file},
             {"engine", r.engine},
             {"store", r.store},
             {"created_at", r.created_at},
             {"with_keys", r.with_keys}},
            text);
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
  AddStoreOptions(rotate, *args);
  rotate->callback([&ctx, rotate, args] { ctx.Finish(RotateKey(ctx, *rotate, *args)); });

  auto backup_args = std::make_shared<BackupArgs>();
  CLI::App* backup = admin->add_subcommand(
      "backup", "Write a consistent copy of the store (while it serves) to a new file");
  backup->fallthrough();
  backup->add_option("file", backup_args->file, "The backup file to create")->required();
  backup->add_flag("--with-keys", backup_args->with_keys,
                   "Include the secret keys, sealed with a passphrase (PAVED_BACKUP_PASSPHRASE "
                   "or asked)");
  AddStoreOptions(backup, *backup_args);
  backup->callback([&ctx, backup, backup_args] { ctx.Finish(Backup(ctx, *backup, *backup_args)); });

  auto restore_args = std::make_shared<BackupArgs>();
  CLI::App* restore = admin->add_subcommand(
      "restore", "Restore a backup into an empty data directory or PostgreSQL database");
  restore->fallthrough();
  restore->add_option("file", restore_args->file, "A file `paved admin backup` wrote")->required();
  restore->add_flag("--with-keys", restore_args->with_keys,
                    "Also restore the secret keys the backup holds (asks their passphrase)");
  AddStoreOptions(restore, *restore_args);
  restore->callback(
      [&ctx, restore, restore_args] { ctx.Finish(Restore(ctx, *restore, *restore_args)); });
}

}  // namespace paved::cli
