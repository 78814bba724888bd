#include "http/router.h"

#include <cstdlib>

#include "http/errors.h"
#include "spdlog/spdlog.h"

namespace paved::http {

std::vector<std::string> Router::Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

void Router::Add(Route route) {
  for (const Route& r : routes_) {
    if (r.method == route.method && r.path == route.path) {
      spdlog::critical("duplicate route {} {}", route.method, route.path);
      std::abort();
    }
  }
  compiled_.push_back({Split(route.path)});
  routes_.push_back(std::move(route));
}

void Router::Add(std::vector<Route> routes) {
  for (Route& route : routes) Add(std::move(route));
}

bool Router::MatchSegments(const Compiled& c, const std::vector<std::string>& parts,
                           std::map<std::string, std::string>* params) {
  const bool tail = !c.segments.empty() && c.segments.back().ends_with("...}");
  if (tail ? parts.size() + 1 < c.segments.size() : c.segments.size() != parts.size()) {
    return false;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = c.segments[i];
    if (tail && i + 1 == c.segments.size()) {
      std::string rest = parts[i];
      for (size_t j = i + 1; j < parts.size(); ++j) rest += "/" + parts[j];
      (*params)[seg.substr(1, seg.size() - 5)] = rest;
      return true;
    }
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (parts[i].empty()) return false;
      (*params)[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match best;
  std::vector<std::string> parts = Split(path);
  int best_literals = -1;
  for (size_t i = 0; i < routes_.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(compiled_[i], parts, &params)) continue;
    if (routes_[i].method != method) {
      best.allowed_methods.push_back(routes_[i].method);
      continue;
    }
    int literals = 0;
    for (const std::string& seg : compiled_[i].segments) literals += seg.starts_with('{') ? 0 : 1;
    if (literals > best_literals) {
      best_literals = literals;
      best.route = &routes_[i];
      best.params = std::move(params);
    }
  }
  if (best.route) best.allowed_methods.clear();
  return best;
}

}  // namespace paved::http

namespace paved::http {

RouteHandler Handle(StatusHandler handler) {
  return [handler = std::move(handler)](Context& ctx) -> Response {
    absl::StatusOr<Response> r = handler(ctx);
    if (!r.ok()) return ErrorFromStatus(r.status());
    return std::move(*r);
  };
}

}  // namespace paved::http
