#include "core/error.h"

#include "absl/strings/cord.h"

namespace paved {
namespace {

constexpr char kReasonPayload[] = "paved.dev/api_code";
constexpr char kFieldPayload[] = "paved.dev/field";

std::string Payload(const absl::Status& status, const char* key) {
  auto p = status.GetPayload(key);
  return p ? std::string(*p) : "";
}

}  // namespace

absl::Status DomainError(absl::StatusCode code, const std::string& reason,
                         const std::string& message, const std::string& field) {
  absl::Status s(code, message);
  s.SetPayload(kReasonPayload, absl::Cord(reason));
  if (!field.empty()) s.SetPayload(kFieldPayload, absl::Cord(field));
  return s;
}

absl::Status InvalidField(const std::string& field, const std::string& message) {
  return DomainError(absl::StatusCode::kInvalidArgument, "invalid_field", message, field);
}

absl::Status MissingField(const std::string& field) {
  return DomainError(absl::StatusCode::kInvalidArgument, "missing_field", field + " is required",
                     field);
}

std::string ErrorReason(const absl::Status& status) { return Payload(status, kReasonPayload); }
std::string ErrorField(const absl::Status& status) { return Payload(status, kFieldPayload); }

std::string Shortened(std::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  size_t end = max_bytes;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is cut in two.
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return std::string(value.substr(0, end)) + "…";
}

}  // namespace paved
