#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paved::deploy::runtime::kubernetes::testing {
namespace {

using nlohmann::json;

const char* ReasonFor(int code) {
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    default:
      return code >= 500 ? "InternalError" : "BadRequest";
  }
}

http::Response JsonResponse(int code, const json& body) {
  http::Response r;
  r.status = code;
  r.SetHeader("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

http::Response Failure(int code, const std::string& message) {
  return JsonResponse(code, StatusObject(code, ReasonFor(code), message));
}

// One term of an equality-based label selector.
bool Matches(const json& labels, absl::string_view term) {
  if (term.empty()) return true;
  if (absl::StartsWith(term, "!")) return !labels.contains(std::string(term.substr(1)));
  size_t op = term.find("!=");
  if (op != absl::string_view::npos) {
    const std::string key(term.substr(0, op));
    return !labels.contains(key) || labels[key] != std::string(term.substr(op + 2));
  }
  op = term.find('=');
  if (op == absl::string_view::npos) return labels.contains(std::string(term));
  const std::string key(term.substr(0, op));
  absl::string_view value = term.substr(op + 1);
  if (absl::StartsWith(value, "=")) value.remove_prefix(1);
  return labels.contains(key) && labels[key] == std::string(value);
}

// One term of a field selector: dotted.path=value, dotted.path==value or dotted.path!=value.
bool FieldMatches(const json& object, absl::string_view term) {
  if (term.empty()) return true;
  const bool negated = absl::StrContains(term, "!=");
  const size_t op = term.find(negated ? "!=" : "=");
  if (op == absl::string_view::npos) return false;
  absl::string_view value = term.substr(op + (negated ? 2 : 1));
  if (!negated && absl::StartsWith(value, "=")) value.remove_prefix(1);
  const json* at = &object;
  for (absl::string_view key : absl::StrSplit(term.substr(0, op), '.')) {
    if (!at->is_object() || !at->contains(std::string(key))) {
      at = nullptr;
      break;
    }
    at = &(*at)[std::string(key)];
  }
  const std::string actual = at != nullptr && at->is_string() ? at->get<std::string>() : "";
  return (actual == std::string(value)) != negated;
}

bool MatchesFields(const json& object, const std::string& selector) {
  for (absl::string_view term : absl::StrSplit(selector, ',')) {
    if (!FieldMatches(object, term)) return false;
  }
  return true;
}

std::string QueryValue(const http::Request& req, const std::string& name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

bool MatchesSelector(const json& object, const std::string& selector) {
  if (selector.empty()) return true;
  const json labels = object.value("metadata", json::object()).value("labels", json::object());
  for (absl::string_view term : absl::StrSplit(selector, ',')) {
    if (!Matches(labels, term)) return false;
  }
  return true;
}

json CompleteStatus(int64_t generation, int64_t replicas) {
  return {{"observedGeneration", generation},
          {"replicas", replicas},
          {"updatedReplicas", replicas},
          {"readyReplicas", replicas},
          {"availableReplicas", replicas},
          {"conditions",
           {{{"type", "Available"}, {"status", "True"}, {"reason", "MinimumReplicasAvailable"}},
            {{"type", "Progressing"}, {"status", "True"}, {"reason", "NewReplicaSetAvailable"}}}}};
}

}  // namespace

json StatusObject(int code, const std::string& reason, const std::string& message) {
  return {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
          {"status", "Failure"}, {"message", message}, {"reason", reason},
          {"code", code}};
}

FakeApiServer::FakeApiServer(std::string token) : token_(std::move(token)) {}

FakeApiServer::~FakeApiServer() {
  if (server_ != nullptr) server_->Stop();
}

absl::StatusOr<std::string> FakeApiServer::Start() {
  http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.shutdown_grace = std::chrono::seconds(1);
  server_ = http::NewServer(options, [this](http::Request& req) { return Handle(req); });
  absl::StatusOr<uint16_t> port = server_->Start();
  if (!port.ok()) return port.status();
  return absl::StrCat("http://127.0.0.1:", *port);
}

std::vector<RecordedRequest> FakeApiServer::Requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

void FakeApiServer::ClearRequests() {
  absl::MutexLock lock(&mu_);
  requests_.clear();
}

std::optional<json> FakeApiServer::Object(const std::string& path) const {
  absl::MutexLock lock(&mu_);
  const size_t slash = path.rfind('/');
  auto collection = objects_.find(path.substr(0, slash));
  if (collection == objects_.end()) return std::nullopt;
  auto it = collection->second.find(path.substr(slash + 1));
  if (it == collection->second.end()) return std::nullopt;
  return it->second;
}

void FakeApiServer::Put(const std::string& collection, json object) {
  absl::MutexLock lock(&mu_);
  const std::string name = object["metadata"].value("name", "");
  object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
  objects_[collection][name] = std::move(object);
}

void FakeApiServer::ScriptDeployment(const std::string& path, std::vector<json> statuses) {
  absl::MutexLock lock(&mu_);
  scripts_[path] = std::deque<json>(statuses.begin(), statuses.end());
}

void FakeApiServer::FailNext(int code, const std::string& message, int after) {
  absl::MutexLock lock(&mu_);
  fail_next_ = std::make_pair(code, message);
  fail_after_ = after;
}

void FakeApiServer::SetLogs(const std::string& ns, const std::string& name,
                            const std::string& text) {
  absl::MutexLock lock(&mu_);
  logs_[ns + "/" + name] = text;
}

void FakeApiServer::RemoveApi(const std::string& group_version) {
  absl::MutexLock lock(&mu_);
  removed_apis_.insert(group_version);
}

void FakeApiServer::FailNextWatch(int code, const std::string& message) {
  absl::MutexLock lock(&mu_);
  fail_next_watch_ = std::make_pair(code, message);
}

void FakeApiServer::ExpireBefore(int64_t resource_version) {
  absl::MutexLock lock(&mu_);
  oldest_watchable_ = resource_version;
}

int64_t FakeApiServer::ResourceVersion() const {
  absl::MutexLock lock(&mu_);
  return resource_version_;
}

std::optional<FakeApiServer::Target> FakeApiServer::Parse(const std::string& path) const {
  std::vector<std::string> s = absl::StrSplit(path, '/', absl::SkipEmpty());
  size_t prefix = 0;
  if (s.size() >= 2 && s[0] == "api") prefix = 2;
  if (s.size() >= 3 && s[0] == "apis") prefix = 3;
  if (prefix == 0 || s.size() == prefix) return std::nullopt;
  std::string base;
  for (size_t i = 0; i < prefix; ++i) absl::StrAppend(&base, "/", s[i]);
  const std::vector<std::string> rest(s.begin() + prefix, s.end());
  Target t;
  if (rest[0] == "namespaces" && rest.size() >= 3) {
    if (rest.size() == 5 && rest[2] == "pods" && rest[4] == "log") t.subresource = "log";
    if (rest.size() > 4 && t.subresource.empty()) return std::nullopt;
    t.namespace_name = rest[1];
    t.collection = absl::StrCat(base, "/namespaces/", rest[1], "/", rest[2]);
    if (rest.size() >= 4) t.name = rest[3];
    return t;
  }
  if (rest.size() > 2) return std::nullopt;
  t.collection = absl::StrCat(base, "/", rest[0]);
  if (rest.size() == 2) t.name = rest[1];
  return t;
}

http::Response FakeApiServer::Handle(const http::Request& req) {
  absl::MutexLock lock(&mu_);
  requests_.push_back({req.method, req.path, req.query, req.headers, req.body});
  if (req.Header("Authorization") != "Bearer " + token_) return Failure(401, "Unauthorized");
  const std::string watch = req.query.count("watch") ? req.query.at("watch") : "";
  if (fail_next_watch_.has_value() && (watch == "true" || watch == "1")) {
    auto [code, message] = *fail_next_watch_;
    fail_next_watch_.reset();
    return Failure(code, message);
  }
  if (fail_next_.has_value() && fail_after_-- <= 0) {
    auto [code, message] = *fail_next_;
    fail_next_.reset();
    return Failure(code, message);
  }
  return Dispatch(req);
}

http::Response FakeApiServer::Dispatch(const http::Request& req) {
  for (const std::string& api : removed_apis_) {
    if (absl::StartsWith(req.path, "/apis/" + api + "/")) {
      return Failure(404, "the server could not find the requested resource");
    }
  }
  std::optional<Target> t = Parse(req.path);
  if (!t.has_value()) return Failure(404, "the server could not find the requested resource");
  if (req.method == "GET" && !t->subresource.empty()) return Log(req, *t);
  if (req.method == "PATCH" && !t->name.empty()) return ApplyPatch(req, *t);
  if (req.method == "GET" && !t->name.empty()) return GetObject(*t);
  if (req.method == "GET") return List(req, *t);
  if (req.method == "DELETE" && !t->name.empty()) return DeleteObject(*t);
  return Failure(405, absl::StrCat("the server does not allow this method on the requested "
                                   "resource: ",
                                   req.method));
}

http::Response FakeApiServer::ApplyPatch(const http::Request& req, const Target& t) {
  if (req.Header("Content-Type") != "application/apply-patch+yaml") {
    return Failure(415,
                   "the body of the request was in an unknown format - accepted media types "
                   "include: application/json-patch+json, application/merge-patch+json, "
                   "application/apply-patch+yaml, application/strategic-merge-patch+json");
  }
  if (req.query.count("fieldManager") == 0 || req.query.at("fieldManager").empty()) {
    return Failure(422,
                   "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                   "is required for apply patch");
  }
  json object = json::parse(req.body, nullptr, false);
  if (!object.is_object()) return Failure(400, "error decoding YAML: invalid body");
  const json meta = object.value("metadata", json::object());
  const std::string name = meta.value("name", "");
  if (object.value("kind", "").empty() || object.value("apiVersion", "").empty() || name.empty()) {
    return Failure(422, absl::StrCat("Object '", t.name,
                                     "' is invalid: kind, apiVersion and metadata.name: "
                                     "Required value"));
  }
  if (name != t.name) {
    return Failure(400, absl::StrCat("the name of the object (", name,
                                     ") does not match the name on the URL (", t.name, ")"));
  }
  if (!t.namespace_name.empty()) {
    if (meta.value("namespace", t.namespace_name) != t.namespace_name) {
      return Failure(400,
                     "the namespace of the provided object does not match the namespace "
                     "sent on the request");
    }
    if (objects_["/api/v1/namespaces"].count(t.namespace_name) == 0) {
      return Failure(404, absl::StrCat("namespaces \"", t.namespace_name, "\" not found"));
    }
    object["metadata"]["namespace"] = t.namespace_name;
  }
  auto& collection = objects_[t.collection];
  auto existing = collection.find(name);
  const bool created = existing == collection.end();
  int64_t generation = 1;
  if (!created) {
    const json& old = existing->second;
    generation = old["metadata"].value("generation", 1);
    object["metadata"]["uid"] = old["metadata"]["uid"];
    object["metadata"]["creationTimestamp"] = old["metadata"]["creationTimestamp"];
    if (old.contains("status")) object["status"] = old["status"];
  }
  if (object.value("kind", "") == "Deployment" && object.contains("spec") &&
      !object["spec"].contains("replicas")) {
    object["spec"]["replicas"] =
        created ? json(1)
                : existing->second.value("spec", json::object()).value("replicas", json(1));
  }
  if (!created) {
    const json& old = existing->second;
    if (old.value("spec", json()) != object.value("spec", json())) ++generation;
  } else {
    object["metadata"]["uid"] = absl::StrCat("00000000-0000-0000-0000-", next_uid_++);
    object["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z";
  }
  object["metadata"]["generation"] = generation;
  object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
  collection[name] = object;
  return JsonResponse(created ? 201 : 200, object);
}

void FakeApiServer::Progress(const std::string& path, json& d) {
  const int64_t generation = d["metadata"].value("generation", 1);
  auto script = scripts_.find(path);
  if (script == scripts_.end() || script->second.empty()) {
    d["status"] = CompleteStatus(generation, d.value("spec", json::object()).value("replicas", 1));
    return;
  }
  json status = script->second.front();
  if (script->second.size() > 1) script->second.pop_front();
  if (!status.contains("observedGeneration")) status["observedGeneration"] = generation;
  d["status"] = std::move(status);
  d["metadata"]["resourceVersion"] = std::to_string(++resource_version_);  // a status write
}

http::Response FakeApiServer::GetObject(const Target& t) {
  auto& collection = objects_[t.collection];
  auto it = collection.find(t.name);
  if (it == collection.end()) {
    const std::string plural = t.collection.substr(t.collection.rfind('/') + 1);
    return Failure(404, absl::StrCat(plural, " \"", t.name, "\" not found"));
  }
  if (it->second.value("kind", "") == "Deployment") Progress(t.Path(), it->second);
  return JsonResponse(200, it->second);
}

http::Response FakeApiServer::Watch(const http::Request& req, const Target& t) {
  const std::string rv = QueryValue(req, "resourceVersion");
  std::vector<json> events;
  if (!rv.empty() && rv != "0" && std::stoll(rv) < oldest_watchable_) {
    events.push_back({{"type", "ERROR"},
                      {"object", StatusObject(410, "Expired",
                                              absl::StrCat("too old resource version: ", rv, " (",
                                                           oldest_watchable_, ")"))}});
  } else {
    const std::string labels = QueryValue(req, "labelSelector");
    const std::string fields = QueryValue(req, "fieldSelector");
    for (auto& [name, object] : objects_[t.collection]) {
      if (!MatchesSelector(object, labels) || !MatchesFields(object, fields)) continue;
      if (rv.empty() || rv == "0") events.push_back({{"type", "ADDED"}, {"object", object}});
      auto script = scripts_.find(t.collection + "/" + name);
      if (object.value("kind", "") != "Deployment" || script == scripts_.end()) continue;
      while (!script->second.empty()) {
        const bool last = script->second.size() == 1;
        Progress(t.collection + "/" + name, object);
        events.push_back({{"type", "MODIFIED"}, {"object", object}});
        if (last) break;
      }
    }
  }
  http::Response r;
  r.SetHeader("Content-Type", "application/json");
  for (const json& e : events) absl::StrAppend(&r.body, e.dump(), "\n");
  return r;
}

http::Response FakeApiServer::List(const http::Request& req, const Target& t) {
  const std::string watch = QueryValue(req, "watch");
  if (watch == "true" || watch == "1") return Watch(req, t);
  const std::string selector =
      req.query.count("labelSelector") ? req.query.at("labelSelector") : "";
  const std::string fields = QueryValue(req, "fieldSelector");
  std::map<std::string, const json*> items;  // by namespace/name: the order of a real list
  const std::string plural = t.collection.substr(t.collection.rfind('/') + 1);
  const std::string base = t.collection.substr(0, t.collection.rfind('/'));
  for (const auto& [collection, objects] : objects_) {
    const bool all_namespaces = t.namespace_name.empty() && plural != "namespaces" &&
                                absl::StartsWith(collection, base + "/namespaces/") &&
                                absl::EndsWith(collection, "/" + plural);
    if (collection != t.collection && !all_namespaces) continue;
    for (const auto& [name, object] : objects) {
      if (!MatchesSelector(object, selector) || !MatchesFields(object, fields)) continue;
      const auto meta = object.find("metadata");
      const std::string ns = meta != object.end() ? meta->value("namespace", "") : "";
      items[ns + "/" + name] = &object;
    }
  }
  return Chunk(req, std::move(items));
}

http::Response FakeApiServer::Chunk(const http::Request& req,
                                    const std::map<std::string, const json*>& items) {
  json metadata = {{"resourceVersion", std::to_string(resource_version_)}};
  auto from = items.begin();
  int64_t snapshot = resource_version_;  // a token carries the version of the first chunk
  const std::string token = QueryValue(req, "continue");
  if (!token.empty()) {
    std::string decoded;
    json parsed;
    if (absl::Base64Unescape(token, &decoded)) parsed = json::parse(decoded, nullptr, false);
    if (!parsed.is_object() || !parsed.value("rv", json()).is_number_integer() ||
        !parsed.value("start", json()).is_string()) {
      return Failure(400, "continue key is not valid: invalid continue token");
    }
    if (parsed["rv"].get<int64_t>() < oldest_watchable_) {
      return Failure(410,
                     "The provided continue parameter is too old to display a consistent list "
                     "result. You can start a new list without the continue parameter.");
    }
    snapshot = parsed["rv"].get<int64_t>();
    from = items.upper_bound(parsed["start"].get<std::string>());
  }
  const std::string limit_text = QueryValue(req, "limit");
  const size_t limit = limit_text.empty() ? items.size() : std::stoul(limit_text);
  json page = json::array();
  for (; from != items.end() && (limit == 0 || page.size() < limit); ++from) {
    json item = *from->second;
    item.erase("kind");
    item.erase("apiVersion");
    page.push_back(std::move(item));
  }
  if (from != items.end()) {
    const json next = {
        {"v", "meta.k8s.io/v1"}, {"rv", snapshot}, {"start", std::prev(from)->first}};
    metadata["continue"] = absl::Base64Escape(next.dump());
    metadata["remainingItemCount"] = std::distance(from, items.end());
  }
  return JsonResponse(200, {{"kind", "List"},
                            {"apiVersion", "v1"},
                            {"metadata", std::move(metadata)},
                            {"items", std::move(page)}});
}

http::Response FakeApiServer::Log(const http::Request& req, const Target& t) {
  auto it = logs_.find(t.namespace_name + "/" + t.name);
  if (it == logs_.end()) return Failure(404, absl::StrCat("pods \"", t.name, "\" not found"));
  std::vector<std::string> lines = absl::StrSplit(it->second, '\n', absl::SkipEmpty());
  if (req.query.count("tailLines") > 0) {
    const size_t tail = std::stoul(req.query.at("tailLines"));
    if (lines.size() > tail) lines.erase(lines.begin(), lines.end() - tail);
  }
  http::Response r;
  r.SetHeader("Content-Type", "text/plain");
  for (const std::string& line : lines) absl::StrAppend(&r.body, line, "\n");
  return r;
}

http::Response FakeApiServer::DeleteObject(const Target& t) {
  auto& collection = objects_[t.collection];
  auto it = collection.find(t.name);
  const std::string plural = t.collection.substr(t.collection.rfind('/') + 1);
  if (it == collection.end()) {
    return Failure(404, absl::StrCat(plural, " \"", t.name, "\" not found"));
  }
  const json uid = it->second["metadata"].value("uid", "");
  collection.erase(it);
  return JsonResponse(200, {{"kind", "Status"},
                            {"apiVersion", "v1"},
                            {"metadata", json::object()},
                            {"status", "Success"},
                            {"details", {{"name", t.name}, {"kind", plural}, {"uid", uid}}}});
}

}  // namespace paved::deploy::runtime::kubernetes::testing
