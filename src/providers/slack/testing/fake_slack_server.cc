#include "providers/slack/testing/fake_slack_server.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/slack/slack_client.h"

namespace paved::slack::testing {
namespace {

http::Response JsonAnswer(int status, const nlohmann::json& body) {
  http::Response res;
  res.status = status;
  res.SetHeader("Content-Type", "application/json; charset=utf-8");
  res.body = body.dump();
  return res;
}

nlohmann::json SlackError(const std::string& error) { return {{"ok", false}, {"error", error}}; }

bool TsAfter(const std::string& ts, const std::string& oldest) {
  return oldest.empty() || TsKey(ts) > TsKey(oldest);
}

// Query or form values arrive as strings; JSON bodies as JSON. Reads either as a string.
std::string Param(const nlohmann::json& params, const char* key) {
  if (!params.contains(key)) return "";
  const auto& v = params[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

bool TruthyParam(const nlohmann::json& params, const char* key) {
  if (!params.contains(key)) return false;
  const auto& v = params[key];
  return v.is_boolean() ? v.get<bool>()
                        : (Param(params, key) == "true" || Param(params, key) == "1");
}

nlohmann::json BlocksParam(const nlohmann::json& params) {
  if (!params.contains("blocks")) return nlohmann::json::array();
  const auto& v = params["blocks"];
  if (v.is_string()) return nlohmann::json::parse(v.get<std::string>(), nullptr, false);
  return v;
}

nlohmann::json MessageJson(const FakeSlackServer::StoredMessage& m, bool with_metadata) {
  nlohmann::json j = {{"type", "message"},   {"subtype", "bot_message"},
                      {"bot_id", "B0PAVED"}, {"text", m.text},
                      {"ts", m.ts},          {"blocks", m.blocks}};
  if (!m.thread_ts.empty()) j["thread_ts"] = m.thread_ts;
  if (with_metadata && !m.metadata_type.empty()) {
    j["metadata"] = {{"event_type", m.metadata_type}, {"event_payload", m.metadata_payload}};
  }
  return j;
}

// One page of `items` (newest or oldest first as given) from `cursor`, at most `limit`.
nlohmann::json Page(const std::vector<nlohmann::json>& items, const nlohmann::json& params) {
  size_t offset = 0, limit = 100;
  (void)absl::SimpleAtoi(Param(params, "cursor"), &offset);
  if (!absl::SimpleAtoi(Param(params, "limit"), &limit) || limit == 0) limit = 100;
  nlohmann::json messages = nlohmann::json::array();
  for (size_t i = offset; i < items.size() && messages.size() < limit; ++i) {
    messages.push_back(items[i]);
  }
  size_t next = offset + messages.size();
  bool more = next < items.size();
  return {{"ok", true},
          {"messages", messages},
          {"has_more", more},
          {"response_metadata", {{"next_cursor", more ? std::to_string(next) : ""}}}};
}

}  // namespace

FakeSlackServer::FakeSlackServer(std::string bot_token) : bot_token_(std::move(bot_token)) {}

FakeSlackServer::~FakeSlackServer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;  // under mu_, so a Hang() in progress sees it
  }
  if (server_) server_->Stop();
}

absl::Status FakeSlackServer::Start() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  options.shutdown_grace = std::chrono::seconds(2);
  server_ = http::NewServer(options, [this](http::Request& req) { return Handle(req); });
  auto port = server_->Start();
  if (!port.ok()) return port.status();
  port_ = *port;
  return absl::OkStatus();
}

std::string FakeSlackServer::base_url() const { return absl::StrCat("http://127.0.0.1:", port_); }
std::string FakeSlackServer::api_url() const { return base_url() + "/api"; }
std::string FakeSlackServer::webhook_url() const {
  return base_url() + "/services/T0PAVED/B0PAVED/fakewebhooksecret";
}
std::string FakeSlackServer::sink_url(const std::string& name) const {
  return base_url() + "/sink/" + name;
}

