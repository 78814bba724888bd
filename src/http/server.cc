#include "http/server.h"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <limits>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/range/iterator_range.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace paved::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using net::awaitable;
using Clock = std::chrono::steady_clock;
using Parser = bhttp::request_parser<bhttp::string_body>;

constexpr auto kKeepAliveInterval = std::chrono::seconds(15);
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kForceCloseWait = std::chrono::seconds(2);
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);
constexpr size_t kReadChunk = 4096;

auto Redirect(beast::error_code& ec) { return net::redirect_error(net::use_awaitable, ec); }

absl::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

bool HasLineBreak(absl::string_view s) {
  return s.find_first_of("\r\n") != absl::string_view::npos;
}

Response ErrorResponse(int status, absl::string_view code, absl::string_view message) {
  Response res;
  res.status = status;
  res.body = absl::StrCat(R"({"error":{"code":")", code, R"(","message":")", message, R"("}})");
  return res;
}

// The JSON answer for a request that could not be read, or nullopt when the client is gone.
std::optional<Response> ReadErrorResponse(beast::error_code ec, size_t max_body_bytes) {
  if (ec == beast::error::timeout) {
    return ErrorResponse(408, "request_timeout", "request not received in time");
  }
  if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
      ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    return std::nullopt;  // network error, stop, or a client that closed the connection
  }
  if (ec == bhttp::error::body_limit) {
    return ErrorResponse(
        413, "payload_too_large",
        absl::StrCat("request body exceeds the limit of ", max_body_bytes, " bytes"));
  }
  if (ec == bhttp::error::header_limit) {
    return ErrorResponse(431, "headers_too_large", "request headers too large");
  }
  return ErrorResponse(400, "bad_request", "malformed HTTP request");
}

// The codings a Transfer-Encoding or Content-Encoding names over all its fields, in order,
// lower case, parameters dropped.
std::vector<std::string> Codings(const bhttp::request<bhttp::string_body>& msg, bhttp::field name) {
  std::vector<std::string> out;
  for (const auto& field : boost::make_iterator_range(msg.equal_range(name))) {
    for (absl::string_view part : absl::StrSplit(View(field.value()), ',')) {
      part = absl::StripAsciiWhitespace(part.substr(0, part.find(';')));
      if (!part.empty()) out.push_back(absl::AsciiStrToLower(part));
    }
  }
  return out;
}

// The answer for a request whose framing or body this server cannot read, or nullopt.
// A Transfer-Encoding whose last coding is not chunked leaves the body's length unknown: 400,
// as RFC 9112 §6.3 requires (the bytes after the header may be anything, even another
// request). A transfer coding other than chunked before it (gzip, deflate ...) is one we do
// not implement: 501, as RFC 9112 §6.1 asks. A body with a Content-Encoding other than
// identity would reach handlers still compressed: 415 (RFC 9110 §15.5.16). Each is answered
// without calling the handler, and the connection then closes.
std::optional<Response> RefusedCoding(const bhttp::request<bhttp::string_body>& msg) {
  if (msg.count(bhttp::field::transfer_encoding) > 0) {
    std::vector<std::string> codings = Codings(msg, bhttp::field::transfer_encoding);
    if (codings.empty() || codings.back() != "chunked" ||
        std::count(codings.begin(), codings.end(), "chunked") > 1) {
      return ErrorResponse(400, "bad_request",
                           "Transfer-Encoding must end with chunked, once: the body length is "
                           "unknown");
    }
    if (codings.size() > 1) {
      return ErrorResponse(501, "not_implemented",
                           "only the chunked transfer coding is supported; send the body plain");
    }
  }
  if (!msg.body().empty()) {
    std::vector<std::string> codings = Codings(msg, bhttp::field::content_encoding);
    bool plain = std::all_of(codings.begin(), codings.end(),
                             [](const std::string& c) { return c == "identity"; });
    if (!plain) {
      Response res = ErrorResponse(415, "unsupported_encoding",
                                   "request bodies are read uncompressed: send no "
                                   "Content-Encoding, or identity");
      res.SetHeader("Accept-Encoding", "identity");
      return res;
    }
  }
  return std::nullopt;
}

