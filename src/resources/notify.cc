#include "resources/notify.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/status_macros.h"

namespace paved::resources {

std::string NoticeText(const Resource& r, Status ended, const std::string& why,
                       const std::string& resource_url) {
  std::string what =
      absl::StrCat("*", KindName(r.kind), " ", r.name, "* of ", r.project, " in ", r.environment);
  std::string link = resource_url.empty() ? "" : absl::StrCat(" <", resource_url, "|Open>");
  if (ended != Status::kReady) {
    return absl::StrCat(":x: ", what, " failed: ", why,
                        ". The journal says what was made and what was removed.", link);
  }
  std::string price;
  if (auto it = r.outputs.find("estimated_monthly_usd"); it != r.outputs.end() && it->is_number()) {
    price = absl::StrFormat(", about $%.2f a month", it->get<double>());
  }
  std::string use = r.kind == Kind::kRedis ? absl::StrCat(" Apps get it with `resources: [", r.name,
                                                          "]` in paved.yaml.")
                                           : "";
  return absl::StrCat(":white_check_mark: ", what, " is ready", price, " (asked for by ",
                      r.created_by, ").", use, link);
}

absl::Status EnqueueNotice(store::Tx& tx, jobs::JobQueue& queue, const Resource& r, Status ended,
                           const std::string& why) {
  if (ended != Status::kReady && ended != Status::kFailed) return absl::OkStatus();
  return queue
      .EnqueueTx(
          tx, kNotifyJobKind, {{"resource_id", r.id}, {"ended", StatusName(ended)}, {"why", why}},
          {.max_attempts = 20, .dedupe_key = absl::StrCat("notify/", r.id, "/", StatusName(ended))})
      .status();
}

void RegisterNotifier(jobs::WorkerPool& pool,
                      std::function<absl::StatusOr<Resource>(const std::string& id)> load,
                      ChatPost post, std::string public_url) {
  pool.Register(kNotifyJobKind,
                [load = std::move(load), post = std::move(post),
                 public_url = std::move(public_url)](jobs::JobContext& ctx) -> absl::Status {
                  if (!post) return absl::OkStatus();
                  const nlohmann::json& p = ctx.job.payload;
                  absl::StatusOr<Resource> r = load(p.value("resource_id", ""));
                  if (absl::IsNotFound(r.status())) return absl::OkStatus();
                  RETURN_IF_ERROR(r.status());
                  Status ended = ParseStatus(p.value("ended", "")).value_or(Status::kFailed);
                  std::string url =
                      public_url.empty() ? "" : absl::StrCat(public_url, "/resources/", r->id);
                  return post(r->owner_team, NoticeText(*r, ended, p.value("why", ""), url));
                });
}

}  // namespace paved::resources
