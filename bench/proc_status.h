#pragma once

// A field of /proc/self/status in kB ("VmRSS:", "VmHWM:"): the memory figures benchmarks print.

#include <fstream>
#include <string>

namespace paved::bench {

inline long ProcStatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == field) {
      in >> value;
      return value;
    }
  }
  return 0;
}

}  // namespace paved::bench
