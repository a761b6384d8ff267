#include <mocker/init/process.hpp>

#include <mocker/init/capabilities.hpp>
#include <mocker/init/command.hpp>
#include <mocker/init/oom_score.hpp>
#include <mocker/init/rlimits.hpp>
#include <mocker/init/seccomp.hpp>

#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

namespace mocker::engine::init {

namespace {

sys::Status reset_signals() {
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    ::signal(sig, SIG_DFL);  // EINVAL for the few numbers libc keeps to itself
  }
  sigset_t none;
  sigemptyset(&none);
  if (::sigprocmask(SIG_SETMASK, &none, nullptr) != 0) return sys::Error::last("sigprocmask", "");
  return sys::ok();
}

sys::Status switch_user(const Credentials& c) {
  if (::setgroups(c.groups.size(), c.groups.data()) != 0) return sys::Error::last("setgroups", "");
  if (::setresgid(c.gid, c.gid, c.gid) != 0) return sys::Error::last("setgid", std::to_string(c.gid));
  if (::setresuid(c.uid, c.uid, c.uid) != 0) return sys::Error::last("setuid", std::to_string(c.uid));
  return sys::ok();
}

sys::Status set_parent_death_signal(int sig) {
  if (sig != 0 && ::prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0) return sys::Error::last("prctl", "PR_SET_PDEATHSIG");
  return sys::ok();
}

sys::Status set_no_new_privs() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return sys::Error::last("prctl", "PR_SET_NO_NEW_PRIVS");
  return sys::ok();
}

sys::Status change_directory(const std::string& cwd) {
  const std::string& dir = cwd.empty() ? std::string("/") : cwd;
  if (::chdir(dir.c_str()) != 0) return sys::Error::last("chdir", dir);
  return sys::ok();
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

sys::Status exec_workload(const Process& process, std::vector<std::string> env) {
  if (process.args.empty()) return sys::Error::invalid("exec", "", "no command given");
  std::string file = MOCKER_TRY(find_executable(process.args[0], env_value(env, "PATH").value_or(kDefaultPath)));
  std::vector<std::string> args = process.args;
  auto argv = c_strings(args);
  auto envp = c_strings(env);
  ::execve(file.c_str(), argv.data(), envp.data());
  return sys::Error::last("exec \"" + file + "\"", "");
}

}  // namespace

std::optional<std::string> env_value(const std::vector<std::string>& env, std::string_view key) {
  for (const auto& kv : env)
    if (kv.size() > key.size() && std::string_view(kv).substr(0, key.size()) == key && kv[key.size()] == '=')
      return kv.substr(key.size() + 1);
  return std::nullopt;
}

std::vector<std::string> workload_env(const Process& process, const Credentials& creds) {
  std::vector<std::string> env = process.env;
  if (!env_value(env, "PATH")) env.push_back(std::string("PATH=") + kDefaultPath);
  if (!env_value(env, "HOME")) env.push_back("HOME=" + creds.home);
  return env;
}

StepFailure become_workload(const Process& process, const Credentials& creds, int parent_death_signal) {
  CapSet caps = 0;
  std::vector<std::string> env = workload_env(process, creds);
  bool root = creds.uid == 0;
  // Without no_new_privs the filter can only be loaded while CAP_SYS_ADMIN is held.
  bool early_seccomp = process.seccomp && !process.no_new_privileges;
  bool late_seccomp = process.seccomp && process.no_new_privileges;
  const std::pair<const char*, std::function<sys::Status()>> steps[] = {
      {"reset signals", reset_signals},
      {"set rlimits", [&] { return apply_rlimits(process.rlimits); }},
      // A default, not a request: a /proc that refuses it does not stop the start.
      {"raise oom score", []() -> sys::Status {
         (void)raise_oom_score();
         return sys::ok();
       }},
      {"compute capabilities",
       [&]() -> sys::Status {
         caps = MOCKER_TRY(capability_set(process.cap_add, process.cap_drop, last_capability()));
         return sys::ok();
       }},
      {"load seccomp profile", [&] { return early_seccomp ? load_default_seccomp() : sys::ok(); }},
      {"limit capability bounding set", [&] { return limit_bounding_set(caps); }},
      {"switch user", [&] { return switch_user(creds); }},
      {"set capabilities", [&] { return set_capabilities(caps, root); }},
      {"set parent death signal", [&] { return set_parent_death_signal(parent_death_signal); }},
      {"set no_new_privs", [&] { return process.no_new_privileges ? set_no_new_privs() : sys::ok(); }},
      {"load seccomp profile", [&] { return late_seccomp ? load_default_seccomp() : sys::ok(); }},
      {"change directory", [&] { return change_directory(process.cwd); }},
      {"exec", [&] { return exec_workload(process, env); }},
  };
  for (const auto& [name, run] : steps) {
    auto st = run();
    if (!st) {
      bool exec_step = std::string_view(name) == "exec";
      int status = exec_step ? exec_failure_status(st.error()) : 1;
      return StepFailure{name, std::move(st).error(), status};
    }
  }
  return StepFailure{"exec", sys::Error::invalid("exec", "", "returned"), 127};  // not reached
}

}  // namespace mocker::engine::init
