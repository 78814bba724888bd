#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace paved::store {

// A fixed number of connection slots handed out one caller at a time. A slot may be empty
// (not yet connected, or dropped after a failure): the lease holder (re)connects it.
template <typename Conn>
class ConnPool {
 public:
  explicit ConnPool(size_t size) : slots_(size) {
    for (size_t i = 0; i < size; ++i) free_.push_back(i);
  }

  // Exclusive use of one slot until destroyed.
  class Lease {
   public:
    Lease(ConnPool* pool, size_t index) : pool_(pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Release(index_); }
    std::unique_ptr<Conn>& slot() { return pool_->slots_[index_]; }
    Conn* operator->() { return slot().get(); }

   private:
    ConnPool* pool_;
    size_t index_;
  };

  size_t size() const { return slots_.size(); }

  // Blocks until a slot is free.
  std::unique_ptr<Lease> Acquire() {
    auto any_free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !free_.empty(); };
    absl::MutexLock lock(&mu_, absl::Condition(&any_free));
    size_t index = free_.back();
    free_.pop_back();
    return std::make_unique<Lease>(this, index);
  }

  // Drops every connection; REQUIRES: no lease outstanding.
  void Clear() {
    absl::MutexLock lock(&mu_);
    for (auto& slot : slots_) slot.reset();
  }

 private:
  void Release(size_t index) {
    absl::MutexLock lock(&mu_);  // wakes an Acquire() waiting for a free slot
    free_.push_back(index);
  }

  std::vector<std::unique_ptr<Conn>> slots_;  // slot i is touched only by its lease holder
  absl::Mutex mu_;
  std::vector<size_t> free_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::store
