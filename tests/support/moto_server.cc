#include "tests/support/moto_server.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/run_command.h"

namespace paved::test_support {
namespace {

constexpr char kAnswerMark[] = "BOTO-ANSWER ";

// Calls boto3 and prints the answer as one JSON line after kAnswerMark.
constexpr char kBotoScript[] = R"(
import json, sys, boto3, botocore
endpoint, calls = sys.argv[1], json.loads(sys.argv[2])
answers = []
for service, method, args in calls:
    client = boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    try:
        answer = getattr(client, method)(**args)
        answer.pop("ResponseMetadata", None)
    except botocore.exceptions.ClientError as e:
        answer = {"Error": e.response.get("Error", {})}
    answers.append(answer)
print("BOTO-ANSWER " + json.dumps(answers, default=str), flush=True)
)";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// $PAVED_MOTO_PYTHON, python3 from PATH, and the virtual environment scripts/install-deps
// makes, in that order.
std::vector<std::string> PythonCandidates() {
  std::vector<std::string> out;
  if (const char* chosen = std::getenv("PAVED_MOTO_PYTHON"); chosen && *chosen) {
    out.push_back(chosen);
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "/usr/bin", ':')) {
    std::string candidate = absl::StrCat(dir, "/python3");
    if (Executable(candidate)) {
      out.push_back(candidate);
      break;
    }
  }
  if (const char* home = std::getenv("HOME")) {
    out.push_back(absl::StrCat(home, "/.cache/paved/moto-venv/bin/python3"));
  }
  return out;
}

std::string SourceDir() { return PAVED_SOURCE_DIR; }

}  // namespace

absl::StatusOr<std::unique_ptr<MotoServer>> MotoServer::Start(const std::string& dir) {
  std::string python;
  std::string check_log = dir + "/moto-check.log";
  for (const std::string& candidate : PythonCandidates()) {
    if (!Executable(candidate)) continue;
    absl::StatusOr<int> has_moto =
        RunCommand({candidate, "-c", "import moto.server, boto3"}, dir, check_log);
    if (has_moto.ok() && *has_moto == 0) {
      python = candidate;
      break;
    }
  }
  if (python.empty()) {
    return absl::FailedPreconditionError(
        "no python3 imports moto and boto3 (scripts/install-deps installs them): " +
        TailOfFile(check_log, 500));
  }
  absl::StatusOr<int> port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  absl::StatusOr<PeerProcess> process =
      PeerProcess::Start({python, SourceDir() + "/tests/support/moto_server.py", "-H", "127.0.0.1",
                          "-p", std::to_string(*port)},
                         dir, absl::StrCat(dir, "/moto-", *port, ".log"));
  if (!process.ok()) return process.status();
  absl::Status ready = process->WaitUntilReady(
      absl::StrCat("http://127.0.0.1:", *port, "/moto-api/data.json"), 30'000);
  if (!ready.ok()) return ready;
  return std::unique_ptr<MotoServer>(new MotoServer(std::move(*process), *port, python, dir));
}

std::string MotoServer::endpoint() const { return absl::StrCat("http://127.0.0.1:", port_); }

absl::StatusOr<nlohmann::json> MotoServer::Boto(const std::string& service,
                                                const std::string& method,
                                                const nlohmann::json& args) const {
  absl::StatusOr<nlohmann::json> answers = BotoMany({{service, method, args}});
  if (!answers.ok()) return answers.status();
  return (*answers)[0];
}

absl::StatusOr<nlohmann::json> MotoServer::BotoMany(const nlohmann::json& calls) const {
  static std::atomic<int> count{0};
  std::string log = absl::StrCat(dir_, "/boto-", getpid(), "-", count++, ".log");
  absl::StatusOr<int> exit_code =
      RunCommand({python_, "-c", kBotoScript, endpoint(), calls.dump()}, dir_, log);
  if (!exit_code.ok()) return exit_code.status();
  std::string out = ReadAll(log);
  size_t mark = out.rfind(kAnswerMark);
  if (*exit_code != 0 || mark == std::string::npos) {
    return absl::InternalError(
        absl::StrCat("boto3 ", calls.dump(), " failed: ", TailOfFile(log, 1500)));
  }
  nlohmann::json answers =
      nlohmann::json::parse(out.substr(mark + sizeof(kAnswerMark) - 1), nullptr, false);
  if (!answers.is_array() || answers.size() != calls.size()) {
    return absl::InternalError("boto3 answered no JSON list: " + out);
  }
  return answers;
}

absl::StatusOr<int> MotoServer::DistributionsWithReference(
    const std::string& caller_reference) const {
  absl::StatusOr<nlohmann::json> listed = Boto("cloudfront", "list_distributions");
  if (!listed.ok()) return listed.status();
  nlohmann::json calls = nlohmann::json::array();
  for (const nlohmann::json& d :
       (*listed)["DistributionList"].value("Items", nlohmann::json::array())) {
    calls.push_back({"cloudfront", "get_distribution_config", {{"Id", d.value("Id", "")}}});
  }
  if (calls.empty()) return 0;
  absl::StatusOr<nlohmann::json> configs = BotoMany(calls);
  if (!configs.ok()) return configs.status();
  int n = 0;
  for (const nlohmann::json& config : *configs) {
    n += config["DistributionConfig"].value("CallerReference", "") == caller_reference;
  }
  return n;
}

}  // namespace paved::test_support
