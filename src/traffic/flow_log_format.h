#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace paved::traffic {

// The most fields a header may name (AWS defines 33); a scanner keeps this many per line.
inline constexpr int kMaxFlowLogFields = 64;

// Where the fields the analysis needs sit in a flow-log record, read from the file's header line
// (space-separated field names: the default v2 format, v3–v5, or any custom subset and order).
// A position is a 0-based field index, -1 when the header does not name the field.
struct FlowLogFormat {
  int srcaddr = -1, dstaddr = -1;
  int pkt_srcaddr = -1, pkt_dstaddr = -1;
  int bytes = -1, start = -1;
  int action = -1, log_status = -1, flow_direction = -1;
  int field_count = 0;  // fields the header names
  int last_needed = 0;  // the highest position above: fields beyond it are never looked at

  // The name of the needed field at `position`, or else the next needed one after it
  // ("pkt-srcaddr"): what a line cut short lacks, for error messages.
  static const char* NameOf(const FlowLogFormat& format, int position);
};

// The format a header line gives. InvalidArgument when it lacks `bytes`, `start`, `action`, or
// both `srcaddr` and `pkt-srcaddr` (same for the destination), names a field twice, or names more
// than kMaxFlowLogFields fields.
absl::StatusOr<FlowLogFormat> ParseFlowLogHeader(std::string_view header);

}  // namespace paved::traffic
