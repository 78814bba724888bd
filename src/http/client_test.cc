#include "http/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::chrono::milliseconds kTimeout{5000};

// Listens on 127.0.0.1:0, accepts one connection, records the request and writes `reply` (or
// nothing, until the client hangs up, when `reply` is empty).
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : reply_(std::move(reply)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(listen_fd_, 4), 0);
    socklen_t length = sizeof(addr);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    if (thread_.joinable()) thread_.join();
    close(listen_fd_);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The raw request bytes; waits for the connection to be done.
  const std::string& request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  void Serve() {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 10000) != 1) return;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    ReadRequest(fd);
    if (!reply_.empty()) {
      EXPECT_EQ(write(fd, reply_.data(), reply_.size()), static_cast<ssize_t>(reply_.size()));
    } else {
      char sink[256];
      while (read(fd, sink, sizeof(sink)) > 0) {
      }
    }
    close(fd);
  }

  void ReadRequest(int fd) {
    char buffer[4096];
    while (!Complete()) {
      const ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n <= 0) return;
      request_.append(buffer, static_cast<size_t>(n));
    }
  }

  bool Complete() const {
    const size_t end = request_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    size_t content_length = 0;
    const size_t at = request_.find("Content-Length: ");
    if (at != std::string::npos && at < end) {
      const size_t value = at + 16;
      (void)absl::SimpleAtoi(request_.substr(value, request_.find("\r\n", value) - value),
                             &content_length);
    }
    return request_.size() >= end + 4 + content_length;
  }

  std::string reply_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

std::unique_ptr<Client> TestClient(ClientOptions options = {}) {
  options.use_env_proxy = false;
  return NewCurlClient(std::move(options));
}

TEST(ClientTest, SendsMethodHeadersAndBodyAndReadsTheAnswer) {
  OneShotServer server(
      "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Reply: yes\r\n"
      "Content-Length: 11\r\nConnection: close\r\n\r\n{\"id\":\"p1\"}");
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response =
      client->Send("POST", server.url("/api/v1/projects?x=1"),
                   {{"Content-Type", "application/json"}, {"Authorization", "Bearer pvd_abc"}},
                   R"({"slug":"a"})", kTimeout);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->Header("x-reply"), "yes");
  EXPECT_EQ(response->Header("Absent"), "");
  EXPECT_EQ(response->body, R"({"id":"p1"})");
  const std::string& request = server.request();
  EXPECT_TRUE(absl::StartsWith(request, "POST /api/v1/projects?x=1 HTTP/1.1\r\n")) << request;
  EXPECT_THAT(request, HasSubstr("\r\nAuthorization: Bearer pvd_abc\r\n"));
  EXPECT_THAT(request, HasSubstr("\r\nContent-Type: application/json\r\n"));
  EXPECT_THAT(request, HasSubstr("\r\nContent-Length: 12\r\n"));
  EXPECT_THAT(request, Not(HasSubstr("Expect:")));
  EXPECT_TRUE(absl::EndsWith(request, "\r\n\r\n{\"slug\":\"a\"}"));
}

TEST(ClientTest, GetSendsNoBodyAndNoContentType) {
  OneShotServer server(
      "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response = client->Send("GET", server.url("/x"), {}, "", kTimeout);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "{}");
  EXPECT_TRUE(absl::StartsWith(server.request(), "GET /x HTTP/1.1\r\n"));
  EXPECT_THAT(server.request(), Not(HasSubstr("Content-Type")));
  EXPECT_THAT(server.request(), Not(HasSubstr("Content-Length")));
}

TEST(ClientTest, SendsOtherMethodsAsGiven) {
  OneShotServer server("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response =
      client->Send("DELETE", server.url("/api/v1/tokens/7"), {}, "", kTimeout);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 204);
  EXPECT_TRUE(absl::StartsWith(server.request(), "DELETE /api/v1/tokens/7 HTTP/1.1\r\n"));
}

TEST(ClientTest, EmptyPatchSendsZeroContentLength) {
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  auto client = TestClient();
  ASSERT_TRUE(client->Send("PATCH", server.url("/p"), {}, "", kTimeout).ok());
  EXPECT_TRUE(absl::StartsWith(server.request(), "PATCH /p HTTP/1.1\r\n"));
  EXPECT_THAT(server.request(), HasSubstr("\r\nContent-Length: 0\r\n"));
}

TEST(ClientTest, KeepsRepeatedResponseHeaders) {
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; HttpOnly\r\nset-cookie: b=2\r\n"
      "Content-Length: 0\r\nConnection: close\r\n\r\n");
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response = client->Send("GET", server.url("/"), {}, "", kTimeout);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(response->Headers("Set-Cookie"), ElementsAre("a=1; HttpOnly", "b=2"));
}

TEST(ClientTest, TimesOutWhenTheServerNeverAnswers) {
  OneShotServer server("");
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response =
      client->Send("GET", server.url("/slow"), {}, "", std::chrono::milliseconds(200));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded) << response.status();
}

TEST(ClientTest, RefusedConnectionIsUnavailable) {
  std::string url;
  {
    OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    url = server.url("/");
    auto client = TestClient();
    ASSERT_TRUE(client->Send("GET", url, {}, "", kTimeout).ok());
  }  // the listening socket is closed now
  auto client = TestClient();
  absl::StatusOr<ClientResponse> response = client->Send("GET", url, {}, "", kTimeout);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable) << response.status();
}

TEST(ClientTest, RejectsBodiesOverTheLimit) {
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789012345678901234567890123456789");
  ClientOptions options;
  options.max_response_bytes = 16;
  auto client = TestClient(options);
  absl::StatusOr<ClientResponse> response = client->Send("GET", server.url("/"), {}, "", kTimeout);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kResourceExhausted) << response.status();
}

TEST(ClientTest, RejectsHeaderInjectionAndBadMethods) {
  auto client = TestClient();
  EXPECT_EQ(client->Send("GET", "http://127.0.0.1:1/", {{"X-A", "1\r\nX-B: 2"}}, "", kTimeout)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client->Send("GE T", "http://127.0.0.1:1/", {}, "", kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client->Send("GET", "file:///etc/passwd", {}, "", kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ClientTest, UrlEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UrlEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(UrlEncode("a b/c?d&e=é"), "a%20b%2Fc%3Fd%26e%3D%C3%A9");
}

}  // namespace
}  // namespace paved::http