void AddHeader(Headers& headers, absl::string_view name, absl::string_view value) {
  auto [it, inserted] = headers.try_emplace(std::string(name), std::string(value));
  if (inserted) return;
  absl::StrAppend(&it->second, absl::EqualsIgnoreCase(name, "cookie") ? "; " : ", ", value);
}

// The request without its body, as known once the header is read.
Request HeadOf(const bhttp::request<bhttp::string_body>& msg) {
  Request req;
  req.method = std::string(View(msg.method_string()));
  req.target = std::string(View(msg.target()));
  size_t question = req.target.find('?');
  req.path = PercentDecode(req.target.substr(0, question), false);
  if (question != std::string::npos) req.query = ParseQuery(req.target.substr(question + 1));
  for (const auto& field : msg) {
    AddHeader(req.headers, View(field.name_string()), View(field.value()));
  }
  return req;
}

Request ToRequest(bhttp::request<bhttp::string_body>&& msg, const std::string& remote_addr) {
  Request req = HeadOf(msg);
  req.body = std::move(msg.body());
  req.remote_addr = remote_addr;
  return req;
}

Response CallHandler(const Handler& handler, Request& req) {
  try {
    return handler(req);
  } catch (...) {
    return ErrorResponse(500, "internal", "internal error");
  }
}

// Copies handler headers, leaving framing headers to the server and dropping any header that
// would split the response.
void CopyHeaders(const Response& res, bhttp::fields& out) {
  for (const auto& [name, value] : res.headers) {
    if (HasLineBreak(name) || HasLineBreak(value) ||
        absl::EqualsIgnoreCase(name, "content-length") ||
        absl::EqualsIgnoreCase(name, "transfer-encoding") ||
        absl::EqualsIgnoreCase(name, "connection")) {
      continue;
    }
    out.insert(name, value);
  }
}

bool HasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

bool WantsClose(const Response& res) {
  return absl::EqualsIgnoreCase(res.Header("Connection"), "close");
}

class Session;

// Live sessions, so that Stop() can wind them down and wait for them. Thread-safe.
class Registry {
 public:
  void Add(const std::shared_ptr<Session>& session);
  void Remove(Session* session);
  // From now on every session, present or future, is asked to stop.
  void StopAll();
  void ForceCloseAll();
  // True when no session is left before `deadline`.
  bool WaitEmpty(Clock::time_point deadline);
  size_t Size() const;

 private:
  std::vector<std::shared_ptr<Session>> Snapshot();

  mutable absl::Mutex mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

struct Context {
  Context(ServerOptions options, Handler handler)
      : options(std::move(options)), handler(std::move(handler)) {}

  const ServerOptions options;
  const Handler handler;
  Registry registry;
};

// One client connection: a coroutine on one thread's context that reads requests, calls the handler
// and writes responses, or streams server-sent events.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Context> ctx);
  ~Session() { ctx_->registry.Remove(this); }

  static awaitable<void> Run(std::shared_ptr<Session> self);
  net::any_io_executor Executor() { return stream_.get_executor(); }
  // Both thread-safe. RequestStop lets the current request finish; ForceClose does not.
  void RequestStop();
  void ForceClose();

 private:
  enum class Phase { kIdle, kBusy, kStreaming };

