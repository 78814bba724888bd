#include "http/server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace paved::http {
namespace {

using ::testing::HasSubstr;

struct RawResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// A minimal blocking HTTP/1.1 client over POSIX sockets, so that tests control every byte.
// Receives give up after 10 s so that a broken server fails a test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Close();
  }
  ~Client() { Close(); }

  bool connected() const { return fd_ >= 0; }
  const std::string& received() const { return buf_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response framed by Content-Length (or by EOF when absent). `head`: no body.
  std::optional<RawResponse> ReadResponse(bool head = false) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse res = ParseHead(buf_.substr(0, end));
    buf_.erase(0, end + 4);
    if (res.status == 100) return ReadResponse(head);
    bool framed = res.headers.count("Content-Length") > 0;
    size_t length = framed ? std::stoul(res.headers["Content-Length"]) : 0;
    if (head || res.status == 204) length = 0;
    while (framed && buf_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    while (!framed && !head && res.status != 204 && Fill()) {
    }
    if (!framed) length = head ? 0 : buf_.size();
    res.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return res;
  }

  // Reads until `needle` is somewhere in what was received; false on EOF or timeout.
  bool ReadUntil(std::string_view needle) {
    while (buf_.find(needle) == std::string::npos) {
      if (!Fill()) return false;
    }
    return true;
  }

  // True when the server closes the connection (rather than the receive timing out).
  bool ReadsEof() {
    while (Fill()) {
    }
    return eof_;
  }

  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  static RawResponse ParseHead(const std::string& head) {
    RawResponse res;
    res.status = std::stoi(head.substr(9, 3));
    size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      size_t next = head.find("\r\n", pos + 2);
      std::string line = head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        res.headers[line.substr(0, colon)] = line.substr(line.find_first_not_of(' ', colon + 1));
      }
      pos = next;
    }
    return res;
  }

  bool Fill() {
    char chunk[16384];
    ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n == 0) eof_ = true;
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

std::string GetRequest(const std::string& target, bool close = false) {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + (close ? "Connection: close\r\n" : "") +
         "\r\n";
}

// Polls `done` for up to 10 s: a safety net for asynchronous effects, never a measurement.
bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 2000 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

Response Json(std::string body) {
  Response res;
  res.body = std::move(body);
  return res;
}

class Hub;

class TestSource : public EventStream {
 public:
  explicit TestSource(Hub* hub) : hub_(hub) {}
  void Start(std::function<void()> wake) override;
  std::vector<std::string> Drain() override {
    std::lock_guard lock(mu_);
    return std::exchange(frames_, {});
  }
  void Stop() override;
  void Push(std::string frame) {
    std::lock_guard lock(mu_);
    frames_.push_back(std::move(frame));
    if (wake_) wake_();
  }
  // The last frame: the source is finished once it is pushed.
  void PushLast(std::string frame) {
    std::lock_guard lock(mu_);
    frames_.push_back(std::move(frame));
    finished_ = true;
    if (wake_) wake_();
  }
  bool Finished() override {
    std::lock_guard lock(mu_);
    return finished_;
  }

 private:
  Hub* hub_;
  std::mutex mu_;
  std::vector<std::string> frames_;
  std::function<void()> wake_;
  bool finished_ = false;
};

// Hands out event sources and counts Start()/Stop() calls.
class Hub {
 public:
  std::shared_ptr<TestSource> Make() {
    auto source = std::make_shared<TestSource>(this);
    std::lock_guard lock(mu_);
    sources_.push_back(source);
    return source;
  }
  void Broadcast(const std::string& frame) {
    std::vector<std::shared_ptr<TestSource>> sources;
    {
      std::lock_guard lock(mu_);
      sources = sources_;
    }
    for (auto& source : sources) source->Push(frame);
  }
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<TestSource>> sources_;
};

void TestSource::Start(std::function<void()> wake) {
  {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
  }
  ++hub_->started;
}

