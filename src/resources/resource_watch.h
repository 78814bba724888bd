#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/queued_event_stream.h"
#include "nlohmann/json.hpp"

namespace paved::resources {

// "event: resource\ndata: <resource>\n\n"
std::string ResourceSseFrame(const nlohmann::json& resource);

// Follows resources for GET /api/v1/resources/{id}/stream. One thread reads every followed
// resource each `poll` and gives its followers a frame whenever what `read` returns changed;
// a follower's stream ends after the frame that shows the resource ready, failed or deleted.
// Thread-safe.
class ResourceWatch {
 public:
  // `read` gives a resource as JSON (with its journal and a `status`); NotFound ends the
  // follower's stream. `decorate` adds to a frame what is only worth asking when it changed
  // (the provider's live status). Both are called from the watch's thread and Follow's caller.
  struct Options {
    std::function<absl::StatusOr<nlohmann::json>(const std::string& id)> read;
    std::function<void(nlohmann::json&)> decorate;
    absl::Duration poll = absl::Milliseconds(300);
    size_t max_followers = 200;
  };
  explicit ResourceWatch(Options options);
  ~ResourceWatch();  // followers still open stay valid and receive nothing more
  ResourceWatch(const ResourceWatch&) = delete;
  ResourceWatch& operator=(const ResourceWatch&) = delete;

  // A stream whose first frame is the resource as it is now. Errors of the first read are
  // returned (NotFound for an unknown id); ResourceExhausted when max_followers are open.
  absl::StatusOr<std::shared_ptr<EventStream>> Follow(const std::string& id);

  size_t follower_count() const;

  class Hub;  // shared with followers, which may outlive the watch

 private:
  std::shared_ptr<Hub> hub_;
  std::thread thread_;
};

}  // namespace paved::resources
