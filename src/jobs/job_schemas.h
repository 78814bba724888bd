#pragma once

#include "http/schema.h"

namespace paved::jobs {

// A job as JobToJson writes it.
http::Schema JobSchema();
// What a route that queues a job answers (202): {"job": Job}.
http::Schema QueuedJobSchema();

}  // namespace paved::jobs