  awaitable<bool> WaitForRequest();
  awaitable<bool> ServeOne();
  awaitable<beast::error_code> ReadRequest(Parser& parser);
  bool ParseBuffered(Parser& parser, beast::error_code& ec);
  bool ApplyBodyLimit(Parser& parser);
  void ArmDeadline();
  void DisarmDeadline();
  awaitable<void> SendContinue(Parser& parser, beast::error_code& ec);
  awaitable<void> AnswerReadError(beast::error_code ec);
  awaitable<bool> WriteResponse(Response res, unsigned version, bool keep_alive, bool head);
  awaitable<void> Stream(Response res, unsigned version);
  awaitable<bool> WriteStreamHeader(const Response& res, unsigned version, bool chunked);
  awaitable<void> PumpEvents(EventStream& source, bool chunked);
  awaitable<bool> WriteRaw(std::string data, bool chunked);
  static awaitable<void> WatchClient(std::shared_ptr<Session> self);
  std::function<void()> MakeWake();
  awaitable<void> Linger();
  void Kick();
  void Close();

  std::shared_ptr<Context> ctx_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  net::steady_timer deadline_;    // read_timeout for the request being read
  net::steady_timer wake_timer_;  // SSE: wakes the pump for frames, keep-alives and stop
  std::string remote_addr_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> woken_{false};
  // Touched only on the strand.
  Phase phase_ = Phase::kBusy;
  uint64_t deadline_generation_ = 0;
  bool read_timed_out_ = false;
  bool client_gone_ = false;
  size_t body_limit_ = 0;  // of the request being read
  bool body_limit_applied_ = false;
};

Session::Session(tcp::socket socket, std::shared_ptr<Context> ctx)
    : ctx_(std::move(ctx)),
      stream_(std::move(socket)),
      deadline_(stream_.get_executor()),
      wake_timer_(stream_.get_executor()) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_addr_ = endpoint.address().to_string();
}

// GCC 12 miscompiles a co_await used directly as a condition (the resumed frame hits ud2), so
// results are stored in a variable first, here and below.
awaitable<void> Session::Run(std::shared_ptr<Session> self) {
  for (;;) {
    bool request_coming = co_await self->WaitForRequest();
    if (!request_coming) break;
    bool keep_open = co_await self->ServeOne();
    if (!keep_open) break;
  }
  self->Close();
}

void Session::RequestStop() {
  stopping_ = true;
  net::post(Executor(), [self = shared_from_this()] { self->Kick(); });
}

void Session::ForceClose() {
  stopping_ = true;
  net::post(Executor(), [self = shared_from_this()] {
    self->stream_.close();
    self->wake_timer_.cancel();
  });
}

// On the strand: interrupts what can be interrupted without losing a request.
void Session::Kick() {
  beast::error_code ec;
  if (phase_ == Phase::kIdle) stream_.socket().cancel(ec);
  if (phase_ == Phase::kStreaming) wake_timer_.cancel();
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.close();
}

// Waits (up to idle_timeout) for the first bytes of the next request.
awaitable<bool> Session::WaitForRequest() {
  if (buffer_.size() > 0) co_return true;
  phase_ = Phase::kIdle;
  if (stopping_) co_return false;
  stream_.expires_after(ctx_->options.idle_timeout);
  beast::error_code ec;
  size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Redirect(ec));
  phase_ = Phase::kBusy;
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

// Serves one request; true when the connection stays open for another.
awaitable<bool> Session::ServeOne() {
  Parser parser;
  body_limit_ = ctx_->options.max_body_bytes;
  body_limit_applied_ = false;
  // With a limit by target, any body is allowed until the header says which limit applies.
  parser.body_limit(ctx_->options.body_limit ? std::numeric_limits<std::uint64_t>::max()
                                             : std::uint64_t{body_limit_});
  beast::error_code ec = co_await ReadRequest(parser);
  if (ec) {
    co_await AnswerReadError(ec);
    co_return false;
  }
  unsigned version = parser.get().version();
  if (std::optional<Response> refused = RefusedCoding(parser.get())) {
    bool written = co_await WriteResponse(std::move(*refused), version, false, false);
    if (written) co_await Linger();
    co_return false;
  }
  bool keep_alive = parser.get().keep_alive();
  bool head = parser.get().method() == bhttp::verb::head;
  Request req = ToRequest(parser.release(), remote_addr_);
  // Only origin-form targets ("/path?query") reach handlers: their path starts with '/'.
  Response res = req.target.starts_with('/')
                     ? CallHandler(ctx_->handler, req)
                     : ErrorResponse(400, "bad_request", "request target must start with /");
  if (res.stream) {
    co_await Stream(std::move(res), version);
    co_return false;
  }
  keep_alive = keep_alive && !stopping_ && !WantsClose(res);
  bool written = co_await WriteResponse(std::move(res), version, keep_alive, head);
  co_return written ? keep_alive : false;
}

