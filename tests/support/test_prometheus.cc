#include "tests/support/test_prometheus.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "tests/support/run_command.h"

namespace paved::test_support {
namespace {

namespace fs = std::filesystem;

constexpr char kPrometheus[] = "/usr/bin/prometheus";
constexpr char kPromtool[] = "/usr/bin/promtool";

}  // namespace

bool PrometheusInstalled() {
  return access(kPrometheus, X_OK) == 0 && access(kPromtool, X_OK) == 0;
}

absl::StatusOr<std::unique_ptr<TestPrometheus>> TestPrometheus::Start(
    const std::string& dir, const std::string& openmetrics) {
  fs::path root(dir);
  std::ofstream(root / "samples.om") << openmetrics;
  fs::create_directories(root / "data");
  absl::StatusOr<int> created =
      RunCommand({kPromtool, "tsdb", "create-blocks-from", "openmetrics",
                  (root / "samples.om").string(), (root / "data").string()},
                 dir, (root / "promtool.log").string());
  if (!created.ok()) return created.status();
  if (*created != 0) {
    return absl::InternalError(absl::StrCat("promtool tsdb create-blocks-from failed: ",
                                            TailOfFile((root / "promtool.log").string())));
  }
  std::ofstream(root / "prometheus.yml") << "global:\n  scrape_interval: 1h\n";
  absl::StatusOr<int> port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  std::string url = absl::StrCat("http://127.0.0.1:", *port);
  absl::StatusOr<PeerProcess> process =
      PeerProcess::Start({kPrometheus, "--config.file=" + (root / "prometheus.yml").string(),
                          "--storage.tsdb.path=" + (root / "data").string(),
                          // The blocks may be days old: keep them.
                          "--storage.tsdb.retention.time=3650d",
                          absl::StrCat("--web.listen-address=127.0.0.1:", *port)},
                         dir, (root / "prometheus.log").string());
  if (!process.ok()) return process.status();
  if (absl::Status ready = process->WaitUntilReady(url + "/-/ready", 60'000); !ready.ok()) {
    return ready;
  }
  return std::unique_ptr<TestPrometheus>(new TestPrometheus(std::move(*process), url));
}

}  // namespace paved::test_support
