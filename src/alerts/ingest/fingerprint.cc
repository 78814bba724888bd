#include "alerts/ingest/fingerprint.h"

#include "alerts/hash64.h"

namespace paved::alerts {

uint64_t LabelsFingerprint(const LabelSet& labels) {
  constexpr unsigned char kSeparator = 0xff;
  Fnv1a64 h;
  for (const auto& [name, value] : labels) {  // std::map: names in byte order
    h.Add(name).AddByte(kSeparator).Add(value).AddByte(kSeparator);
  }
  return h.value();
}

}  // namespace paved::alerts