// Reads a whole request within read_timeout; on timeout returns beast::error::timeout.
awaitable<beast::error_code> Session::ReadRequest(Parser& parser) {
  beast::error_code ec;
  if (ParseBuffered(parser, ec)) co_return ec;
  stream_.expires_never();
  ArmDeadline();
  co_await bhttp::async_read_header(stream_, buffer_, parser, Redirect(ec));
  if (!ec && !ApplyBodyLimit(parser)) ec = bhttp::error::body_limit;
  if (!ec) co_await SendContinue(parser, ec);
  if (!ec && !parser.is_done()) co_await bhttp::async_read(stream_, buffer_, parser, Redirect(ec));
  DisarmDeadline();
  if (read_timed_out_) ec = beast::error::timeout;
  co_return ec;
}

// Feeds the bytes already received to the parser; true when they settle the request (complete
// or invalid). Small requests usually arrive whole, and then no timer is armed for them.
bool Session::ParseBuffered(Parser& parser, beast::error_code& ec) {
  while (buffer_.size() > 0 && !parser.is_done()) {
    size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (!ec && parser.is_header_done() && !ApplyBodyLimit(parser)) {
      ec = bhttp::error::body_limit;
      return true;
    }
    if (ec == bhttp::error::need_more) {
      ec = {};
      return false;
    }
    if (ec) return true;
    if (used == 0) return false;
  }
  return parser.is_done();
}

// Once the header is read: the request's own body limit (options.body_limit), before any body
// octet is parsed. False when its Content-Length already exceeds it.
bool Session::ApplyBodyLimit(Parser& parser) {
  if (body_limit_applied_ || !ctx_->options.body_limit) return true;
  body_limit_applied_ = true;
  Request head = HeadOf(parser.get());
  head.remote_addr = remote_addr_;
  body_limit_ = ctx_->options.body_limit(head);
  parser.body_limit(std::uint64_t{body_limit_});
  auto length = parser.content_length();
  return !length || *length <= body_limit_;
}

// Unlike tcp_stream's own timeout, which closes the socket, this only cancels the read so that
// a 408 can still be written.
void Session::ArmDeadline() {
  uint64_t generation = ++deadline_generation_;
  deadline_.expires_after(ctx_->options.read_timeout);
  deadline_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || generation != self->deadline_generation_) return;
    self->read_timed_out_ = true;
    self->stream_.socket().cancel(ec);
  });
}

void Session::DisarmDeadline() {
  ++deadline_generation_;
  deadline_.cancel();
}

awaitable<void> Session::SendContinue(Parser& parser, beast::error_code& ec) {
  static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
  if (parser.is_done() ||
      !absl::EqualsIgnoreCase(View(parser.get()[bhttp::field::expect]), "100-continue")) {
    co_return;
  }
  co_await net::async_write(stream_, net::buffer(kContinue, sizeof(kContinue) - 1), Redirect(ec));
}

awaitable<void> Session::AnswerReadError(beast::error_code ec) {
  std::optional<Response> res = ReadErrorResponse(ec, body_limit_);
  if (!res) co_return;
  bool written = co_await WriteResponse(std::move(*res), 11, false, false);
  if (written) co_await Linger();
}

