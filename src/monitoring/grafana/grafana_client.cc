#include "monitoring/grafana/grafana_client.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::monitoring::grafana {
namespace {

constexpr char kPreconditionPayload[] = "paved.dev/grafana-precondition";

std::string MessageOf(const nlohmann::json& body, const std::string& fallback) {
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    return body["message"].get<std::string>();
  }
  return fallback;
}

// Maps one answer to its JSON body or the error callers branch on; 404 is NotFound.
absl::StatusOr<nlohmann::json> ParseAnswer(const std::string& what,
                                           const absl::StatusOr<http::ClientResponse>& res) {
  if (!res.ok()) {
    return absl::UnavailableError(absl::StrCat("Grafana ", what, ": ", res.status().message()));
  }
  nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
  std::string message =
      absl::StrCat("Grafana ", what, ": ", MessageOf(body, absl::StrCat("HTTP ", res->status)));
  switch (res->status) {
    case 200:
      if (body.is_discarded()) return absl::InternalError(message + " (not JSON)");
      return body;
    case 400:
      return absl::InvalidArgumentError(message);
    case 401:
      return absl::UnauthenticatedError(message + " (check the Grafana token)");
    case 403:
      return absl::PermissionDeniedError(message);
    case 404:
      return absl::NotFoundError(message);
    case 412: {
      absl::Status status = absl::FailedPreconditionError(message);
      status.SetPayload(kPreconditionPayload, absl::Cord(body.value("status", "")));
      return status;
    }
    default:
      if (res->status >= 500) return absl::UnavailableError(message);
      return absl::InternalError(message);
  }
}

class HttpClient : public Client {
 public:
  HttpClient(ClientOptions options, http::Client* http)
      : options_(std::move(options)), http_(http) {
    while (!options_.url.empty() && options_.url.back() == '/') options_.url.pop_back();
  }

  absl::StatusOr<std::optional<Folder>> GetFolder(const std::string& uid) override {
    auto body = Call("GET", "/api/folders/" + http::UrlEncode(uid), "", "folder " + uid);
    if (absl::IsNotFound(body.status())) return std::nullopt;
    if (!body.ok()) return body.status();
    return Folder{body->value("uid", uid), body->value("title", "")};
  }

  absl::StatusOr<Folder> CreateFolder(const std::string& uid, const std::string& title) override {
    nlohmann::json request = {{"uid", uid}, {"title", title}};
    ASSIGN_OR_RETURN(nlohmann::json body,
                     Call("POST", "/api/folders", request.dump(), "create folder " + uid));
    return Folder{body.value("uid", uid), body.value("title", title)};
  }

  absl::StatusOr<std::optional<CurrentDashboard>> GetDashboard(const std::string& uid) override {
    auto body = Call("GET", "/api/dashboards/uid/" + http::UrlEncode(uid), "", "dashboard " + uid);
    if (absl::IsNotFound(body.status())) return std::nullopt;
    if (!body.ok()) return body.status();
    if (!body->contains("dashboard") || !(*body)["dashboard"].is_object()) {
      return absl::InternalError("Grafana dashboard " + uid + ": answer without a dashboard");
    }
    CurrentDashboard d;
    d.dashboard = (*body)["dashboard"];
    d.version = d.dashboard.value("version", int64_t{0});
    const nlohmann::json meta = body->value("meta", nlohmann::json::object());
    d.folder_uid = meta.value("folderUid", "");
    d.url = meta.value("url", "");
    d.updated_by = meta.value("updatedBy", "");
    return d;
  }

  absl::StatusOr<SavedDashboard> SaveDashboard(const nlohmann::json& dashboard,
                                               const std::string& folder_uid, bool overwrite,
                                               const std::string& message) override {
    nlohmann::json request = {{"dashboard", dashboard},
                              {"folderUid", folder_uid},
                              {"overwrite", overwrite},
                              {"message", message}};
    std::string uid = dashboard.value("uid", "");
    ASSIGN_OR_RETURN(nlohmann::json body,
                     Call("POST", "/api/dashboards/db", request.dump(), "save dashboard " + uid));
    return SavedDashboard{body.value("id", int64_t{0}), body.value("uid", uid),
                          body.value("url", ""), body.value("status", ""),
                          body.value("version", int64_t{0})};
  }

  absl::StatusOr<int64_t> AddAnnotation(const Annotation& a) override {
    nlohmann::json request = {
        {"dashboardUID", a.dashboard_uid}, {"time", a.time_ms}, {"tags", a.tags}, {"text", a.text}};
    ASSIGN_OR_RETURN(nlohmann::json body, Call("POST", "/api/annotations", request.dump(),
                                               "annotation on " + a.dashboard_uid));
    return body.value("id", int64_t{0});
  }

 private:
  absl::StatusOr<nlohmann::json> Call(const std::string& method, const std::string& path,
                                      const std::string& body, const std::string& what) {
    http::ClientHeaders headers = {{"Accept", "application/json"},
                                   {"Authorization", "Bearer " + options_.token}};
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    return ParseAnswer(what,
                       http_->Send(method, options_.url + path, headers, body, options_.timeout));
  }

  ClientOptions options_;
  http::Client* http_;
};

}  // namespace

std::string PreconditionStatus(const absl::Status& status) {
  auto payload = status.GetPayload(kPreconditionPayload);
  return payload ? std::string(*payload) : "";
}

std::unique_ptr<Client> NewHttpClient(ClientOptions options, http::Client* http) {
  return std::make_unique<HttpClient>(std::move(options), http);
}

}  // namespace paved::monitoring::grafana
