#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tests/support/peer_process.h"

namespace paved::test_support {

// moto's real AWS server (moto 5.2.1, pip's `moto[server]`) on 127.0.0.1:<free port>, for
// tests of code that calls AWS: started by tests/support/moto_server.py, which adds only the
// ElastiCache deletes moto lacks (see that file). Stopped with its process group when the
// object goes away; a test may also kill it and start another.
// The Python is the first that imports moto of $PAVED_MOTO_PYTHON, python3 on PATH and
// ~/.cache/paved/moto-venv (made by scripts/install-deps).
class MotoServer {
 public:
  // Starts it with its log in `dir`; FailedPrecondition when moto is not installed.
  static absl::StatusOr<std::unique_ptr<MotoServer>> Start(const std::string& dir);

  std::string endpoint() const;  // "http://127.0.0.1:PORT"
  int port() const { return port_; }
  const std::string& log_path() const { return process_.log_path(); }

  // Looks at moto's state independently of the code under test: boto3's
  // `client(service).method(**args)` against this server (region us-east-1, test keys), as
  // JSON (dates as strings). An AWS error answer is {"Error": {"Code": ..., "Message": ...}};
  // a failure to run Python is an error status.
  absl::StatusOr<nlohmann::json> Boto(const std::string& service, const std::string& method,
                                      const nlohmann::json& args = nlohmann::json::object()) const;
  // Several calls in one Python process: `calls` is [[service, method, args], ...]; returns
  // their answers in order.
  absl::StatusOr<nlohmann::json> BotoMany(const nlohmann::json& calls) const;
  // How many CloudFront distributions moto has with this CallerReference (its listing does
  // not show references or comments, so each distribution is looked at).
  absl::StatusOr<int> DistributionsWithReference(const std::string& caller_reference) const;

 private:
  MotoServer(PeerProcess process, int port, std::string python, std::string dir)
      : process_(std::move(process)),
        port_(port),
        python_(std::move(python)),
        dir_(std::move(dir)) {}
  PeerProcess process_;
  int port_;
  std::string python_;
  std::string dir_;
};

// The AWS account and keys moto answers for by default.
inline constexpr char kMotoAccount[] = "123456789012";
inline constexpr char kMotoRegion[] = "us-east-1";

}  // namespace paved::test_support
