// --restart, --health-* and --platform of run/create: checked here, kept on
// the container as the labels a supervisor reads a compose service's policy
// from, so one format describes both.
#include "run_options.hpp"

#include <mocker/spec/units.hpp>
#include <mocker/supervisor/labels.hpp>

#include <sys/utsname.h>

namespace mocker::cli {

namespace sys = engine::sys;
namespace spec = orchestrator::spec;

namespace {

sys::Result<spec::RestartPolicy> restart_policy(const std::string& text) {
  spec::RestartPolicy p;
  auto bad = [&] {
    return sys::Error::invalid("parse --restart", text, "expected no, always, unless-stopped or on-failure[:N]");
  };
  std::string mode = text.substr(0, text.find(':'));
  if (mode == "no") p.mode = spec::RestartPolicy::Mode::no;
  else if (mode == "always") p.mode = spec::RestartPolicy::Mode::always;
  else if (mode == "unless-stopped") p.mode = spec::RestartPolicy::Mode::unless_stopped;
  else if (mode == "on-failure") p.mode = spec::RestartPolicy::Mode::on_failure;
  else return bad();
  if (mode.size() == text.size()) return p;
  std::string count = text.substr(mode.size() + 1);
  if (mode != "on-failure" || count.empty() || count.find_first_not_of("0123456789") != std::string::npos) return bad();
  p.max_retries = std::stoll(count);
  return p;
}

sys::Result<std::optional<spec::Duration>> duration(const char* flag, const std::string& text) {
  if (text.empty()) return std::optional<spec::Duration>{};
  auto d = spec::parse_duration(text);
  if (!d) return sys::Error::invalid(std::string("parse ") + flag, text, "expected a duration like 30s or 1m30s");
  return std::optional<spec::Duration>{*d};
}

bool health_tuned(const RunFlags& f) {
  return !f.health_interval.empty() || !f.health_timeout.empty() || !f.health_start_period.empty() || f.health_retries != 0;
}

sys::Result<std::optional<spec::Healthcheck>> healthcheck(const RunFlags& f) {
  if (f.no_healthcheck) {
    if (!f.health_cmd.empty() || health_tuned(f))
      return sys::Error::invalid("parse --no-healthcheck", "--health-*", "--no-healthcheck conflicts with the --health-* options");
    return std::optional<spec::Healthcheck>{};
  }
  if (f.health_cmd.empty()) {
    if (health_tuned(f))
      return sys::Error::invalid("parse --health-*", "--health-cmd", "the --health-* options need --health-cmd (images carry no healthcheck here)");
    return std::optional<spec::Healthcheck>{};
  }
  if (f.health_retries < 0) return sys::Error::invalid("parse --health-retries", std::to_string(f.health_retries), "must not be negative");
  spec::Healthcheck h;
  h.test = {"CMD-SHELL", f.health_cmd};
  h.interval = MOCKER_TRY(duration("--health-interval", f.health_interval));
  h.timeout = MOCKER_TRY(duration("--health-timeout", f.health_timeout));
  h.start_period = MOCKER_TRY(duration("--health-start-period", f.health_start_period));
  if (f.health_retries > 0) h.retries = f.health_retries;
  return std::optional<spec::Healthcheck>{h};
}

std::string host_platform() { return "linux/" + host_architecture(); }

}  // namespace

std::string host_architecture() {
  struct utsname u {};
  ::uname(&u);
  std::string machine = u.machine;
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

sys::Result<std::map<std::string, std::string>> policy_labels(const RunFlags& f) {
  spec::Service service;
  service.restart = MOCKER_TRY(restart_policy(f.restart));
  if (f.rm && service.restart->mode != spec::RestartPolicy::Mode::no)
    return sys::Error::invalid("parse --restart", f.restart, "conflicting options: --restart and --rm");
  service.healthcheck = MOCKER_TRY(healthcheck(f));
  return orchestrator::supervisor::policy_labels(service);
}

sys::Status check_platform(const std::string& platform) {
  if (platform.empty()) return sys::ok();
  std::string host = host_platform();
  std::string arch = host.substr(host.find('/') + 1);
  if (platform == host || platform == "linux" || platform == arch) return sys::ok();
  return sys::Error::invalid("parse --platform", platform,
                             "only the host's platform (" + host + ") can run here; images for other platforms are not supported");
}

}  // namespace mocker::cli