std::string FakeSlackServer::AddChannel(const std::string& name) {
  absl::MutexLock lock(&mu_);
  std::string bare(absl::StripPrefix(name, "#"));
  auto it = channel_ids_.find(bare);
  if (it != channel_ids_.end()) return it->second;
  char id[16];
  std::snprintf(id, sizeof(id), "C%07zu", channel_ids_.size() + 1);
  channel_ids_[bare] = id;
  return id;
}

std::string FakeSlackServer::ChannelId(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  return ResolveLocked(name);
}

std::string FakeSlackServer::ResolveLocked(const std::string& channel) const {
  for (const auto& [name, id] : channel_ids_) {
    if (id == channel) return id;
  }
  auto it = channel_ids_.find(std::string(absl::StripPrefix(channel, "#")));
  return it == channel_ids_.end() ? "" : it->second;
}

std::vector<FakeSlackServer::StoredMessage> FakeSlackServer::Messages(
    const std::string& channel) const {
  absl::MutexLock lock(&mu_);
  std::string id = ResolveLocked(channel);
  std::vector<StoredMessage> out;
  for (const auto& m : messages_) {
    if (m.channel == id && m.thread_ts.empty()) out.push_back(m);
  }
  return out;
}

std::vector<FakeSlackServer::StoredMessage> FakeSlackServer::Replies(
    const std::string& channel, const std::string& thread_ts) const {
  absl::MutexLock lock(&mu_);
  std::string id = ResolveLocked(channel);
  std::vector<StoredMessage> out;
  for (const auto& m : messages_) {
    if (m.channel == id && m.thread_ts == thread_ts) out.push_back(m);
  }
  return out;
}

std::vector<FakeSlackServer::Call> FakeSlackServer::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

int FakeSlackServer::CallCount(const std::string& method) const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(std::count_if(calls_.begin(), calls_.end(),
                                        [&](const Call& c) { return c.method == method; }));
}

std::vector<nlohmann::json> FakeSlackServer::WebhookPosts() const {
  absl::MutexLock lock(&mu_);
  return webhook_posts_;
}

std::vector<nlohmann::json> FakeSlackServer::SinkPosts(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  auto it = sink_posts_.find(name);
  return it == sink_posts_.end() ? std::vector<nlohmann::json>{} : it->second;
}

void FakeSlackServer::FailNextWith429(int count, int retry_after_s) {
  absl::MutexLock lock(&mu_);
  for (int i = 0; i < count; ++i) faults_.push_back({FaultKind::k429, retry_after_s});
}

void FakeSlackServer::FailNextWith500(int count) {
  absl::MutexLock lock(&mu_);
  for (int i = 0; i < count; ++i) faults_.push_back({FaultKind::k500});
}

void FakeSlackServer::FailNextWithError(int count, const std::string& error) {
  absl::MutexLock lock(&mu_);
  for (int i = 0; i < count; ++i) faults_.push_back({FaultKind::kError, 0, error});
}

void FakeSlackServer::HangNext(std::chrono::milliseconds hang, bool apply) {
  absl::MutexLock lock(&mu_);
  faults_.push_back({FaultKind::kHang, 0, "", hang, apply});
}

void FakeSlackServer::ClearFaults() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

void FakeSlackServer::Hang(std::chrono::milliseconds hang) {
  auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping), absl::FromChrono(hang));
}

std::string FakeSlackServer::NextTs() {
  // Slack's ts is the wall clock in microseconds, unique per channel: clients search by time
  // (`oldest`), so a counter that drifted from the clock would hide recent messages from them.
  using namespace std::chrono;
  const int64_t now_us =
      duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  ts_counter_ = std::max(ts_counter_ + 1, now_us);
  char ts[40];
  std::snprintf(ts, sizeof(ts), "%" PRId64 ".%06" PRId64, ts_counter_ / 1'000'000,
                ts_counter_ % 1'000'000);
  return ts;
}

FakeSlackServer::StoredMessage* FakeSlackServer::Find(const std::string& channel,
                                                      const std::string& ts) {
  for (auto& m : messages_) {
    if (m.channel == channel && m.ts == ts) return &m;
  }
  return nullptr;
}

