#include "core/log.h"

#include "core/clock.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace paved {
namespace {

std::shared_ptr<spdlog::logger> RecordLogger() {
  static auto logger = [] {
    auto l = spdlog::stderr_logger_mt("record");
    l->set_pattern("%v");
    return l;
  }();
  return logger;
}

}  // namespace

void InitLogging(const std::string& level) {
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  RecordLogger();
}

void LogRecord(nlohmann::json record) {
  record["ts"] = FormatTimeMs(SystemClock::Get()->NowMs());
  RecordLogger()->info(record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace paved