// After an error the client may still be sending a body; reading it for a moment before
// closing keeps the kernel from answering with a reset that would destroy our error response.
awaitable<void> Session::Linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTime);
  while (!ec) {
    buffer_.consume(buffer_.size());
    co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Redirect(ec));
  }
}

awaitable<bool> Session::WriteResponse(Response res, unsigned version, bool keep_alive, bool head) {
  if (res.status < 100 || res.status > 599) res = ErrorResponse(500, "internal", "internal error");
  bhttp::response<bhttp::string_body> out;
  out.result(static_cast<unsigned>(res.status));
  out.version(version);
  CopyHeaders(res, out);
  if (!HasNoBody(res.status)) {
    if (!res.body.empty() && res.Header("Content-Type").empty()) {
      out.set(bhttp::field::content_type, "application/json");
    }
    out.body() = std::move(res.body);
    out.prepare_payload();
  }
  out.keep_alive(keep_alive);
  stream_.expires_after(ctx_->options.idle_timeout);
  beast::error_code ec;
  if (head) {
    bhttp::response_serializer<bhttp::string_body> serializer(out);
    co_await bhttp::async_write_header(stream_, serializer, Redirect(ec));
  } else {
    co_await bhttp::async_write(stream_, out, Redirect(ec));
  }
  co_return !ec;
}

// Streams events until the source finishes, the client leaves or the server stops; the
// connection then closes.
awaitable<void> Session::Stream(Response res, unsigned version) {
  phase_ = Phase::kStreaming;
  bool chunked = version >= 11;
  if (stopping_) {
    co_await WriteResponse(ErrorResponse(503, "unavailable", "server is shutting down"), version,
                           false, false);
    co_return;
  }
  bool header_written = co_await WriteStreamHeader(res, version, chunked);
  if (!header_written) co_return;
  net::co_spawn(Executor(), WatchClient(shared_from_this()), [](std::exception_ptr) {});
  EventStream& source = *res.stream;
  try {
    source.Start(MakeWake());
    co_await PumpEvents(source, chunked);
  } catch (...) {
    // A throwing source ends its stream, never the server.
  }
  source.Stop();
  if (chunked && !client_gone_) co_await WriteRaw("", true);
}

awaitable<bool> Session::WriteStreamHeader(const Response& res, unsigned version, bool chunked) {
  bhttp::response<bhttp::empty_body> out(bhttp::status::ok, version);
  CopyHeaders(res, out);
  out.set(bhttp::field::content_type, "text/event-stream");
  out.set(bhttp::field::cache_control, "no-cache");
  out.set("X-Accel-Buffering", "no");
  out.keep_alive(false);
  if (chunked) out.chunked(true);
  stream_.expires_after(ctx_->options.idle_timeout);
  bhttp::response_serializer<bhttp::empty_body> serializer(out);
  beast::error_code ec;
  co_await bhttp::async_write_header(stream_, serializer, Redirect(ec));
  co_return !ec;
}

awaitable<void> Session::PumpEvents(EventStream& source, bool chunked) {
  Clock::time_point last_write = Clock::now();
  while (!stopping_ && !client_gone_) {
    woken_ = false;
    // Asked before Drain(): a source that finished has pushed its last frame already.
    bool finished = source.Finished();
    std::string frames;
    for (std::string& frame : source.Drain()) frames += frame;
    if (!frames.empty()) {
      bool written = co_await WriteRaw(std::move(frames), chunked);
      if (!written) co_return;
      last_write = Clock::now();
    }
    if (finished) co_return;
    if (woken_ || stopping_ || client_gone_) continue;
    wake_timer_.expires_at(last_write + kKeepAliveInterval);
    beast::error_code ec;
    co_await wake_timer_.async_wait(Redirect(ec));
    if (ec || Clock::now() < last_write + kKeepAliveInterval) continue;
    bool written = co_await WriteRaw(": keep-alive\n\n", chunked);
    if (!written) co_return;
    last_write = Clock::now();
  }
}

