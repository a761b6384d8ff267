// Healthchecks: each probe runs inside the container through the engine's
// exec; its helper's pidfd says when it ended, a pipe carries its output, a
// timer enforces the timeout. health.hpp decides what the result means.
#include "loop.hpp"

#include <csignal>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

using engine::container::Status;

void Loop::schedule_probe(Tracked& t, Millis delay) {
  t.probe_timer.expires_after(delay);
  t.probe_timer.async_wait([this, id = t.c.id](const boost::system::error_code& ec) {
    if (!ec) start_probe(id);
  });
}

namespace {

// "unhealthy: 3 probes failed, the last with exit code 1: <output>"
std::string unhealthy_text(const Tracked& t) {
  std::string out = "unhealthy: " + std::to_string(t.health.failing_streak) + " probes failed";
  if (t.health.log.empty()) return out;
  const ProbeResult& last = t.health.log.back();
  out += last.timed_out ? ", the last timed out" : ", the last with exit code " + std::to_string(last.exit_code);
  std::string text = last.output;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? out : out + ": " + text;
}

// A probe that could not even start counts as a failed one.
ProbeResult failed_probe(const std::string& why) {
  ProbeResult r;
  r.exit_code = -1;
  r.output = why;
  r.start = r.end = now_rfc3339();
  return r;
}

}  // namespace

void Loop::start_probe(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end() || stopping_) return;
  Tracked& t = *it->second;
  if (t.run.empty() || !t.policy.health || t.probe) return;
  const HealthConfig& config = *t.policy.health;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    log("pipe for a probe of " + t.c.name + ": " + sys::Error::last("pipe2", t.c.name).render());
    schedule_probe(t, config.interval);
    return;
  }
  engine::runtime::Process process;
  process.args = probe_argv(config);
  process.cwd.clear();  // the container's own workdir
  engine::runtime::ExecIo io{-1, fds[1], fds[1]};
  auto probe = std::make_unique<Probe>(io_);
  probe->started = now_rfc3339();
  auto handle = engine_.containers().exec_start(id, process, io);
  ::close(fds[1]);
  int pidfd = handle ? static_cast<int>(::syscall(SYS_pidfd_open, handle->pid, 0)) : -1;
  if (!handle || pidfd < 0) {
    ::close(fds[0]);
    if (handle) ::waitpid(handle->pid, nullptr, 0);
    ProbeResult r = failed_probe(handle ? "cannot watch the probe" : handle.error().render());
    auto since = std::chrono::duration_cast<Millis>(Clock::now() - parse_time(t.c.state.started_at));
    if (record_probe(t.health, config, r, since)) emit(t, "health_status", {{"healthStatus", health_name(t.health.status)}});
    schedule_probe(t, next_probe_in(t.health, config, since));
    return;
  }
  probe->pid = handle->pid;
  probe->out.assign(fds[0]);
  probe->exit.assign(pidfd);
  probe->deadline.expires_after(config.timeout);
  probe->deadline.async_wait([this, id](const boost::system::error_code& ec) {
    auto it = tracked_.find(id);
    if (ec || it == tracked_.end() || !it->second->probe) return;
    it->second->probe->timed_out = true;
    ::kill(it->second->probe->pid, SIGKILL);  // the probed process dies with its helper
  });
  probe->exit.async_wait(asio::posix::stream_descriptor::wait_read, [this, id](const boost::system::error_code& ec) {
    if (!ec) finish_probe(id);
  });
  t.probe = std::move(probe);
  read_probe_output(id);
}

void Loop::read_probe_output(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end() || !it->second->probe) return;
  Probe& p = *it->second->probe;
  p.out.async_read_some(asio::buffer(p.chunk), [this, id](const boost::system::error_code& ec, size_t n) {
    auto it = tracked_.find(id);
    if (ec || it == tracked_.end() || !it->second->probe) return;
    Probe& p = *it->second->probe;
    if (p.output.size() < kProbeOutputLimit) p.output.append(p.chunk.data(), std::min(n, kProbeOutputLimit - p.output.size()));
    read_probe_output(id);
  });
}

void Loop::finish_probe(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end() || !it->second->probe) return;
  Tracked& t = *it->second;
  std::unique_ptr<Probe> p = std::move(t.probe);
  int status = 0;
  ::waitpid(p->pid, &status, 0);  // the pidfd said it ended: this does not block
  // What is still in the pipe; a background child of the probe may hold it
  // open, so read what is there rather than wait for its end.
  ::fcntl(p->out.native_handle(), F_SETFL, O_NONBLOCK);
  ssize_t n;
  while (p->output.size() < kProbeOutputLimit && (n = ::read(p->out.native_handle(), p->chunk.data(), p->chunk.size())) > 0)
    p->output.append(p->chunk.data(), std::min(size_t(n), kProbeOutputLimit - p->output.size()));
  ProbeResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.timed_out = p->timed_out;
  r.output = p->timed_out ? "Health check exceeded timeout (" + std::to_string(t.policy.health->timeout.count()) + "ms)"
                          : p->output;
  r.start = p->started;
  r.end = now_rfc3339();
  p->deadline.cancel();
  p->out.close();
  p->exit.close();
  const HealthConfig& config = *t.policy.health;
  auto since = std::chrono::duration_cast<Millis>(Clock::now() - parse_time(t.c.state.started_at));
  if (record_probe(t.health, config, r, since)) {
    emit(t, "health_status", {{"healthStatus", health_name(t.health.status)}});
    if (t.health.status == HealthStatus::healthy) settle_waiters(t, "");
    if (t.health.status == HealthStatus::unhealthy) {
      settle_waiters(t, t.c.name + " is " + unhealthy_text(t));
      if (config.restart_unhealthy) stop_unhealthy(t);
    }
  }
  save_state();
  if (!t.run.empty()) schedule_probe(t, next_probe_in(t.health, config, since));
}

void Loop::cancel_probe(Tracked& t) {
  t.probe_timer.cancel();
  if (!t.probe) return;
  ::kill(t.probe->pid, SIGKILL);
  ::waitpid(t.probe->pid, nullptr, 0);
  t.probe.reset();
}

void Loop::settle_waiters(Tracked& t, const std::string& error) {
  auto waiters = std::move(t.waiters);
  t.waiters.clear();
  for (auto& w : waiters) w(error);
}

void Loop::wait_healthy(const std::string& id, HealthWaiter done) {
  auto it = tracked_.find(id);
  if (it == tracked_.end()) {
    rescan();
    it = tracked_.find(id);
  } else if (auto now = engine_.containers().get(id)) {
    // The caller has just started it, maybe without telling us (we may have
    // seen it only created, or stopped), or it exited unseen: read it again.
    refresh(*it->second, std::move(*now));
    save_state();
  }
  if (it == tracked_.end()) return done("not a container of this project");
  Tracked& t = *it->second;
  if (!t.policy.health) return done(t.c.name + " has no healthcheck");
  if (t.run.empty() && !(t.restart_due && !t.held))  // a pending restart: wait for that run
    return done(t.c.name + (t.last_exit ? " exited with code " + std::to_string(*t.last_exit) : " is not running"));
  if (t.health.status == HealthStatus::healthy) return done("");
  if (t.health.status == HealthStatus::unhealthy) return done(t.c.name + " is " + unhealthy_text(t));
  t.waiters.push_back(std::move(done));
  idle_check();
}

}  // namespace mocker::orchestrator::supervisor
