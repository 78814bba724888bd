#include "monitoring/grafana/testing/fake_grafana_server.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace paved::monitoring::grafana::testing {
namespace {

http::Response Answer(int status, const nlohmann::json& body) {
  http::Response res;
  res.status = status;
  res.SetHeader("Content-Type", "application/json");
  res.body = body.dump();
  return res;
}

http::Response Message(int status, const std::string& message) {
  return Answer(status, {{"message", message}});
}

http::Response Precondition(const std::string& status, const std::string& message) {
  return Answer(412, {{"status", status}, {"message", message}});
}

std::string Slug(const std::string& title) {
  std::string out;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(std::tolower(c));
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  return out;
}

}  // namespace

FakeGrafanaServer::FakeGrafanaServer(std::string token) : token_(std::move(token)) {}

FakeGrafanaServer::~FakeGrafanaServer() {
  if (server_) server_->Stop();
}

absl::Status FakeGrafanaServer::Start() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.shutdown_grace = std::chrono::seconds(2);
  server_ = http::NewServer(options, [this](http::Request& req) { return Handle(req); });
  auto port = server_->Start();
  if (!port.ok()) return port.status();
  port_ = *port;
  return absl::OkStatus();
}

std::string FakeGrafanaServer::url() const { return absl::StrCat("http://127.0.0.1:", port_); }

bool FakeGrafanaServer::HasDashboard(const std::string& uid) const {
  absl::MutexLock lock(&mu_);
  return dashboards_.count(uid) > 0;
}

FakeGrafanaServer::StoredDashboard FakeGrafanaServer::Dashboard(const std::string& uid) const {
  absl::MutexLock lock(&mu_);
  auto it = dashboards_.find(uid);
  return it == dashboards_.end() ? StoredDashboard{} : it->second;
}

std::map<std::string, std::string> FakeGrafanaServer::Folders() const {
  absl::MutexLock lock(&mu_);
  return folders_;
}

std::vector<nlohmann::json> FakeGrafanaServer::Annotations() const {
  absl::MutexLock lock(&mu_);
  return annotations_;
}

std::vector<std::string> FakeGrafanaServer::Calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

int FakeGrafanaServer::CallCount(const std::string& prefix) const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(std::count_if(calls_.begin(), calls_.end(), [&](const std::string& c) {
    return absl::StartsWith(c, prefix);
  }));
}

void FakeGrafanaServer::BumpLocked(StoredDashboard& d, const std::string& who) {
  nlohmann::json next = d.current();
  next["version"] = next.value("version", int64_t{0}) + 1;
  next["title"] = next.value("title", "") + " (edited)";
  d.versions.push_back(next);
  d.messages.push_back("edited by " + who);
  d.updated_by = who;
}

int64_t FakeGrafanaServer::EditByHand(const std::string& uid) {
  absl::MutexLock lock(&mu_);
  auto it = dashboards_.find(uid);
  if (it == dashboards_.end()) return 0;
  BumpLocked(it->second, "someone");
  return it->second.current()["version"].get<int64_t>();
}

void FakeGrafanaServer::EditBeforeNextSave(const std::string& uid) {
  absl::MutexLock lock(&mu_);
  edit_before_save_.push_back(uid);
}

http::Response FakeGrafanaServer::Handle(http::Request& req) {
  absl::MutexLock lock(&mu_);
  calls_.push_back(req.method + " " + req.path);
  if (req.Header("Authorization") != "Bearer " + token_) return Message(401, "Unauthorized");
  return Route(req);
}

http::Response FakeGrafanaServer::Route(const http::Request& req) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (req.method == "POST" && body.is_discarded()) return Message(400, "bad request data");
  absl::string_view path = req.path;
  if (req.method == "GET" && absl::ConsumePrefix(&path, "/api/folders/")) {
    return GetFolder(std::string(path));
  }
  if (req.method == "POST" && path == "/api/folders") return CreateFolder(body);
  if (req.method == "GET" && absl::ConsumePrefix(&path, "/api/dashboards/uid/")) {
    return GetDashboard(std::string(path));
  }
  if (req.method == "POST" && path == "/api/dashboards/db") return SaveDashboard(body);
  if (req.method == "POST" && path == "/api/annotations") return AddAnnotation(body);
  return Message(404, "Not found");
}