void TestSource::Stop() {
  {
    std::lock_guard lock(mu_);
    wake_ = nullptr;
  }
  ++hub_->stopped;
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(Handler handler, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = NewServer(options, std::move(handler));
    absl::StatusOr<uint16_t> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  std::optional<RawResponse> Get(const std::string& target) {
    Client client(port_);
    if (!client.Send(GetRequest(target, true))) return std::nullopt;
    return client.ReadResponse();
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

Handler EchoPath() {
  return [](Request& req) { return Json(R"({"path":")" + req.path + R"("})"); };
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer(EchoPath());
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/one")));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, R"({"path":"/one"})");
  EXPECT_EQ(first->headers["Content-Type"], "application/json");
  ASSERT_TRUE(client.Send(GetRequest("/two")));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, R"({"path":"/two"})");
  EXPECT_EQ(server_->OpenConnections(), 1u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer(EchoPath());
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/a") + GetRequest("/b", true)));
  auto a = client.ReadResponse();
  auto b = client.ReadResponse();
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->body, R"({"path":"/a"})");
  EXPECT_EQ(b->body, R"({"path":"/b"})");
  EXPECT_EQ(b->headers["Connection"], "close");
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, FillsRequest) {
  std::mutex mu;
  Request seen;
  StartServer([&](Request& req) {
    std::lock_guard lock(mu);
    seen = req;
    return Json("{}");
  });
  Client client(port_);
  ASSERT_TRUE(
      client.Send("POST /api/v1/a%20b%2Fc?x=1&y=hello+world&y=2&z=%41 HTTP/1.1\r\nHost: test\r\n"
                  "X-Custom: v1\r\nx-custom: v2\r\nContent-Length: 7\r\n\r\n{\"k\":1}"));
  ASSERT_TRUE(client.ReadResponse().has_value());
  std::lock_guard lock(mu);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/api/v1/a%20b%2Fc?x=1&y=hello+world&y=2&z=%41");
  EXPECT_EQ(seen.path, "/api/v1/a b/c");
  EXPECT_EQ(seen.query, (std::map<std::string, std::string>{{"x", "1"}, {"y", "2"}, {"z", "A"}}));
  EXPECT_EQ(seen.Header("x-custom"), "v1, v2");
  EXPECT_EQ(seen.Header("HOST"), "test");
  EXPECT_EQ(seen.body, "{\"k\":1}");
  EXPECT_EQ(seen.remote_addr, "127.0.0.1");
}

TEST_F(ServerTest, WritesStatusHeadersAndDefaultContentType) {
  StartServer([](Request& req) {
    Response res;
    if (req.path == "/text") {
      res.status = 201;
      res.SetHeader("Content-Type", "text/plain");
      res.SetHeader("X-Request-Id", "abc");
      res.body = "made";
    } else if (req.path == "/empty") {
      res.status = 204;
    } else {
      res.SetHeader("Set-Cookie", "bad\r\nX-Injected: 1");
      res.body = "[]";
    }
    return res;
  });
  auto text = Get("/text");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->status, 201);
  EXPECT_EQ(text->headers["Content-Type"], "text/plain");
  EXPECT_EQ(text->headers["X-Request-Id"], "abc");
  EXPECT_EQ(text->headers["Content-Length"], "4");
  EXPECT_EQ(text->body, "made");
  auto empty = Get("/empty");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->status, 204);
  EXPECT_EQ(empty->headers.count("Content-Length"), 0u);
  auto json = Get("/json");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->headers["Content-Type"], "application/json");
  EXPECT_EQ(json->headers.count("X-Injected"), 0u);
  EXPECT_EQ(json->body, "[]");
}

