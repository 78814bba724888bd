#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/alert.h"

namespace paved::alerts {

// Alertmanager's alert identity, Prometheus' LabelSet.Fingerprint(): FNV-1a 64 over the label
// names in byte order, each name and each value followed by the byte 0xff.
uint64_t LabelsFingerprint(const LabelSet& labels);
// The same as 16 lowercase hex digits (Alertmanager's "%016x").
std::string FingerprintHex(uint64_t fingerprint);
// 16 hex digits (either case) → the number; nullopt for anything else.
std::optional<uint64_t> ParseFingerprint(std::string_view hex);

}  // namespace paved::alerts
