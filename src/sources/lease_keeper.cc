#include "sources/lease_keeper.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace paved::sources {

absl::Status WithLeaseKept(const std::function<bool()>& heartbeat,
                           const std::function<absl::Status()>& work) {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread keeper([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return done; })) {
      if (heartbeat && !heartbeat()) return;
    }
  });
  absl::Status status = work();
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  keeper.join();
  return status;
}

}  // namespace paved::sources
