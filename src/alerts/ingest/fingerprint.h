#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/alert.h"
#include "alerts/hash64.h"

namespace paved::alerts {

// Alertmanager's alert identity, Prometheus' LabelSet.Fingerprint(): FNV-1a 64 over the label
// names in byte order, each name and each value followed by the byte 0xff.
// As text: Hex64 (hash64.h).
uint64_t LabelsFingerprint(const LabelSet& labels);

}  // namespace paved::alerts