http::Response FakeGrafanaServer::GetFolder(const std::string& uid) {
  auto it = folders_.find(uid);
  if (it == folders_.end()) return Message(404, "folder not found");
  return Answer(200, {{"uid", uid}, {"title", it->second}, {"url", "/dashboards/f/" + uid}});
}

http::Response FakeGrafanaServer::CreateFolder(const nlohmann::json& body) {
  std::string uid = body.value("uid", "");
  std::string title = body.value("title", "");
  if (title.empty()) return Message(400, "folder title cannot be empty");
  if (folders_.count(uid)) return Message(409, "a folder with the same uid already exists");
  for (const auto& [u, t] : folders_) {
    if (t == title) return Message(409, "a folder with the same name already exists");
  }
  folders_[uid] = title;
  return Answer(200, {{"uid", uid}, {"title", title}, {"url", "/dashboards/f/" + uid}});
}

http::Response FakeGrafanaServer::GetDashboard(const std::string& uid) {
  auto it = dashboards_.find(uid);
  if (it == dashboards_.end()) return Message(404, "Dashboard not found");
  const nlohmann::json& d = it->second.current();
  std::string url = "/d/" + uid + "/" + Slug(d.value("title", ""));
  return Answer(200, {{"dashboard", d},
                      {"meta",
                       {{"folderUid", it->second.folder_uid},
                        {"url", url},
                        {"version", d.value("version", int64_t{0})},
                        {"updatedBy", it->second.updated_by}}}});
}

bool FakeGrafanaServer::TitleTaken(const std::string& folder, const std::string& title,
                                   const std::string& uid) const {
  for (const auto& [u, d] : dashboards_) {
    if (u != uid && d.folder_uid == folder && d.current().value("title", "") == title) return true;
  }
  return false;
}

http::Response FakeGrafanaServer::SaveDashboard(const nlohmann::json& body) {
  if (!body.contains("dashboard") || !body["dashboard"].is_object()) {
    return Message(400, "bad request data: dashboard is required");
  }
  nlohmann::json d = body["dashboard"];
  std::string uid = d.value("uid", "");
  std::string title = d.value("title", "");
  std::string folder = body.value("folderUid", "");
  bool overwrite = body.value("overwrite", false);
  if (title.empty()) return Message(400, "Dashboard title cannot be empty");
  if (!folder.empty() && !folders_.count(folder)) return Message(400, "folder not found");
  auto edit = std::find(edit_before_save_.begin(), edit_before_save_.end(), uid);
  if (edit != edit_before_save_.end() && dashboards_.count(uid)) {
    edit_before_save_.erase(edit);
    BumpLocked(dashboards_[uid], "someone");
  }
  auto it = dashboards_.find(uid);
  int64_t current = it == dashboards_.end() ? 0 : it->second.current().value("version", 0);
  if (it != dashboards_.end() && !overwrite && d.value("version", int64_t{-1}) != current) {
    return Precondition("version-mismatch", "The dashboard has been changed by someone else");
  }
  if (!overwrite && TitleTaken(folder, title, uid)) {
    return Precondition("name-exists",
                        "A dashboard with the same name in the folder already exists");
  }
  if (!ids_.count(uid)) ids_[uid] = static_cast<int64_t>(ids_.size()) + 1;
  d["id"] = ids_[uid];
  d["version"] = current + 1;
  StoredDashboard& stored = dashboards_[uid];
  stored.folder_uid = folder;
  stored.versions.push_back(d);
  stored.messages.push_back(body.value("message", ""));
  stored.updated_by = "paved";
  return Answer(200, {{"id", ids_[uid]},
                      {"uid", uid},
                      {"url", "/d/" + uid + "/" + Slug(title)},
                      {"status", "success"},
                      {"version", current + 1},
                      {"slug", Slug(title)}});
}

http::Response FakeGrafanaServer::AddAnnotation(const nlohmann::json& body) {
  std::string uid = body.value("dashboardUID", "");
  if (!uid.empty() && !dashboards_.count(uid)) return Message(404, "Dashboard not found");
  if (body.value("text", "").empty()) return Message(400, "text is required");
  annotations_.push_back(body);
  return Answer(
      200, {{"message", "Annotation added"}, {"id", static_cast<int64_t>(annotations_.size())}});
}

}  // namespace paved::monitoring::grafana::testing
