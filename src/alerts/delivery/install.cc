#include <memory>

#include "alerts/delivery/delivery.h"

namespace paved::alerts {

constexpr int64_t kRemindEveryMs = 60'000;

void InstallAlertDelivery(jobs::WorkerPool* pool, jobs::WorkerPool* first_posts,
                          jobs::Scheduler* scheduler, const AlertsDeps& deps,
                          slack::Client* slack) {
  auto delivery = std::make_shared<AlertDelivery>(deps, slack);
  jobs::JobHandler deliver = [delivery](jobs::JobContext& ctx) {
    std::string group = ctx.job.payload.value("group", "");
    if (group.empty()) {
      return absl::InvalidArgumentError(ctx.job.kind + ": payload without group");
    }
    return delivery->Deliver(group, ctx.job.attempts);
  };
  pool->Register(kDeliverJob, deliver);
  pool->Register(kFirstPostJob, deliver);  // an idle general worker may take it too
  first_posts->Register(kFirstPostJob, deliver);
  pool->Register(kRemindJob, [delivery](jobs::JobContext&) { return delivery->Remind(); });
  pool->Register(kReportJob, [delivery](jobs::JobContext&) { return delivery->Report(); });
  scheduler->Every(kRemindJob, kRemindEveryMs);
  if (deps.config->report_every_ms > 0) scheduler->Every(kReportJob, deps.config->report_every_ms);
}

}  // namespace paved::alerts