// Writes raw bytes, or one chunk when `chunked` (an empty chunk ends the body).
awaitable<bool> Session::WriteRaw(std::string data, bool chunked) {
  stream_.expires_after(ctx_->options.idle_timeout);
  beast::error_code ec;
  if (!chunked) {
    co_await net::async_write(stream_, net::buffer(data), Redirect(ec));
  } else if (data.empty()) {
    co_await net::async_write(stream_, bhttp::make_chunk_last(), Redirect(ec));
  } else {
    co_await net::async_write(stream_, bhttp::make_chunk(net::buffer(data)), Redirect(ec));
  }
  if (ec) client_gone_ = true;
  co_return !ec;
}

// Reads (and ignores) from the client during a stream: completion means it went away. Reads the
// raw socket so that tcp_stream's write timeout stays independent of it.
awaitable<void> Session::WatchClient(std::shared_ptr<Session> self) {
  char scratch[256];
  beast::error_code ec;
  while (!ec) {
    co_await self->stream_.socket().async_read_some(net::buffer(scratch), Redirect(ec));
  }
  self->client_gone_ = true;
  self->wake_timer_.cancel();
}

std::function<void()> Session::MakeWake() {
  std::weak_ptr<Session> weak = shared_from_this();
  return [weak] {
    std::shared_ptr<Session> self = weak.lock();
    if (!self) return;
    self->woken_ = true;
    net::post(self->Executor(), [self] { self->wake_timer_.cancel(); });
  };
}

void Registry::Add(const std::shared_ptr<Session>& session) {
  bool stopping;
  {
    absl::MutexLock lock(&mu_);
    sessions_.emplace(session.get(), session);
    stopping = stopping_;
  }
  if (stopping) session->RequestStop();
}

void Registry::Remove(Session* session) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(session);  // an empty map ends WaitEmpty()'s Await
}

// Strong references are dropped outside the lock: the last one runs ~Session, which locks.
std::vector<std::shared_ptr<Session>> Registry::Snapshot() {
  std::vector<std::shared_ptr<Session>> out;
  absl::MutexLock lock(&mu_);
  for (auto& [raw, weak] : sessions_) {
    if (auto session = weak.lock()) out.push_back(std::move(session));
  }
  return out;
}

void Registry::StopAll() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& session : Snapshot()) session->RequestStop();
}

void Registry::ForceCloseAll() {
  for (auto& session : Snapshot()) session->ForceClose();
}

bool Registry::WaitEmpty(Clock::time_point deadline) {
  auto empty = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return sessions_.empty(); };
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&empty), absl::FromChrono(deadline - Clock::now()));
}

size_t Registry::Size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

class ServerImpl : public Server {
 public:
  ServerImpl(ServerOptions options, Handler handler);
  ~ServerImpl() override { Stop(); }

  absl::StatusOr<uint16_t> Start() override;
  void Stop() override;
  size_t OpenConnections() const override { return ctx_->registry.Size(); }

 private:
  absl::Status Listen();
  absl::StatusOr<tcp::endpoint> Resolve();
  awaitable<void> AcceptLoop();
  void StartSession(tcp::socket socket);
  void CloseAcceptor();

  std::shared_ptr<Context> ctx_;
  // One io_context per thread: a connection stays on one thread, so its reads, handler and
  // writes never hand off between threads (a shared multi-threaded context woke another thread
  // for most completions — a quarter of the time of a small request went to those switches).
  std::vector<std::unique_ptr<net::io_context>> contexts_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running_;
  size_t next_context_ = 0;  // touched only by AcceptLoop
  // Accepting has a thread of its own: a handler blocking its thread must not stop new
  // connections (nor Stop()) from being accepted.
  net::io_context accept_context_{1};
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  absl::Mutex mu_;  // held for the whole of Start() and Stop()
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

std::vector<std::unique_ptr<net::io_context>> MakeContexts(int n) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
  return contexts;
}

