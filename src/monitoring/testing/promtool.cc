#include "monitoring/testing/promtool.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/run_command.h"

namespace paved::monitoring::testing {

bool HavePromtool() { return ::access(kPromtool, X_OK) == 0; }

absl::StatusOr<PromtoolRun> RunPromtool(const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& files) {
  std::string pattern = (std::filesystem::temp_directory_path() / "paved-promtool-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  std::filesystem::path dir(pattern);
  for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
  std::vector<std::string> argv = {kPromtool};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string log = (dir / "promtool.log").string();
  auto code = test_support::RunCommand(argv, dir.string(), log);
  PromtoolRun run;
  if (code.ok()) run = {*code, test_support::TailOfFile(log, 20000)};
  std::filesystem::remove_all(dir);
  if (!code.ok()) return code.status();
  return run;
}

absl::StatusOr<PromtoolRun> CheckRules(const std::string& rule_file_yaml) {
  return RunPromtool({"check", "rules", "--lint-fatal", "rules.yaml"},
                     {{"rules.yaml", rule_file_yaml}});
}

}  // namespace paved::monitoring::testing