http::Response FakeSlackServer::Handle(http::Request& req) {
  std::optional<Fault> fault;
  http::Response res;
  {
    absl::MutexLock lock(&mu_);
    if (!faults_.empty()) {
      fault = faults_.front();
      faults_.pop_front();
    }
    std::string name = req.path;
    nlohmann::json params = nlohmann::json::object();
    std::string error;
    if (fault && fault->kind == FaultKind::k429) {
      res = JsonAnswer(429, SlackError("ratelimited"));
      res.SetHeader("Retry-After", std::to_string(fault->retry_after_s));
      error = "ratelimited";
    } else if (fault && fault->kind == FaultKind::k500) {
      res.status = 500;
      res.body = "internal server error";
    } else if (fault && fault->kind == FaultKind::kError) {
      res = JsonAnswer(200, SlackError(fault->error));
      error = fault->error;
    } else if (fault && fault->kind == FaultKind::kHang && !fault->apply) {
      res.status = 500;
    } else if (absl::StartsWith(req.path, "/api/")) {
      name = req.path.substr(5);
      res = HandleApi(name, req, params, error);
    } else if (absl::StartsWith(req.path, "/services/")) {
      name = "webhook";
      params = nlohmann::json::parse(req.body, nullptr, false);
      bool has_text =
          params.is_object() && (!Param(params, "text").empty() ||
                                 (params.contains("blocks") && !params["blocks"].empty()));
      if (!has_text) {
        res.status = 400;
        res.body = "no_text";
        error = "no_text";
      } else {
        webhook_posts_.push_back(params);
        res.status = 200;
        res.body = "ok";
      }
    } else if (absl::StartsWith(req.path, "/sink/")) {
      name = "sink/" + req.path.substr(6);
      params = nlohmann::json::parse(req.body, nullptr, false);
      if (params.is_discarded()) params = req.body;
      sink_posts_[req.path.substr(6)].push_back(params);
      res = JsonAnswer(200, nlohmann::json::object());
    } else {
      res.status = 404;
      res.body = "not found";
    }
    calls_.push_back({name, params, res.status, error});
  }
  if (fault && fault->kind == FaultKind::kHang) Hang(fault->hang);  // outside the lock
  return res;
}

http::Response FakeSlackServer::HandleApi(const std::string& method, const http::Request& req,
                                          nlohmann::json& params, std::string& error) {
  std::string content_type = req.Header("Content-Type");
  if (req.method == "GET") {
    for (const auto& [k, v] : req.query) params[k] = v;
  } else if (absl::StartsWith(content_type, "application/json")) {
    params = nlohmann::json::parse(req.body, nullptr, false);
    if (!params.is_object()) {
      error = "invalid_json";
      params = nlohmann::json::object();
      return JsonAnswer(200, SlackError(error));
    }
  } else {
    for (const auto& [k, v] : http::ParseQuery(req.body)) params[k] = v;
  }
  std::string auth = req.Header("Authorization");
  if (auth.empty() && !params.contains("token")) {
    error = "not_authed";
  } else if (auth != "Bearer " + bot_token_ && Param(params, "token") != bot_token_) {
    error = "invalid_auth";
  }
  if (!error.empty()) return JsonAnswer(200, SlackError(error));
  nlohmann::json answer = Dispatch(method, params);
  if (!answer.value("ok", false)) error = answer.value("error", "");
  return JsonAnswer(answer.value("error", "") == "unknown_method" ? 404 : 200, answer);
}

nlohmann::json FakeSlackServer::Dispatch(const std::string& method, const nlohmann::json& params) {
  if (method == "chat.postMessage") return PostMessage(params);
  if (method == "chat.update") return UpdateMessage(params);
  if (method == "conversations.history") return History(params);
  if (method == "conversations.replies") return Replies(params);
  if (method == "conversations.list") return ListChannels();
  return SlackError("unknown_method");
}