TEST_F(ServerTest, HeadSendsLengthButNoBody) {
  StartServer(EchoPath());
  Client client(port_);
  ASSERT_TRUE(client.Send("HEAD /h HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto head = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->headers["Content-Length"], "13");
  EXPECT_EQ(head->body, "");
  ASSERT_TRUE(client.Send(GetRequest("/next")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, R"({"path":"/next"})");  // no stray body bytes before it
}

TEST_F(ServerTest, OversizedContentLengthIsRejectedWithoutReadingTheBody) {
  std::atomic<int> calls{0};
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(
      [&](Request& req) {
        ++calls;
        return Json("{}");
      },
      options);
  Client client(port_);
  // The body is never sent: the answer must come from the header alone.
  ASSERT_TRUE(
      client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000\r\n\r\n"));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 413);
  EXPECT_THAT(res->body, HasSubstr(R"({"error":{"code":"payload_too_large","message":")"));
  EXPECT_EQ(res->headers["Content-Type"], "application/json");
  EXPECT_EQ(calls, 0);
  auto next = Get("/after");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(calls, 1);
}

TEST_F(ServerTest, OversizedBodySentInFullStillGets413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(EchoPath(), options);
  Client client(port_);
  std::string body(32 << 20, 'x');
  ASSERT_TRUE(client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());  // not lost to a connection reset
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->headers["Connection"], "close");
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(EchoPath(), options);
  Client client(port_);
  ASSERT_TRUE(
      client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                  std::string("800\r\n") + std::string(2048, 'x') + "\r\n0\r\n\r\n"));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 413);
}

// Uploads take larger bodies than the rest: the limit by target is applied once the header is
// read, to a Content-Length and to a chunked body alike.
TEST_F(ServerTest, ALimitByTargetLetsUploadsCarryMore) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  options.body_limit = [](const Request& head) -> size_t {
    bool upload = head.method == "PUT" && head.path.starts_with("/files/");
    return upload && head.Header("Authorization") == "Bearer ok" ? 4096 : 1024;
  };
  StartServer([](Request& req) { return Json(std::to_string(req.body.size())); }, options);
  auto send = [&](const std::string& head, const std::string& body) {
    Client client(port_);
    EXPECT_TRUE(client.Send(head + "Host: test\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\n\r\n" + body));
    return client.ReadResponse();
  };
  auto upload =
      send("PUT /files/a.png HTTP/1.1\r\nAuthorization: Bearer ok\r\n", std::string(4096, 'u'));
  ASSERT_TRUE(upload.has_value());
  EXPECT_EQ(upload->status, 200);
  EXPECT_EQ(upload->body, "4096");
  // The limit sees the request's headers: without them the same upload gets the usual limit.
  auto anonymous = send("PUT /files/a.png HTTP/1.1\r\n", std::string(2048, 'u'));
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->status, 413);
  EXPECT_THAT(anonymous->body, HasSubstr("1024 bytes"));
  auto too_big =
      send("PUT /files/a.png HTTP/1.1\r\nAuthorization: Bearer ok\r\n", std::string(4097, 'u'));
  ASSERT_TRUE(too_big.has_value());
  EXPECT_EQ(too_big->status, 413);
  EXPECT_THAT(too_big->body, HasSubstr("4096 bytes"));
  auto elsewhere = send("POST /api HTTP/1.1\r\n", std::string(2048, 'p'));
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_EQ(elsewhere->status, 413);
  EXPECT_THAT(elsewhere->body, HasSubstr("1024 bytes"));

  Client chunked(port_);
  ASSERT_TRUE(
      chunked.Send("POST /api HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   std::string("800\r\n") + std::string(2048, 'x') + "\r\n0\r\n\r\n"));
  auto chunked_res = chunked.ReadResponse();
  ASSERT_TRUE(chunked_res.has_value());
  EXPECT_EQ(chunked_res->status, 413);
}

TEST_F(ServerTest, BodyWithinLimitAndExpectContinue) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer([](Request& req) { return Json(req.body); }, options);
  Client client(port_);
  ASSERT_TRUE(client.Send(
      "POST /p HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 1024\r\n\r\n"));
  ASSERT_TRUE(client.ReadUntil("HTTP/1.1 100 Continue\r\n\r\n"));
  ASSERT_TRUE(client.Send(std::string(1024, 'b')));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, std::string(1024, 'b'));
}

