#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "http/message.h"
#include "http/server.h"
#include "nlohmann/json.hpp"
#include "providers/aws/sigv4.h"

namespace paved::aws::testing {

// An in-process Resource Groups Tagging API on 127.0.0.1:<free port>, for tests. It answers
// GetResources (paginated with PaginationToken), TagResources and UntagResources
// (FailedResourcesMap) as the AWS
// API reference documents them, and VERIFIES the SigV4 signature of every request by recomputing
// it with the one key pair it knows: a signing bug fails with InvalidSignatureException (403).
// The region of a call is taken from the signature's credential scope, so one endpoint serves
// every region. Thread-safe.
class FakeTaggingServer {
 public:
  explicit FakeTaggingServer(Credentials credentials) : credentials_(std::move(credentials)) {}
  ~FakeTaggingServer();

  // Binds 127.0.0.1:0 and serves on a background thread.
  absl::Status Start();
  // "http://127.0.0.1:PORT" — use it as the client's endpoint.
  std::string endpoint() const;

  void AddResource(const std::string& region, const std::string& arn,
                   std::map<std::string, std::string> tags);
  // Tags of a resource; empty when unknown.
  std::map<std::string, std::string> TagsOf(const std::string& region,
                                            const std::string& arn) const;
  // At most this many resources per GetResources page (AWS caps ResourcesPerPage at 100).
  void SetPageSize(int n);
  // The next `count` requests fail with this AWS error, e.g. (400, "ThrottlingException", ...).
  void FailNext(int http_status, const std::string& code, const std::string& message,
                int count = 1);
  // TagResources reports `arn` in FailedResourcesMap instead of tagging it.
  void FailTagging(const std::string& arn, const std::string& code, const std::string& message);

  struct Call {
    std::string operation;  // "GetResources", "TagResources", "" when rejected before dispatch
    std::string region;
    nlohmann::json body;
    int status = 0;  // HTTP status answered
  };
  std::vector<Call> calls() const;
  int rejected_signatures() const;

 private:
  struct Injected {
    int status;
    std::string code, message;
  };
  struct Failure {
    std::string code, message;
  };
  http::Response Handle(http::Request& req);
  // Empty error code when the signature is right; fills `region` from the credential scope.
  http::Response Verify(const http::Request& req, std::string& region, bool& ok);
  http::Response Dispatch(const std::string& operation, const std::string& region,
                          const nlohmann::json& body) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response GetResources(const std::string& region, const nlohmann::json& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response TagResources(const std::string& region, const nlohmann::json& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response UntagResources(const std::string& region, const nlohmann::json& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Credentials credentials_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  mutable absl::Mutex mu_;
  // region -> arn -> tags
  std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> resources_
      ABSL_GUARDED_BY(mu_);
  int page_size_ ABSL_GUARDED_BY(mu_) = 100;
  std::deque<Injected> injected_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Failure> fail_tagging_ ABSL_GUARDED_BY(mu_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
  int rejected_signatures_ ABSL_GUARDED_BY(mu_) = 0;
};

// The JSON 1.1 error answer AWS gives: {"__type": "...#Code", "message": "..."}.
http::Response AwsErrorResponse(int status, const std::string& code, const std::string& message);

}  // namespace paved::aws::testing