nlohmann::json FakeSlackServer::PostMessage(const nlohmann::json& params) {
  std::string channel = ResolveLocked(Param(params, "channel"));
  if (channel.empty()) return SlackError("channel_not_found");
  StoredMessage m;
  m.channel = channel;
  m.text = Param(params, "text");
  m.blocks = BlocksParam(params);
  if (!m.blocks.is_array()) return SlackError("invalid_blocks");
  if (m.text.empty() && m.blocks.empty()) return SlackError("no_text");
  m.thread_ts = Param(params, "thread_ts");
  if (!m.thread_ts.empty()) {
    StoredMessage* parent = Find(channel, m.thread_ts);
    if (parent == nullptr || !parent->thread_ts.empty()) return SlackError("thread_not_found");
  }
  if (params.contains("metadata")) {
    nlohmann::json meta = params["metadata"];
    if (meta.is_string()) meta = nlohmann::json::parse(meta.get<std::string>(), nullptr, false);
    if (!meta.is_object() || !meta.contains("event_type"))
      return SlackError("invalid_metadata_format");
    m.metadata_type = meta.value("event_type", "");
    m.metadata_payload = meta.value("event_payload", nlohmann::json::object());
  }
  m.ts = NextTs();
  messages_.push_back(m);
  return {{"ok", true}, {"channel", channel}, {"ts", m.ts}, {"message", MessageJson(m, true)}};
}

nlohmann::json FakeSlackServer::UpdateMessage(const nlohmann::json& params) {
  // chat.update takes a channel id, not a name.
  std::string channel = Param(params, "channel");
  if (channel.empty() || ResolveLocked(channel) != channel) return SlackError("channel_not_found");
  StoredMessage* m = Find(channel, Param(params, "ts"));
  if (m == nullptr) return SlackError("message_not_found");
  std::string text = Param(params, "text");
  nlohmann::json blocks = BlocksParam(params);
  if (text.empty() && (!blocks.is_array() || blocks.empty())) return SlackError("no_text");
  m->text = text;
  if (blocks.is_array()) m->blocks = blocks;
  if (params.contains("metadata") && params["metadata"].is_object()) {
    m->metadata_type = params["metadata"].value("event_type", "");
    m->metadata_payload = params["metadata"].value("event_payload", nlohmann::json::object());
  }
  ++m->edits;
  return {{"ok", true}, {"channel", channel}, {"ts", m->ts}, {"text", m->text}};
}

nlohmann::json FakeSlackServer::History(const nlohmann::json& params) {
  std::string channel = Param(params, "channel");
  if (channel.empty() || ResolveLocked(channel) != channel) return SlackError("channel_not_found");
  std::string oldest = Param(params, "oldest");
  bool metadata = TruthyParam(params, "include_all_metadata");
  std::vector<nlohmann::json> items;
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {  // newest first
    if (it->channel == channel && it->thread_ts.empty() && TsAfter(it->ts, oldest)) {
      items.push_back(MessageJson(*it, metadata));
    }
  }
  return Page(items, params);
}

nlohmann::json FakeSlackServer::Replies(const nlohmann::json& params) {
  std::string channel = Param(params, "channel");
  if (channel.empty() || ResolveLocked(channel) != channel) return SlackError("channel_not_found");
  std::string ts = Param(params, "ts");
  StoredMessage* parent = Find(channel, ts);
  if (parent == nullptr) return SlackError("thread_not_found");
  std::string oldest = Param(params, "oldest");
  bool metadata = TruthyParam(params, "include_all_metadata");
  std::vector<nlohmann::json> items = {MessageJson(*parent, metadata)};
  for (const auto& m : messages_) {  // oldest first, after the parent
    if (m.channel == channel && m.thread_ts == ts && TsAfter(m.ts, oldest)) {
      items.push_back(MessageJson(m, metadata));
    }
  }
  return Page(items, params);
}

nlohmann::json FakeSlackServer::ListChannels() const {
  nlohmann::json channels = nlohmann::json::array();
  for (const auto& [name, id] : channel_ids_) {
    channels.push_back({{"id", id}, {"name", name}, {"is_channel", true}, {"is_archived", false}});
  }
  return {{"ok", true}, {"channels", channels}, {"response_metadata", {{"next_cursor", ""}}}};
}

}  // namespace paved::slack::testing
