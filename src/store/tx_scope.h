#pragma once

namespace paved::store {

// Marks the current thread as inside a transaction of one store, so that a call on the Store
// itself from inside Transaction() (which would wait for a second connection or for the write
// lock this thread already holds) fails fast instead of deadlocking.
class TxScope {
 public:
  explicit TxScope(const void* store);
  ~TxScope();
  TxScope(const TxScope&) = delete;
  TxScope& operator=(const TxScope&) = delete;

  // True when the calling thread is inside a transaction of `store`.
  static bool Active(const void* store);

 private:
  const void* store_;
};

}  // namespace paved::store
