// Exits: a pidfd per running container's init tells us when it ends; the
// restart decision (restart.hpp) says whether and when it starts again.
#include "loop.hpp"

#include <csignal>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

using engine::container::Status;

void Loop::watch_exit(Tracked& t) {
  if (t.exit_watch.is_open()) t.exit_watch.close();
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, t.c.state.pid, 0));
  if (fd < 0) {  // gone between the record's check and now
    asio::post(io_, [this, id = t.c.id] { on_exit(id); });
    return;
  }
  t.exit_watch.assign(fd);
  t.exit_watch.async_wait(asio::posix::stream_descriptor::wait_read,
                          [this, id = t.c.id](const boost::system::error_code& ec) {
                            if (!ec) on_exit(id);
                          });
}

void Loop::on_exit(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end() || stopping_) return;
  Tracked& t = *it->second;
  // Ours when we restarted it: reap it, so the record sees it gone.
  if (t.c.state.pid > 0) ::waitpid(t.c.state.pid, nullptr, WNOHANG);
  if (t.exit_watch.is_open()) t.exit_watch.close();
  auto now = engine_.containers().get(id);
  if (!now) {
    log("cannot read " + t.c.name + ": " + now.error().render());
    return;
  }
  refresh(t, std::move(*now));
  save_state();
  idle_check();
}

void Loop::handle_exit(Tracked& t) {
  const auto& state = t.c.state;
  t.handled_exit = state.finished_at;
  t.run.clear();
  t.last_exit = state.exit_code;
  t.kill_timer.cancel();
  cancel_probe(t);
  t.probe_timer.cancel();
  // The record's started_at is taken after the workload already runs: a
  // quick exit can look earlier than its start.
  emit(t, "die", {{"exitCode", std::to_string(state.exit_code)}}, std::max(state.finished_at, state.started_at));
  if (state.oom_killed) emit(t, "oom");
  const std::string exited = t.c.name + " exited with code " + std::to_string(state.exit_code);
  bool unhealthy = std::exchange(t.unhealthy_restart, false);
  if (t.held) {
    t.reason = "held: stopped through compose";
    return settle_waiters(t, exited);
  }
  RestartRule rule = t.policy.restart;
  // restart_unhealthy restarts even a service with no policy: that is what asking for it means.
  if (unhealthy && rule.when == RestartRule::When::never) rule.when = RestartRule::When::on_failure;
  ExitFacts facts;
  facts.exit_code = unhealthy && state.exit_code == 0 ? 1 : state.exit_code;
  facts.stopped_by_user = state.stopped_by_user && !unhealthy;
  facts.ran_for = std::chrono::duration_cast<Millis>(parse_time(state.finished_at) - parse_time(state.started_at));
  RestartDecision d = decide_restart(rule, facts, t.history);
  if (d.restart) t.before_pending = t.history;
  t.history = d.next;
  t.reason = d.reason;
  // A wait for health goes on through a restart the policy makes; it ends
  // here only when the policy gives up.
  if (!d.restart) return settle_waiters(t, rule.when == RestartRule::When::never ? exited : exited + " (" + d.reason + ")");
  t.restart_due = Clock::now() + d.delay;
  arm_restart(t);
}

void Loop::arm_restart(Tracked& t) {
  auto left = std::max(Clock::duration::zero(), *t.restart_due - Clock::now());
  t.restart_timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(left));
  t.restart_timer.async_wait([this, id = t.c.id](const boost::system::error_code& ec) {
    if (!ec) restart_now(id);
  });
}

void Loop::restart_now(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end() || stopping_) return;
  Tracked& t = *it->second;
  if (!t.restart_due || t.held) return;
  // Started meanwhile behind our back (`mocker start`): that run is watched
  // instead (begin_run drops the pending restart), not counted as ours.
  if (auto now = engine_.containers().get(id); now && now->state.status == engine::container::Status::running) {
    refresh(t, std::move(*now));
    save_state();
    idle_check();
    return;
  }
  auto delay = std::chrono::duration_cast<Millis>(Clock::now() - *t.restart_due);
  t.restart_due.reset();
  t.before_pending.reset();
  auto started = engine_.containers().start(id);
  if (!started) {
    // Counts as a failed run: the policy decides again, with its backoff.
    log("restart of " + t.c.name + " failed: " + started.error().render());
    emit(t, "die", {{"exitCode", "-1"}, {"error", started.error().render()}});
    ExitFacts facts{1, false, Millis(0)};
    RestartDecision d = decide_restart(t.policy.restart, facts, t.history);
    t.history = d.next;
    t.reason = d.reason;
    if (d.restart) {
      t.restart_due = Clock::now() + d.delay;
      arm_restart(t);
    } else {
      settle_waiters(t, "restart of " + t.c.name + " failed: " + started.error().render() + " (" + d.reason + ")");
    }
  } else {
    emit(t, "restart", {{"restartCount", std::to_string(t.history.restart_count)},
                        {"lateMs", std::to_string(std::max<int64_t>(0, delay.count()))}});
    refresh(t, std::move(*started));
  }
  save_state();
  idle_check();
}

// restart_unhealthy: the stop signal now, SIGKILL after the stop timeout; the
// exit then goes through the restart decision as a failure.
void Loop::stop_unhealthy(Tracked& t) {
  t.unhealthy_restart = true;
  int sig = engine::container::parse_signal(t.c.stop_signal.empty() ? "SIGTERM" : t.c.stop_signal);
  if (auto st = engine_.containers().kill(t.c.id, sig ? sig : SIGTERM); !st) {
    log("cannot stop unhealthy " + t.c.name + ": " + st.error().render());
    return;
  }
  t.kill_timer.expires_after(std::chrono::seconds(t.c.stop_timeout));
  t.kill_timer.async_wait([this, id = t.c.id](const boost::system::error_code& ec) {
    if (ec) return;
    (void)engine_.containers().kill(id, SIGKILL);
  });
}

}  // namespace mocker::orchestrator::supervisor
