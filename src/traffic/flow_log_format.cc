#include "traffic/flow_log_format.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paved::traffic {
namespace {

// Each needed field's header name and its member.
constexpr std::pair<const char*, int FlowLogFormat::*> kFields[] = {
    {"srcaddr", &FlowLogFormat::srcaddr},
    {"dstaddr", &FlowLogFormat::dstaddr},
    {"pkt-srcaddr", &FlowLogFormat::pkt_srcaddr},
    {"pkt-dstaddr", &FlowLogFormat::pkt_dstaddr},
    {"bytes", &FlowLogFormat::bytes},
    {"start", &FlowLogFormat::start},
    {"action", &FlowLogFormat::action},
    {"log-status", &FlowLogFormat::log_status},
    {"flow-direction", &FlowLogFormat::flow_direction},
};

absl::Status Missing(const char* what) {
  return absl::InvalidArgumentError(
      absl::StrCat("flow-log header: no ", what, " field (the first line must name the fields)"));
}

}  // namespace

const char* FlowLogFormat::NameOf(const FlowLogFormat& format, int position) {
  const char* first = "?";
  int first_position = INT32_MAX;
  for (const auto& [name, member] : kFields) {
    int at = format.*member;
    if (at >= position && at < first_position) {
      first = name;
      first_position = at;
    }
  }
  return first;
}

absl::StatusOr<FlowLogFormat> ParseFlowLogHeader(std::string_view header) {
  while (!header.empty() && (header.back() == '\r' || header.back() == '\n')) {
    header.remove_suffix(1);
  }
  FlowLogFormat format;
  int position = 0;
  for (absl::string_view name :
       absl::StrSplit(absl::string_view(header.data(), header.size()), ' ', absl::SkipEmpty())) {
    if (position == kMaxFlowLogFields) {
      return absl::InvalidArgumentError(
          absl::StrCat("flow-log header: more than ", kMaxFlowLogFields, " fields"));
    }
    for (const auto& [field, member] : kFields) {
      if (name != field) continue;
      if (format.*member >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("flow-log header: field ", field, " named twice"));
      }
      format.*member = position;
      if (position > format.last_needed) format.last_needed = position;
    }
    ++position;
  }
  format.field_count = position;
  if (format.bytes < 0) return Missing("bytes");
  if (format.start < 0) return Missing("start");
  if (format.action < 0) return Missing("action");
  if (format.srcaddr < 0 && format.pkt_srcaddr < 0) return Missing("srcaddr or pkt-srcaddr");
  if (format.dstaddr < 0 && format.pkt_dstaddr < 0) return Missing("dstaddr or pkt-dstaddr");
  return format;
}

}  // namespace paved::traffic
