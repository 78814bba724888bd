#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "http/server.h"

namespace paved::providers::hr::testing {

// An HR source for tests on 127.0.0.1:<free port> that answers every request with whatever the
// test last set, and remembers the Authorization header it received. Link paved_http.
class FakeHrServer {
 public:
  FakeHrServer() {
    server_ = http::NewServer({.port = 0, .threads = 1}, [this](http::Request& req) {
      std::lock_guard lock(mu_);
      authorization_ = req.Header("Authorization");
      ++requests_;
      http::Response r;
      r.status = status_;
      r.body = body_;
      r.SetHeader("Content-Type", "application/json");
      return r;
    });
    auto port = server_->Start();
    port_ = port.ok() ? *port : 0;
  }
  ~FakeHrServer() { server_->Stop(); }

  bool started() const { return port_ != 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/teams"; }
  void Answer(int status, std::string body) {
    std::lock_guard lock(mu_);
    status_ = status;
    body_ = std::move(body);
  }
  std::string authorization() {
    std::lock_guard lock(mu_);
    return authorization_;
  }
  int requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  std::mutex mu_;
  int status_ = 200;
  std::string body_ = R"({"teams":[]})";
  std::string authorization_;
  int requests_ = 0;
};

}  // namespace paved::providers::hr::testing
