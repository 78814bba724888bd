#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "http/message.h"
#include "http/server.h"
#include "nlohmann/json.hpp"

// Test-only: an in-process Kubernetes API server on 127.0.0.1 (paved_http's Beast server) that
// answers as the real one documents for what Paved uses.
namespace paved::deploy::runtime::kubernetes::testing {

struct RecordedRequest {
  std::string method;
  std::string path;                          // decoded, without the query
  std::map<std::string, std::string> query;  // decoded
  http::Headers headers;
  std::string body;
};

// Semantics:
// - Every request needs "Authorization: Bearer <token>"; otherwise 401 with a Status object.
// - PATCH of an object path is server-side apply: Content-Type application/apply-patch+yaml
//   (else 415), query fieldManager (else 422); the body (JSON) needs apiVersion, kind and
//   metadata.name (else 422 Invalid) matching the URL (else 400); a namespaced object needs its
//   Namespace to exist (else 404). Creates (201) or updates (200) the object: the applied
//   fields replace the stored ones, metadata.uid/creationTimestamp are kept, resourceVersion
//   changes on every write, metadata.generation starts at 1 and grows when spec changes; status
//   is kept.
// - A Deployment applied without spec.replicas gets the stored value (else 1), as the API
//   server's defaulting and server-side apply keep the count an autoscaler set.
// - GET of an object (404 Status when absent); GET of a collection lists it, filtered by
//   labelSelector (k=v, k==v, k!=v, k, !k) and fieldSelector (dotted.path=v, ==, !=, e.g.
//   metadata.name=web, involvedObject.name=web-1); items carry no kind/apiVersion, as in a real
//   list. A namespaced kind listed without a namespace ("/api/v1/pods") lists every namespace.
// - A list with `limit` answers in chunks ("Retrieving large results sets in chunks"): at most
//   `limit` items in (namespace, name) order, and while more remain metadata.continue (an opaque
//   base64 token) and metadata.remainingItemCount; `continue` resumes after the token's last
//   item. Unlike the real server, later chunks show the objects as they are now, not as of the
//   first chunk. A token older than ExpireBefore's version answers 410 Expired, as after
//   compaction; a token that is not one of these answers 400.
// - GET of a collection with watch=true (or 1) answers 200 application/json with a stream of
//   newline-delimited events {"type","object"} for the objects matching the selectors, then ends
//   the stream (as the server does at timeoutSeconds): without resourceVersion (or "0") an ADDED
//   event per object first; for a scripted Deployment a MODIFIED event per remaining snapshot
//   (the last one stays for later reads), each with a new resourceVersion. A resourceVersion
//   older than ExpireBefore's answers one ERROR event carrying a 410 Expired Status ("too old
//   resource version"), as a real watch does after compaction.
// - GET .../pods/{name}/log answers the text set with SetLogs (404 Status for an unknown pod).
// - DELETE returns a Success Status (404 Status when absent).
// - Deployments get a status like the controller's: each GET takes the next scripted snapshot
//   (the last one stays); unscripted ones report a complete rollout of their generation.
// - Paths of a group/version removed with RemoveApi answer 404 (a CRD not installed).
class FakeApiServer {
 public:
  explicit FakeApiServer(std::string token);
  ~FakeApiServer();

  // Starts on 127.0.0.1 with a free port; returns the base URL "http://127.0.0.1:PORT".
  absl::StatusOr<std::string> Start();

  std::vector<RecordedRequest> Requests() const;
  void ClearRequests();
  // The stored object at an object path, e.g. "/apis/apps/v1/namespaces/chat/deployments/web".
  std::optional<nlohmann::json> Object(const std::string& path) const;
  // Stores `object` under `collection` (e.g. "/api/v1/namespaces/chat/pods"), as a controller
  // would create it (no validation, no generation).
  void Put(const std::string& collection, nlohmann::json object);
  // Status snapshots the Deployment at `path` reports, one per GET. A snapshot without
  // observedGeneration gets the object's current generation.
  void ScriptDeployment(const std::string& path, std::vector<nlohmann::json> statuses);
  // The request after the next `after` ones is answered with `code` and a Status carrying
  // `message`.
  void FailNext(int code, const std::string& message, int after = 0);
  // The same for the next watch request only.
  void FailNextWatch(int code, const std::string& message);
  // The log of pod `name` in `ns` (GET .../pods/{name}/log, honouring tailLines).
  void SetLogs(const std::string& ns, const std::string& name, const std::string& text);
  // Every path under "/apis/<group_version>" answers 404 from now on.
  void RemoveApi(const std::string& group_version);
  // Watches from a resourceVersion older than `resource_version` get 410 Expired from now on.
  void ExpireBefore(int64_t resource_version);
  // The current resourceVersion of the store.
  int64_t ResourceVersion() const;

  // The handler (also usable without a socket).
  http::Response Handle(const http::Request& req);

 private:
  struct Target {
    std::string collection;
    std::string namespace_name;  // "" for cluster-scoped
    std::string name;            // "" for the collection
    std::string subresource;     // "log" for pod logs
    std::string Path() const { return name.empty() ? collection : collection + "/" + name; }
  };
  std::optional<Target> Parse(const std::string& path) const;
  http::Response Dispatch(const http::Request& req) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response ApplyPatch(const http::Request& req, const Target& t)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response GetObject(const Target& t) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response List(const http::Request& req, const Target& t) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `items` (keyed by namespace/name) as one chunk of a list answer, honouring limit/continue.
  http::Response Chunk(const http::Request& req,
                       const std::map<std::string, const nlohmann::json*>& items)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response Watch(const http::Request& req, const Target& t)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response DeleteObject(const Target& t) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response Log(const http::Request& req, const Target& t) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Progress(const std::string& path, nlohmann::json& deployment)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string token_;
  std::unique_ptr<http::Server> server_;
  mutable absl::Mutex mu_;
  std::vector<RecordedRequest> requests_ ABSL_GUARDED_BY(mu_);
  // collection → name → object
  std::map<std::string, std::map<std::string, nlohmann::json>> objects_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::deque<nlohmann::json>> scripts_ ABSL_GUARDED_BY(mu_);
  std::optional<std::pair<int, std::string>> fail_next_ ABSL_GUARDED_BY(mu_);
  int fail_after_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<std::pair<int, std::string>> fail_next_watch_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> removed_apis_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> logs_ ABSL_GUARDED_BY(mu_);  // "ns/pod" → text
  int64_t resource_version_ ABSL_GUARDED_BY(mu_) = 100;
  int64_t oldest_watchable_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t next_uid_ ABSL_GUARDED_BY(mu_) = 1;
};

// A Status object as the API server sends it.
nlohmann::json StatusObject(int code, const std::string& reason, const std::string& message);

}  // namespace paved::deploy::runtime::kubernetes::testing