TEST_F(ServerTest, GarbageGets400AndServerStaysUp) {
  StartServer(EchoPath());
  Client client(port_);
  ASSERT_TRUE(client.Send("this is not http\x01\x02\r\n\r\n"));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr(R"({"error":{"code":"bad_request")"));
  EXPECT_TRUE(client.ReadsEof());
  auto next = Get("/ok");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, TargetThatIsNotAPathGets400WithoutReachingTheHandler) {
  std::atomic<int> calls = 0;
  StartServer([&calls](Request&) -> Response {
    ++calls;
    return Json("{}");
  });
  for (const char* target : {"?a=1", "*", "http://example.com/ok"}) {
    Client client(port_);
    ASSERT_TRUE(client.Send(GetRequest(target)));
    auto res = client.ReadResponse();
    ASSERT_TRUE(res.has_value()) << target;
    EXPECT_EQ(res->status, 400) << target;
    EXPECT_THAT(res->body, HasSubstr(R"({"error":{"code":"bad_request")")) << target;
  }
  EXPECT_EQ(calls, 0);
  auto ok = Get("/ok?a=1");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
}

// A transfer coding the server does not decode must not leave the body unread and the handler
// called with none (the body's bytes would then be read as the next request): the final
// coding not chunked is 400 (RFC 9112 §6.3), another coding before chunked is 501 (§6.1).
TEST_F(ServerTest, UnknownTransferCodingsAreRefusedWithoutCallingTheHandler) {
  std::atomic<int> calls{0};
  StartServer([&](Request& req) {
    ++calls;
    return Json(R"({"body":")" + req.body + R"("})");
  });
  struct Case {
    std::string transfer_encoding;
    std::string body;
    int status;
  };
  const std::string chunked_body = "5\r\nhello\r\n0\r\n\r\n";
  for (const Case& c : std::vector<Case>{{"gzip", "GET /smuggled HTTP/1.1\r\n\r\n", 400},
                                         {"chunked, gzip", "hello", 400},
                                         {"chunked, chunked", chunked_body, 400},
                                         {"gzip, chunked", chunked_body, 501},
                                         {"x-custom, chunked", chunked_body, 501}}) {
    Client client(port_);
    ASSERT_TRUE(client.Send("POST /p HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: " +
                            c.transfer_encoding + "\r\n\r\n" + c.body));
    auto res = client.ReadResponse();
    ASSERT_TRUE(res.has_value()) << c.transfer_encoding;
    EXPECT_EQ(res->status, c.status) << c.transfer_encoding << ": " << res->body;
    EXPECT_THAT(res->body, HasSubstr(R"({"error":{"code":")"));
    EXPECT_TRUE(client.ReadsEof()) << c.transfer_encoding;  // nothing after it is read as a request
  }
  EXPECT_EQ(calls.load(), 0);
  Client chunked(port_);
  ASSERT_TRUE(
      chunked.Send("POST /p HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
                   "Connection: close\r\n\r\n" +
                   chunked_body));
  auto ok = chunked.ReadResponse();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, R"({"body":"hello"})");
}

// A compressed body would reach handlers as bytes they then misread (a JSON parser sees
// garbage, or worse, something that parses): 415 instead, naming what is accepted.
TEST_F(ServerTest, CompressedRequestBodiesGet415) {
  std::atomic<int> calls{0};
  StartServer([&](Request& req) {
    ++calls;
    return Json("{}");
  });
  const std::string gzip_of_braces(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00"
      "\x43\xbf\xa6\xa3\x02\x00\x00\x00",
      22);
  for (const char* coding : {"gzip", "deflate", "br", "identity, gzip"}) {
    Client client(port_);
    ASSERT_TRUE(client.Send(
        "POST /p HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Content-Encoding: " +
        std::string(coding) + "\r\nContent-Length: " + std::to_string(gzip_of_braces.size()) +
        "\r\n\r\n" + gzip_of_braces));
    auto res = client.ReadResponse();
    ASSERT_TRUE(res.has_value()) << coding;
    EXPECT_EQ(res->status, 415) << coding;
    EXPECT_EQ(res->headers["Accept-Encoding"], "identity");
    EXPECT_THAT(res->body, HasSubstr(R"("code":"unsupported_encoding")"));
  }
  EXPECT_EQ(calls.load(), 0);
  Client plain(port_);
  ASSERT_TRUE(plain.Send(
      "POST /p HTTP/1.1\r\nHost: test\r\nContent-Encoding: identity\r\nContent-Length: 2\r\n"
      "Connection: close\r\n\r\n{}"));
  auto ok = plain.ReadResponse();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, HandlerExceptionGives500AndConnectionSurvives) {
  StartServer([](Request& req) -> Response {
    if (req.path == "/boom") throw std::runtime_error("database exploded");
    return Json("{}");
  });
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/boom")));
  auto boom = client.ReadResponse();
  ASSERT_TRUE(boom.has_value());
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(boom->body, R"({"error":{"code":"internal","message":"internal error"}})");
  ASSERT_TRUE(client.Send(GetRequest("/fine")));
  auto fine = client.ReadResponse();
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->status, 200);
}

