#pragma once

#include <chrono>
#include <thread>

namespace paved::test_support {

// Polls `done` until it holds or a generous bound (20 s) passes; returns whether it held. Tests
// assert on the state reached, never on how long it took.
template <typename Pred>
bool Eventually(Pred done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace paved::test_support
