#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::grafana {

struct Folder {
  std::string uid;
  std::string title;
};

// Grafana's answer to a saved dashboard (POST /api/dashboards/db).
struct SavedDashboard {
  int64_t id = 0;
  std::string uid;
  std::string url;  // path on Grafana, e.g. "/d/ns-prod-checkout-1a2b3c4d5e/checkout"
  std::string status;
  int64_t version = 0;
};

// A dashboard as Grafana holds it now (GET /api/dashboards/uid/{uid}).
struct CurrentDashboard {
  nlohmann::json dashboard;
  int64_t version = 0;
  std::string folder_uid;
  std::string url;
  std::string updated_by;
};

// An annotation on one dashboard (POST /api/annotations); Unix milliseconds.
struct Annotation {
  std::string dashboard_uid;
  int64_t time_ms = 0;
  std::vector<std::string> tags;
  std::string text;
};

// Errors, so callers can decide: InvalidArgument for 400 (Grafana's message attached);
// Unauthenticated for 401 (token missing or wrong); PermissionDenied for 403; FailedPrecondition
// for 412, with Grafana's `status` readable by PreconditionStatus(); Unavailable for 5xx,
// timeouts and connection errors (retry later); Internal for an answer Paved cannot read.
// "version-mismatch", "name-exists", "plugin-dashboard" of a 412; "" otherwise.
std::string PreconditionStatus(const absl::Status& status);

// The Grafana HTTP API calls Paved makes, authenticated with a service-account token.
// Thread-safe.
class Client {
 public:
  virtual ~Client() = default;
  // GET /api/folders/{uid}; nullopt when Grafana answers 404.
  virtual absl::StatusOr<std::optional<Folder>> GetFolder(const std::string& uid) = 0;
  // POST /api/folders.
  virtual absl::StatusOr<Folder> CreateFolder(const std::string& uid, const std::string& title) = 0;
  // GET /api/dashboards/uid/{uid}; nullopt when Grafana answers 404.
  virtual absl::StatusOr<std::optional<CurrentDashboard>> GetDashboard(const std::string& uid) = 0;
  // POST /api/dashboards/db with {dashboard, folderUid, overwrite, message}. Without overwrite,
  // Grafana refuses (412 version-mismatch) a dashboard whose `version` is not its current one.
  virtual absl::StatusOr<SavedDashboard> SaveDashboard(const nlohmann::json& dashboard,
                                                       const std::string& folder_uid,
                                                       bool overwrite,
                                                       const std::string& message) = 0;
  // POST /api/annotations; returns the annotation's id.
  virtual absl::StatusOr<int64_t> AddAnnotation(const Annotation& annotation) = 0;
};

struct ClientOptions {
  std::string url;    // Grafana's base URL, e.g. "https://grafana.example" (no /api)
  std::string token;  // service-account token, sent as a bearer token
  std::chrono::milliseconds timeout{10'000};
};
// REQUIRES: `http` outlives the client.
std::unique_ptr<Client> NewHttpClient(ClientOptions options, http::Client* http);

}  // namespace paved::monitoring::grafana
