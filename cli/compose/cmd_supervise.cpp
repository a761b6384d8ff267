// mocker-compose __supervise: the detached supervisor of one project (-p),
// started by other commands; not for users, so hidden from --help.
#include "command.hpp"
#include "session.hpp"

#include <mocker/supervisor/control.hpp>
#include <mocker/supervisor/supervisor.hpp>

#include <cstdlib>
#include <utility>
#include <iostream>
#include <unistd.h>

namespace mocker::cli::compose {
namespace {

namespace supervisor = orchestrator::supervisor;

// The descriptor on which our starter waits for "listening".
int ready_fd() {
  const char* text = std::getenv(supervisor::kReadyFdVariable);
  int fd = text ? std::atoi(text) : -1;
  ::unsetenv(supervisor::kReadyFdVariable);
  return fd > 2 ? fd : -1;
}

int run_supervise(const GlobalOptions& global) {
  if (global.project_name.empty()) {
    std::cerr << "mocker-compose: __supervise needs --project-name\n";
    return kExitUsage;
  }
  int fd = ready_fd();
  supervisor::SupervisorOptions options;
  options.project = global.project_name;
  options.on_listening = [&fd](bool) {
    if (fd < 0) return;
    [[maybe_unused]] ssize_t n = ::write(fd, "1", 1);
    ::close(std::exchange(fd, -1));
  };
  auto st = supervisor::run_supervisor(options);
  if (fd >= 0) ::close(fd);
  if (!st) return fail(st.error());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("__supervise", "");
  cmd->group("");  // hidden
  return [&global] { return run_supervise(global); };
}

const Registration registration{"__supervise", &setup};

}  // namespace
}  // namespace mocker::cli::compose
