#include "store/postgres/pg_listener.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace paved::store {
namespace {

constexpr int kPollTimeoutMs = 1000;
constexpr int kReconnectDelayMs = 500;

absl::Status ListenTo(PgConnection& conn, const std::string& channel) {
  char* quoted = PQescapeIdentifier(conn.raw(), channel.data(), channel.size());
  if (quoted == nullptr) return PgError(conn.raw(), nullptr, "LISTEN");
  std::string sql = absl::StrCat("LISTEN ", quoted);
  PQfreemem(quoted);
  return conn.Exec(sql).status();
}

}  // namespace

PgListener::PgListener(std::string conninfo)
    : conninfo_(std::move(conninfo)), wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

PgListener::~PgListener() {
  stopping_ = true;
  Wake();
  if (thread_.joinable()) thread_.join();
  if (wake_fd_ >= 0) close(wake_fd_);
}

absl::Status PgListener::Listen(const std::string& channel, NotifyCallback callback) {
  absl::MutexLock lock(&mu_);
  bool known = callbacks_.count(channel) > 0;
  callbacks_[channel].push_back(std::move(callback));
  absl::Status status = EnsureConnected();  // a fresh connection LISTENs to every channel
  if (status.ok() && !known) status = ListenTo(*conn_, channel);
  if (!status.ok()) {
    callbacks_[channel].pop_back();
    if (callbacks_[channel].empty()) callbacks_.erase(channel);
    return status;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  Wake();  // notifications read during LISTEN wait in libpq's queue
  return absl::OkStatus();
}

absl::Status PgListener::EnsureConnected() {
  if (conn_ && !conn_->broken()) return absl::OkStatus();
  conn_.reset();
  auto conn = PgConnection::Connect(conninfo_);
  if (!conn.ok()) return conn.status();
  for (const auto& [channel, callbacks] : callbacks_) {
    if (absl::Status s = ListenTo(**conn, channel); !s.ok()) return s;
  }
  conn_ = std::move(*conn);
  return absl::OkStatus();
}

std::vector<std::pair<std::string, std::string>> PgListener::Drain() {
  std::vector<std::pair<std::string, std::string>> notes;
  if (!conn_ || PQconsumeInput(conn_->raw()) == 0) return notes;
  while (PGnotify* note = PQnotifies(conn_->raw())) {
    notes.emplace_back(note->relname, note->extra ? note->extra : "");
    PQfreemem(note);
  }
  return notes;
}

void PgListener::Dispatch(const std::vector<std::pair<std::string, std::string>>& notes) {
  for (const auto& [channel, payload] : notes) {
    std::vector<NotifyCallback> callbacks;
    {
      absl::MutexLock lock(&mu_);
      auto it = callbacks_.find(channel);
      if (it != callbacks_.end()) callbacks = it->second;
    }
    for (const auto& callback : callbacks) callback(channel, payload);
  }
}

void PgListener::Run() {
  while (!stopping_) {
    int socket = -1;
    {
      absl::MutexLock lock(&mu_);
      if (EnsureConnected().ok()) socket = PQsocket(conn_->raw());
    }
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {socket, POLLIN, 0}};
    int nfds = socket >= 0 ? 2 : 1;
    poll(fds, nfds, socket >= 0 ? kPollTimeoutMs : kReconnectDelayMs);
    if (fds[0].revents & POLLIN) {
      uint64_t count;
      [[maybe_unused]] ssize_t n = read(wake_fd_, &count, sizeof(count));
    }
    if (stopping_) break;
    std::vector<std::pair<std::string, std::string>> notes;
    {
      absl::MutexLock lock(&mu_);
      notes = Drain();
    }
    Dispatch(notes);
  }
}

void PgListener::Wake() {
  uint64_t one = 1;
  if (wake_fd_ < 0) return;
  [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof(one));
}

}  // namespace paved::store
