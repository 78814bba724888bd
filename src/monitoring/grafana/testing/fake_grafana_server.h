#pragma once

#include <cstdint>
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

namespace paved::monitoring::grafana::testing {

// An in-process Grafana HTTP API on 127.0.0.1:<free port>, for tests. It answers the calls
// Paved makes as Grafana documents them: bearer token required (401 {"message":"Unauthorized"});
// GET/POST /api/folders; POST /api/dashboards/db (200 {id, uid, url, status, version}; 400 for a
// missing dashboard or title; 412 {"status":"version-mismatch"} when, without overwrite, the
// posted version is not the current one; 412 {"status":"name-exists"} when another dashboard of
// the folder has the title; 404 for an unknown folder); GET /api/dashboards/uid/{uid}
// ({dashboard, meta}); POST /api/annotations. It keeps every version of each dashboard and lets
// a test edit a dashboard "by hand". Thread-safe.
class FakeGrafanaServer {
 public:
  explicit FakeGrafanaServer(std::string token = "glsa_test_token");
  ~FakeGrafanaServer();

  // Binds 127.0.0.1:0 and serves on background threads.
  absl::Status Start();
  std::string url() const;  // "http://127.0.0.1:PORT"

  struct StoredDashboard {
    std::string folder_uid;
    std::vector<nlohmann::json> versions;  // every saved model, oldest first
    std::vector<std::string> messages;     // the save message of each version
    std::string updated_by;
    const nlohmann::json& current() const { return versions.back(); }
  };
  // Whether Grafana holds `uid`; Dashboard(uid) has no versions when it does not.
  bool HasDashboard(const std::string& uid) const;
  StoredDashboard Dashboard(const std::string& uid) const;
  std::map<std::string, std::string> Folders() const;  // uid → title
  std::vector<nlohmann::json> Annotations() const;

  // A person edits the dashboard in Grafana's UI: its title changes (suffix " (edited)") and
  // its version goes up by one. Returns the new version; 0 when the uid is unknown.
  int64_t EditByHand(const std::string& uid);
  // The next save of `uid` happens after someone else's: Grafana's version moves on just
  // before Paved's save is judged (so it answers 412 version-mismatch).
  void EditBeforeNextSave(const std::string& uid);

  // Requests received, "METHOD path", in order.
  std::vector<std::string> Calls() const;
  int CallCount(const std::string& method_and_path_prefix) const;

 private:
  http::Response Handle(http::Request& req);
  http::Response Route(const http::Request& req) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response GetFolder(const std::string& uid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response CreateFolder(const nlohmann::json& body) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response GetDashboard(const std::string& uid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response SaveDashboard(const nlohmann::json& body) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  http::Response AddAnnotation(const nlohmann::json& body) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool TitleTaken(const std::string& folder, const std::string& title, const std::string& uid) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void BumpLocked(StoredDashboard& d, const std::string& who) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string token_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  mutable absl::Mutex mu_;
  std::map<std::string, std::string> folders_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, StoredDashboard> dashboards_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> ids_ ABSL_GUARDED_BY(mu_);
  std::vector<nlohmann::json> annotations_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> edit_before_save_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::monitoring::grafana::testing
