#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/runtime/kubernetes/kube_config.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::runtime::kubernetes {

// The Kubernetes API server's answer `status` / `body` as a Status, `what` naming the call
// ("apply Deployment chat/web"): OK for 2xx; 5xx and 429 → Unavailable; 401 → Unauthenticated;
// 403 → PermissionDenied; 404 → NotFound; 409 → Aborted; other 4xx → InvalidArgument. The
// message carries the code and the server's Status message.
absl::Status StatusFromResponse(int status, const std::string& body, const std::string& what);

// The few REST calls Paved makes, with the bearer token. Every error names the call; transport
// failures and timeouts are Unavailable.
class ApiClient {
 public:
  // `http` must outlive this object.
  ApiClient(http::Client* http, Credentials credentials, std::chrono::milliseconds timeout)
      : http_(http), credentials_(std::move(credentials)), timeout_(timeout) {}

  // Server-side apply of `object` at `path`: PATCH ?fieldManager=...&force=true with
  // Content-Type application/apply-patch+yaml (JSON is YAML). Returns the object as stored.
  absl::StatusOr<nlohmann::json> Apply(const std::string& path, const nlohmann::json& object,
                                       const std::string& field_manager, const std::string& what);
  // The object at `path`; NotFound when it does not exist.
  absl::StatusOr<nlohmann::json> Get(const std::string& path, const std::string& what);
  // The body of a text answer (pod logs) at `target` (path and query).
  absl::StatusOr<std::string> GetText(const std::string& target, const std::string& what);
  // The `items` of a collection, filtered by `label_selector` and `field_selector` when not
  // empty.
  absl::StatusOr<nlohmann::json> List(const std::string& collection,
                                      const std::string& label_selector, const std::string& what,
                                      const std::string& field_selector = "");
  // One page of a chunked list of `collection` (Kubernetes API concepts, "Retrieving large
  // results sets in chunks"): GET ?limit=`limit` and, after the first page, &continue=`token`.
  // `next` is the server's metadata.continue ("" on the last page). OutOfRange when the
  // continue token has expired (410 Gone): list again from the first page.
  struct Page {
    nlohmann::json items = nlohmann::json::array();
    std::string next;
  };
  absl::StatusOr<Page> ListPage(const std::string& collection, int limit, const std::string& token,
                                const std::string& what);
  // One bounded watch of `collection` (GET ?watch=true&resourceVersion=&fieldSelector=
  // &timeoutSeconds=): the events {"type":"ADDED|MODIFIED|DELETED|BOOKMARK","object":{...}} the
  // server sent, in order. The HTTP client reads whole answers, so the call returns when the
  // server ends the stream — at the latest after `timeout_seconds`, which the server honours.
  // OutOfRange when the resource version is too old (410 Gone, as the HTTP status or as an ERROR
  // event): list again and watch from the new version. Other ERROR events are Unavailable.
  absl::StatusOr<std::vector<nlohmann::json>> Watch(const std::string& collection,
                                                    const std::string& field_selector,
                                                    const std::string& resource_version,
                                                    int timeout_seconds, const std::string& what);
  // Deletes the object at `path` (background propagation). A missing object is success.
  absl::Status Delete(const std::string& path, const std::string& what);

 private:
  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& target,
                                            const std::string& content_type,
                                            const std::string& body, const std::string& what,
                                            std::chrono::milliseconds timeout);
  absl::StatusOr<nlohmann::json> JsonOf(const http::ClientResponse& r, const std::string& what);

  http::Client* http_;
  Credentials credentials_;
  std::chrono::milliseconds timeout_;
};

}  // namespace paved::deploy::runtime::kubernetes
