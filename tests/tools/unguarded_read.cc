// Deliberately wrong: reads a member guarded by an absl::Mutex without holding it.
// scripts/check-thread-safety must reject this file (tests/CMakeLists.txt checks that it does);
// it is never compiled into anything.
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace paved::tools_fixture {

class Counter {
 public:
  void Add() {
    absl::MutexLock lock(&mu_);
    ++count_;
  }
  int Read() const { return count_; }  // no lock: the checker must report this line

 private:
  mutable absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace paved::tools_fixture
