#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "resources/resource.h"
#include "store/store.h"

namespace paved::resources {

inline constexpr char kNotifyJobKind[] = "resources.notify";

// Posts `text` (Slack mrkdwn) to the chat channel of team `team_slug`. OK when the team has no
// channel or no chat is configured: there is nobody to tell. Unavailable to retry later.
using ChatPost = std::function<absl::Status(const std::string& team_slug, const std::string& text)>;

// The owner team's message when a saga ends ready (with how apps use it) or failed (with why:
// a creation undone, or a piece an undo could not remove). `resource_url` links the resource's
// page.
std::string NoticeText(const Resource& r, Status ended, const std::string& why,
                       const std::string& resource_url);

// Enqueues the message inside the transaction that records the end, so a crash cannot lose it;
// a deletion's normal end is not told.
absl::Status EnqueueNotice(store::Tx& tx, jobs::JobQueue& queue, const Resource& r, Status ended,
                           const std::string& why);

// The job that posts it: `load` reads the resource with its owner team, `post` sends,
// `public_url` is Paved's address for the link.
void RegisterNotifier(jobs::WorkerPool& pool,
                      std::function<absl::StatusOr<Resource>(const std::string& id)> load,
                      ChatPost post, std::string public_url);

}  // namespace paved::resources
