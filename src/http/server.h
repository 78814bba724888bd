#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "http/message.h"

namespace paved::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; Start() returns the real one
  // I/O threads, each with the connections it accepted; handlers run on them and may block
  // briefly on the DB — a blocked handler holds up only the connections of its own thread.
  int threads = 8;
  size_t max_body_bytes = 1 << 20;  // larger bodies: 413
  // When set, the body limit of a request instead of max_body_bytes, asked once its header is
  // read with the request's head (method, target, path, query and headers; no body yet): file
  // uploads take larger bodies than JSON routes, and only from a caller allowed to upload.
  std::function<size_t(const Request& head)> body_limit;
  std::chrono::seconds read_timeout{30};    // whole request must arrive within this
  std::chrono::seconds idle_timeout{60};    // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{10};  // in-flight requests may finish within this
};

// The HTTP/1.1 server (Boost.Beast). Keep-alive, body size limit, timeouts, SSE streaming and
// graceful shutdown live here; routing, auth and logging are the handler's business.
// Errors the handler never sees (malformed HTTP → 400, body too large → 413, timeouts) are
// answered here with the JSON error shape {"error":{"code","message"}}.
class Server {
 public:
  virtual ~Server() = default;
  // Binds and starts serving on background threads. On success returns the bound port.
  virtual absl::StatusOr<uint16_t> Start() = 0;
  // Graceful: stops accepting, lets in-flight requests finish (up to shutdown_grace), closes SSE
  // streams and idle connections, then returns. Idempotent; safe from any thread but a handler.
  virtual void Stop() = 0;
  // Connections currently open (idle keep-alive, in flight and streaming). Thread-safe.
  virtual size_t OpenConnections() const = 0;
};

std::unique_ptr<Server> NewServer(ServerOptions options, Handler handler);

}  // namespace paved::http