TEST_F(ServerTest, IncompleteRequestGets408AfterReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  StartServer(EchoPath(), options);
  Client client(port_);
  ASSERT_TRUE(client.Send("GET /slow HTTP/1.1\r\nHost: te"));
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 408);
  EXPECT_THAT(res->body, HasSubstr(R"("code":"request_timeout")"));
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  StartServer(EchoPath(), options);
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/x")));
  ASSERT_TRUE(client.ReadResponse().has_value());
  EXPECT_TRUE(client.ReadsEof());
  EXPECT_TRUE(WaitFor([&] { return server_->OpenConnections() == 0; }));
}

TEST_F(ServerTest, StreamDeliversFramesWokenFromAnotherThread) {
  Hub hub;
  StartServer([&](Request&) {
    Response res;
    res.stream = hub.Make();
    return res;
  });
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/events")));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  EXPECT_THAT(client.received(), HasSubstr("Content-Type: text/event-stream\r\n"));
  EXPECT_THAT(client.received(), HasSubstr("Cache-Control: no-cache\r\n"));
  EXPECT_THAT(client.received(), HasSubstr("X-Accel-Buffering: no\r\n"));
  ASSERT_TRUE(WaitFor([&] { return hub.started == 1; }));
  std::thread([&] { hub.Broadcast("id: 1\nevent: deploy\ndata: {\"n\":1}\n\n"); }).join();
  EXPECT_TRUE(client.ReadUntil("id: 1\nevent: deploy\ndata: {\"n\":1}\n\n"));
  std::thread([&] { hub.Broadcast("data: 2\n\n"); }).join();
  EXPECT_TRUE(client.ReadUntil("data: 2\n\n"));
  EXPECT_EQ(hub.stopped, 0);
  client.Close();
  EXPECT_TRUE(WaitFor([&] { return hub.stopped == 1; }));
  EXPECT_TRUE(WaitFor([&] { return server_->OpenConnections() == 0; }));
}

TEST_F(ServerTest, AFinishedStreamEndsAfterItsLastFrame) {
  Hub hub;
  std::shared_ptr<TestSource> source;
  StartServer([&](Request&) {
    Response res;
    source = hub.Make();
    res.stream = source;
    return res;
  });
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/events")));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  ASSERT_TRUE(WaitFor([&] { return hub.started == 1; }));
  std::thread([&] { source->Push("data: 1\n\n"); }).join();
  EXPECT_TRUE(client.ReadUntil("data: 1\n\n"));
  std::thread([&] { source->PushLast("data: last\n\n"); }).join();
  EXPECT_TRUE(client.ReadUntil("data: last\n\n"));
  EXPECT_TRUE(client.ReadsEof());
  EXPECT_TRUE(WaitFor([&] { return hub.stopped == 1; }));
}

