#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/queued_event_stream.h"

namespace paved::http {

// Case-insensitive ordering for header names.
struct HeaderLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::map<std::string, std::string, HeaderLess>;

// A parsed HTTP request. Independent of the server library so that handlers and domains never
// include Beast.
struct Request {
  std::string method;                        // "GET", "POST", ...
  std::string target;                        // raw request target, e.g. "/api/v1/projects?limit=5"
  std::string path;                          // percent-decoded, no query; starts with '/'
  std::map<std::string, std::string> query;  // decoded; last value wins
  Headers headers;
  std::string body;
  std::string remote_addr;
  std::map<std::string, std::string> path_params;  // filled by the router

  std::string Header(const std::string& name) const;  // "" when absent
  std::optional<std::string> QueryParam(const std::string& name) const;
};

using EventStream = ::paved::EventStream;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the server answers 200 with Content-Type text/event-stream, writes no body, and
  // streams frames from this source until it is Finished(), the client disconnects or the server
  // stops. The server sends a ": keep-alive" comment every 15 s of silence.
  std::shared_ptr<EventStream> stream;

  void SetHeader(const std::string& name, const std::string& value);
  std::string Header(const std::string& name) const;  // "" when absent
};

// Percent-decoding of a path or query component ('+' is a space only in queries).
std::string PercentDecode(const std::string& in, bool plus_is_space);
// The Content-Type of a file served by its name's extension ("site.css" → "text/css;
// charset=utf-8"); "application/octet-stream" for an unknown one.
std::string ContentTypeFor(const std::string& file_name);
// Splits "a=1&b=x%20y" into decoded pairs.
std::map<std::string, std::string> ParseQuery(const std::string& query);

// A request for `method` and raw `target` ("/api/v1/x?limit=5"), with path and query filled as
// the server fills them. For tests and in-process callers.
Request MakeRequest(const std::string& method, const std::string& target,
                    const std::string& body = "");

using Handler = std::function<Response(Request&)>;

}  // namespace paved::http
