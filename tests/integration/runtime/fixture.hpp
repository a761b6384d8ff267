#pragma once
// A busybox rootfs in the test's root dir, and helpers to run containers in it
// and wait for them within a time bound.
#include <mocker/runtime/runtime.hpp>
#include <mocker/test/harness.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mocker::test {

namespace runtime = mocker::engine::runtime;

// /bin/busybox with its applets, mocker-probe, /etc/passwd and /etc/group with
// root, app (1000, also in group extra 2000) and nobody.
void build_busybox_rootfs(const std::string& dir);

struct Finished {
  int status = -1;  // init's own exit status
  runtime::ExitRecord record;
  std::vector<runtime::LogRecord> logs;
  std::string stdout_text() const;
  std::string stderr_text() const;
};

class RuntimeTest : public PrivilegedTest {
 protected:
  void SetUp() override;

  // A spec running args in the test rootfs, hostname "box".
  runtime::ContainerSpec spec(std::vector<std::string> args) const;

  // Waits (bounded) for init to exit and collects its exit record and logs.
  Finished wait(pid_t init_pid, int timeout_seconds = 60) const;
  Finished run(const runtime::ContainerSpec& s);

  // Polls the log until text appears (bounded); false on timeout.
  bool wait_for_log(const std::string& text, int timeout_seconds = 30) const;

  std::vector<runtime::LogRecord> logs() const;

  std::string rootfs_;
  std::string state_;
  std::string log_;
};

// Waits for a child to exit within the bound; SIGKILLs it otherwise. Wait status.
int wait_child(pid_t pid, int timeout_seconds);

nlohmann::json parse_json(const std::string& text);

}  // namespace mocker::test