TEST_F(ServerTest, StopEndsStreamsAndIdleConnections) {
  Hub hub;
  StartServer([&](Request& req) {
    Response res;
    if (req.path == "/events") res.stream = hub.Make();
    return res;
  });
  Client stream(port_);
  ASSERT_TRUE(stream.Send(GetRequest("/events")));
  Client idle(port_);
  ASSERT_TRUE(idle.Send(GetRequest("/ping")));
  ASSERT_TRUE(idle.ReadResponse().has_value());
  ASSERT_TRUE(WaitFor([&] { return hub.started == 1; }));
  server_->Stop();
  EXPECT_EQ(hub.stopped, 1);
  EXPECT_EQ(server_->OpenConnections(), 0u);
  EXPECT_TRUE(stream.ReadsEof());
  EXPECT_THAT(stream.received(), HasSubstr("\r\n0\r\n\r\n"));  // the last chunk
  EXPECT_TRUE(idle.ReadsEof());
}

// Connections are spread over the threads: one blocked in a handler neither stops accepting nor
// holds up a connection served by another thread.
TEST_F(ServerTest, BlockedHandlerDoesNotHoldUpTheNextConnection) {
  std::atomic<bool> entered{false}, release{false}, block_returned{false};
  std::atomic<bool> other_served_meanwhile{false};
  StartServer([&](Request& req) {
    if (req.path == "/block") {
      entered = true;
      WaitFor([&] { return release.load(); });
      block_returned = true;
    } else {
      other_served_meanwhile = !block_returned;
    }
    return Json(R"({"ok":true})");
  });
  Client blocked(port_);
  ASSERT_TRUE(blocked.Send(GetRequest("/block")));
  ASSERT_TRUE(WaitFor([&] { return entered.load(); }));
  auto other = Get("/other");  // the next connection goes to the other thread
  release = true;
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status, 200);
  EXPECT_TRUE(other_served_meanwhile);
  auto res = blocked.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 200);
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishThenRefusesConnections) {
  std::atomic<bool> entered{false};
  StartServer([&](Request&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return Json(R"({"slow":true})");
  });
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/slow")));
  ASSERT_TRUE(WaitFor([&] { return entered.load(); }));
  server_->Stop();
  auto res = client.ReadResponse();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"slow":true})");
  EXPECT_EQ(res->headers["Connection"], "close");
  EXPECT_TRUE(client.ReadsEof());
  Client late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, StopIsIdempotentAndStartOnlyOnce) {
  StartServer(EchoPath());
  EXPECT_EQ(server_->Start().status().code(), absl::StatusCode::kFailedPrecondition);
  server_->Stop();
  server_->Stop();
  EXPECT_EQ(server_->Start().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ServerStartTest, AddressInUseIsUnavailable) {
  ServerOptions options;
  options.port = 0;
  auto first = NewServer(options, EchoPath());
  absl::StatusOr<uint16_t> port = first->Start();
  ASSERT_TRUE(port.ok()) << port.status();
  options.port = *port;
  auto second = NewServer(options, EchoPath());
  absl::StatusOr<uint16_t> taken = second->Start();
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(taken.status().message()), HasSubstr("cannot listen on 127.0.0.1:"));
}

TEST_F(ServerTest, ManyStreamsAndRequestsAtOnce) {
  constexpr int kStreams = 200;
  Hub hub;
  StartServer([&](Request& req) {
    Response res;
    if (req.path == "/events") {
      res.stream = hub.Make();
    } else {
      res.body = R"({"ok":true})";
    }
    return res;
  });
  std::vector<std::unique_ptr<Client>> streams;
  for (int i = 0; i < kStreams; ++i) {
    streams.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(streams.back()->Send(GetRequest("/events")));
  }
  ASSERT_TRUE(WaitFor([&] { return hub.started == kStreams; }));
  for (int i = 0; i < 20; ++i) {
    auto res = Get("/ping");
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->body, R"({"ok":true})");
  }
  std::thread([&] { hub.Broadcast("data: all\n\n"); }).join();
  int delivered = 0;
  for (auto& stream : streams) delivered += stream->ReadUntil("data: all\n\n") ? 1 : 0;
  EXPECT_EQ(delivered, kStreams);
  EXPECT_TRUE(WaitFor([&] { return server_->OpenConnections() == kStreams; }));
  streams.clear();
  EXPECT_TRUE(WaitFor([&] { return hub.stopped == kStreams; }));
}

}  // namespace
}  // namespace paved::http