ServerImpl::ServerImpl(ServerOptions options, Handler handler)
    : ctx_(std::make_shared<Context>(std::move(options), std::move(handler))),
      contexts_(MakeContexts(std::max(1, ctx_->options.threads))),
      acceptor_(accept_context_) {}

absl::StatusOr<uint16_t> ServerImpl::Start() {
  absl::MutexLock lock(&mu_);
  if (started_ || stopped_) {
    return absl::FailedPreconditionError("http: server already started or stopped");
  }
  absl::Status listening = Listen();
  if (!listening.ok()) return listening;
  started_ = true;
  net::co_spawn(acceptor_.get_executor(), AcceptLoop(), [](std::exception_ptr) {});
  for (auto& context : contexts_) {
    keep_running_.push_back(net::make_work_guard(*context));
    threads_.emplace_back([&context] { context->run(); });
  }
  threads_.emplace_back([this] { accept_context_.run(); });
  beast::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

absl::StatusOr<tcp::endpoint> ServerImpl::Resolve() {
  const ServerOptions& options = ctx_->options;
  beast::error_code ec;
  tcp::resolver resolver(accept_context_);
  auto results = resolver.resolve(options.host, std::to_string(options.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("http: cannot resolve listen host '", options.host, "': ", ec.message()));
  }
  return results.begin()->endpoint();
}

absl::Status ServerImpl::Listen() {
  absl::StatusOr<tcp::endpoint> endpoint = Resolve();
  if (!endpoint.ok()) return endpoint.status();
  beast::error_code ec;
  acceptor_.open(endpoint->protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(*endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) return absl::OkStatus();
  beast::error_code ignored;
  acceptor_.close(ignored);
  return absl::UnavailableError(absl::StrCat("http: cannot listen on ", ctx_->options.host, ":",
                                             ctx_->options.port, ": ", ec.message()));
}

awaitable<void> ServerImpl::AcceptLoop() {
  for (;;) {
    beast::error_code ec;
    net::io_context& context = *contexts_[next_context_++ % contexts_.size()];
    tcp::socket socket = co_await acceptor_.async_accept(context.get_executor(), Redirect(ec));
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (!ec) {
      StartSession(std::move(socket));
      continue;
    }
    // Out of descriptors or similar: back off instead of spinning.
    net::steady_timer backoff(co_await net::this_coro::executor, kAcceptBackoff);
    co_await backoff.async_wait(Redirect(ec));
  }
}

void ServerImpl::StartSession(tcp::socket socket) {
  auto session = std::make_shared<Session>(std::move(socket), ctx_);
  ctx_->registry.Add(session);
  net::co_spawn(session->Executor(), Session::Run(session), [](std::exception_ptr) {});
}

void ServerImpl::CloseAcceptor() {
  std::promise<void> closed;
  net::post(acceptor_.get_executor(), [this, &closed] {
    beast::error_code ec;
    acceptor_.close(ec);
    closed.set_value();
  });
  closed.get_future().wait();
}

void ServerImpl::Stop() {
  absl::MutexLock lock(&mu_);
  bool running = started_ && !stopped_;
  stopped_ = true;
  if (!running) return;
  CloseAcceptor();
  ctx_->registry.StopAll();
  if (!ctx_->registry.WaitEmpty(Clock::now() + ctx_->options.shutdown_grace)) {
    ctx_->registry.ForceCloseAll();
    ctx_->registry.WaitEmpty(Clock::now() + kForceCloseWait);
  }
  keep_running_.clear();
  for (auto& context : contexts_) context->stop();
  accept_context_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace

std::unique_ptr<Server> NewServer(ServerOptions options, Handler handler) {
  return std::make_unique<ServerImpl>(std::move(options), std::move(handler));
}

}  // namespace paved::http
