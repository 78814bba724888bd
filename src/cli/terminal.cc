#include "cli/terminal.h"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "absl/strings/strip.h"

namespace paved::cli {
namespace {

// Turns terminal echo off for its lifetime.
class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (!active_) return;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    std::cerr << '\n';  // the user's Enter was not echoed
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

absl::StatusOr<std::string> ReadStdinLine(const std::string& prompt, bool secret) {
  const bool terminal = StdinIsTerminal();
  if (terminal) std::cerr << prompt << std::flush;
  std::string line;
  bool got_line = false;
  {
    std::optional<EchoOff> echo_off;
    if (terminal && secret) echo_off.emplace();
    got_line = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!got_line && line.empty()) {
    return absl::InvalidArgumentError("no input on stdin for " +
                                      std::string(absl::StripSuffix(prompt, ": ")));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string CurrentUser() {
  if (const char* user = std::getenv("USER"); user != nullptr && user[0] != '\0') return user;
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr) return entry->pw_name;
  return "";
}

std::string HostName() {
  char name[256] = {0};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace paved::cli
