// mocker run / create / start / ps / stop / kill / rm / logs / exec / wait / stats / top / inspect
#include "attach_session.hpp"
#include "context.hpp"
#include "run_options.hpp"

#include <mocker/cli/output.hpp>

#include <csignal>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace mocker::cli {

namespace sys = engine::sys;
namespace container = engine::container;

namespace {

volatile sig_atomic_t g_forward_pid = 0;

void forward_signal(int sig) {
  if (g_forward_pid > 0) ::kill(g_forward_pid, sig);
}

// While attached, signals sent to mocker go to the container (docker's sig-proxy).
void proxy_signals_to(pid_t pid) {
  g_forward_pid = pid;
  struct sigaction sa {};
  sa.sa_handler = forward_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) ::sigaction(sig, &sa, nullptr);
}

void print_log(const std::string& stream, const std::string& text) {
  (stream == "stderr" ? std::cerr : std::cout) << text << std::flush;
}

// Docker's exit codes for a run that never got going.
int start_failure_code(const sys::Error& e) {
  std::string text = e.render();
  bool exec_step = text.find("exec") != std::string::npos;
  if (text.find("executable file not found") != std::string::npos) return 127;
  if (exec_step && text.find("No such file or directory") != std::string::npos) return 127;
  if (exec_step && text.find("Permission denied") != std::string::npos) return 126;
  return 125;
}

std::string status_text(const container::Container& c) {
  auto ago = [](const std::string& t) { return human_age(t); };
  switch (c.state.status) {
    case container::Status::created: return "Created";
    case container::Status::running: {
      std::string age = ago(c.state.started_at);
      return "Up " + (age.ends_with(" ago") ? age.substr(0, age.size() - 4) : age) + (c.state.paused ? " (Paused)" : "");
    }
    case container::Status::exited:
      return "Exited (" + std::to_string(c.state.exit_code) + ") " + ago(c.state.finished_at) + (c.state.oom_killed ? " (OOMKilled)" : "");
  }
  return "";
}

std::string command_text(const container::Container& c) {
  std::string cmd;
  for (const auto& a : c.spec.process.args) cmd += (cmd.empty() ? "" : " ") + a;
  if (cmd.size() > 20) cmd = cmd.substr(0, 19) + "…";
  return "\"" + cmd + "\"";
}

std::string ports_text(const container::NetworkView& v) {
  std::string out;
  for (const auto& p : v.ports) out += (out.empty() ? "" : ", ") + container::port_text(p);
  return out;
}

// A sharer whose parent stopped has lost its network: say so where users look.
std::string parent_note(const container::NetworkView& v) {
  if (v.parent.empty() || v.parent_running) return "";
  return " (network parent " + v.parent + " is not running)";
}

nlohmann::json summary_json(const container::Container& c, const container::NetworkView& v) {
  nlohmann::json ports = nlohmann::json::array(), networks = nlohmann::json::array();
  for (const auto& p : v.ports) ports.push_back(container::port_text(p));
  for (const auto& r : c.network.networks) networks.push_back(r.name);
  nlohmann::json out = {{"id", c.id}, {"name", c.name}, {"image", c.image}, {"image_id", c.image_id},
          {"command", c.spec.process.args}, {"created", c.created}, {"status", container::status_name(c.state)},
          {"exit_code", c.state.exit_code}, {"oom_killed", c.state.oom_killed}, {"pid", c.state.pid},
          {"started_at", c.state.started_at}, {"finished_at", c.state.finished_at}, {"labels", c.labels},
          {"network_mode", container::network_kind_name(c.network.kind)}, {"networks", networks}, {"ports", ports}};
  if (!v.parent.empty()) out["network_parent"] = {{"name", v.parent}, {"running", v.parent_running}};
  return out;
}

// Follows output until the container exits. With a tty or open stdin the
// session goes through init's attach socket instead of the log.
sys::Status follow_until_exit(container::Containers& cs, const container::Container& c) {
  const auto& p = c.spec.process;
  if (p.tty || p.stdin_open) {
    if (!p.tty) proxy_signals_to(c.state.pid);  // with a tty, ^C travels as a byte
    // A workload that ends at once may close the socket before we are served
    // (or before we connect); then everything it printed is in the log.
    if (auto socket = cs.attach(c.id); socket) {
      if (MOCKER_TRY(relay_attach(std::move(*socket), p.tty, p.stdin_open))) return sys::ok();
    }
  }
  proxy_signals_to(c.state.pid);
  container::LogOptions follow;
  follow.follow = true;
  return cs.logs(c.id, follow, print_log);
}

// follow_until_exit, then the exit code.
sys::Result<int> attach_until_exit(container::Containers& cs, const container::Container& c) {
  MOCKER_TRY(follow_until_exit(cs, c));
  return cs.wait(c.id);
}

void add_run(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("run", "Create and start a container");
  auto f = std::make_shared<RunFlags>();
  add_run_flags(*cmd, *f, true);
  cmd->callback([&ctx, f, cmd] {
    f->command = cmd->remaining();
    auto opts = to_create_options(*f);
    if (!opts) {
      std::cerr << "mocker: " << opts.error().render_long() << "\n";
      ctx.exit_code = 125;
      return;
    }
    auto e = ctx.engine();
    if (!e) {
      std::cerr << "mocker: " << e.error().render_long() << "\n";
      ctx.exit_code = 125;
      return;
    }
    auto& cs = (*e)->containers();
    auto volumes = resolve_named_volumes(**e, *opts);
    // The rootfs snapshot is made while init starts (start waits for it).
    auto created = volumes ? cs.create(*opts, container::RootfsTiming::while_starting)
                           : sys::Result<container::Container>(std::move(volumes).error());
    if (!created) {
      std::cerr << "mocker: " << created.error().render_long() << "\n";
      ctx.exit_code = 125;
      return;
    }
    auto started = cs.start(created->id);
    if (!started) {
      std::cerr << "mocker: " << started.error().render_long() << "\n";
      ctx.exit_code = start_failure_code(started.error());
      if (f->rm) (void)cs.remove(created->id, true);
      return;
    }
    if (f->detach) {
      std::cout << started->id << "\n";
      return;
    }
    auto followed = follow_until_exit(cs, *started);
    if (!followed) {
      std::cerr << "mocker: " << followed.error().render_long() << "\n";
      ctx.exit_code = 125;
      if (f->rm) (void)cs.remove(started->id, true);
      return;
    }
    if (f->rm) {
      // The exit code and the removal at once: the exit is not recorded first.
      auto code = cs.wait_and_remove(started->id);
      if (code) {
        ctx.exit_code = *code;
        return;
      }
      std::cerr << "mocker: " << code.error().render_long() << "\n";
      auto left = cs.wait(started->id);  // its record, if the removal stopped early
      ctx.exit_code = left ? *left : 125;
      return;
    }
    auto code = cs.wait(started->id);
    if (!code) std::cerr << "mocker: " << code.error().render_long() << "\n";
    ctx.exit_code = code ? *code : 125;
  });
}

void add_create(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("create", "Create a container without starting it");
  auto f = std::make_shared<RunFlags>();
  add_run_flags(*cmd, *f, false);
  cmd->callback([&ctx, f, cmd] {
    f->command = cmd->remaining();
    run_command(ctx, [&]() -> sys::Status {
      auto opts = MOCKER_TRY(to_create_options(*f));
      auto* e = MOCKER_TRY(ctx.engine());
      MOCKER_TRY(resolve_named_volumes(*e, opts));
      auto c = MOCKER_TRY(e->containers().create(opts));
      std::cout << c.id << "\n";
      return sys::ok();
    });
  });
}

void add_start(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("start", "Start containers");
  auto refs = std::make_shared<std::vector<std::string>>();
  auto attach = std::make_shared<bool>(false);
  cmd->add_option("CONTAINER", *refs)->required();
  cmd->add_flag("-a,--attach", *attach, "Attach to output and wait for exit");
  cmd->callback([&ctx, refs, attach] {
    for (const auto& ref : *refs) {
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        auto c = MOCKER_TRY(e->containers().start(ref));
        if (*attach) {
          ctx.exit_code = MOCKER_TRY(attach_until_exit(e->containers(), c));
        } else {
          std::cout << ref << "\n";
        }
        return sys::ok();
      });
    }
  });
}

void add_ps(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("ps", "List containers");
  auto all = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("table");
  auto filters = std::make_shared<std::vector<std::string>>();
  cmd->add_flag("-a,--all", *all, "Show all containers (default: running)");
  cmd->add_flag("-q,--quiet", *quiet, "Only ids");
  cmd->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("-f,--filter", *filters, "label=KEY[=VALUE]")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->callback([&ctx, all, quiet, format, filters] {
    run_command(ctx, [&]() -> sys::Status {
      std::vector<std::string> labels;
      for (const auto& f : *filters) {
        if (!f.starts_with("label=")) return sys::Error::invalid("parse --filter", f, "only label=KEY[=VALUE] is supported");
        labels.push_back(f.substr(6));
      }
      auto* e = MOCKER_TRY(ctx.engine());
      auto list = MOCKER_TRY(e->containers().list(*all, labels));
      if (*quiet) {
        for (const auto& c : list) std::cout << c.id.substr(0, 12) << "\n";
      } else if (*format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& c : list) out.push_back(summary_json(c, MOCKER_TRY(e->containers().network_view(c))));
        std::cout << out.dump(2) << "\n";
      } else {
        Table t({"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
        for (const auto& c : list) {
          auto v = MOCKER_TRY(e->containers().network_view(c));
          t.add({c.id.substr(0, 12), c.image, command_text(c), human_age(c.created), status_text(c) + parent_note(v),
                 ports_text(v), c.name});
        }
        std::cout << t.render();
      }
      return sys::ok();
    });
  });
}

void add_stop_kill_rm(CLI::App& app, Context& ctx) {
  auto* stop = app.add_subcommand("stop", "Stop containers: the stop signal, then SIGKILL after a timeout");
  auto srefs = std::make_shared<std::vector<std::string>>();
  auto timeout = std::make_shared<int>(-1);
  stop->add_option("CONTAINER", *srefs)->required();
  stop->add_option("-t,--time", *timeout, "Seconds to wait before SIGKILL");
  stop->callback([&ctx, srefs, timeout] {
    for (const auto& ref : *srefs)
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        MOCKER_TRY(e->containers().stop(ref, *timeout >= 0 ? std::optional<int>(*timeout) : std::nullopt));
        std::cout << ref << "\n";
        return sys::ok();
      });
  });

  auto* kill = app.add_subcommand("kill", "Send a signal to containers");
  auto krefs = std::make_shared<std::vector<std::string>>();
  auto signal = std::make_shared<std::string>("KILL");
  kill->add_option("CONTAINER", *krefs)->required();
  kill->add_option("-s,--signal", *signal, "Signal name or number");
  kill->callback([&ctx, krefs, signal] {
    for (const auto& ref : *krefs)
      run_command(ctx, [&]() -> sys::Status {
        int sig = container::parse_signal(*signal);
        if (sig == 0) return sys::Error::invalid("kill", *signal, "unknown signal");
        auto* e = MOCKER_TRY(ctx.engine());
        MOCKER_TRY(e->containers().kill(ref, sig));
        std::cout << ref << "\n";
        return sys::ok();
      });
  });

  auto* rm = app.add_subcommand("rm", "Remove containers");
  auto rrefs = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);
  rm->add_option("CONTAINER", *rrefs)->required();
  rm->add_flag("-f,--force", *force, "Kill a running container first");
  rm->callback([&ctx, rrefs, force] {
    for (const auto& ref : *rrefs)
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        MOCKER_TRY(e->containers().remove(ref, *force));
        std::cout << ref << "\n";
        return sys::ok();
      });
  });
}

void add_logs_wait(CLI::App& app, Context& ctx) {
  auto* logs = app.add_subcommand("logs", "Show a container's output");
  auto ref = std::make_shared<std::string>();
  auto opts = std::make_shared<container::LogOptions>();
  auto tail = std::make_shared<std::string>("all");
  logs->add_option("CONTAINER", *ref)->required();
  logs->add_flag("-f,--follow", opts->follow, "Follow the output");
  logs->add_option("-n,--tail", *tail, "Number of lines from the end (or all)");
  logs->add_flag("-t,--timestamps", opts->timestamps, "Show timestamps");
  logs->add_option("--since", opts->since, "RFC 3339 time or duration (10m)");
  logs->callback([&ctx, ref, opts, tail] {
    run_command(ctx, [&]() -> sys::Status {
      if (*tail != "all") {
        if (tail->empty() || tail->find_first_not_of("0123456789") != std::string::npos)
          return sys::Error::invalid("parse --tail", *tail, "expected a number or all");
        opts->tail = std::stoul(*tail);
      }
      auto* e = MOCKER_TRY(ctx.engine());
      return e->containers().logs(*ref, *opts, print_log);
    });
  });

  auto* wait = app.add_subcommand("wait", "Wait for containers to exit and print their exit codes");
  auto wrefs = std::make_shared<std::vector<std::string>>();
  wait->add_option("CONTAINER", *wrefs)->required();
  wait->callback([&ctx, wrefs] {
    for (const auto& r : *wrefs)
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        std::cout << MOCKER_TRY(e->containers().wait(r)) << "\n";
        return sys::ok();
      });
  });
}

void add_exec(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("exec", "Run a command in a running container");
  auto target = std::make_shared<std::string>();
  auto proc = std::make_shared<engine::runtime::Process>();
  auto interactive = std::make_shared<bool>(false);
  cmd->add_flag("-i,--interactive", *interactive, "Keep stdin open");
  cmd->add_flag("-t,--tty", proc->tty, "Allocate a terminal");
  cmd->add_option("-e,--env", proc->env, "KEY=VALUE")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-w,--workdir", proc->cwd, "Working directory");
  cmd->add_option("-u,--user", proc->user, "USER[:GROUP]");
  cmd->add_option("CONTAINER", *target, "Container (the command follows it)")->required();
  cmd->prefix_command();
  proc->cwd.clear();
  cmd->callback([&ctx, target, proc, interactive, cmd] {
    run_command(ctx, [&]() -> sys::Status {
      auto args = cmd->remaining();
      if (args.empty()) return sys::Error::invalid("exec", *target, "no command given");
      auto* e = MOCKER_TRY(ctx.engine());
      engine::runtime::Process p = *proc;
      p.args = args;
      p.stdin_open = *interactive;
      engine::runtime::ExecIo io{*interactive ? 0 : -1, 1, 2};
      ctx.exit_code = MOCKER_TRY(e->containers().exec(*target, p, io));
      return sys::ok();
    });
  });
}

void add_stats_top(CLI::App& app, Context& ctx) {
  auto* stats = app.add_subcommand("stats", "Resource usage of running containers");
  auto refs = std::make_shared<std::vector<std::string>>();
  auto no_stream = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("table");
  stats->add_option("CONTAINER", *refs);
  stats->add_flag("--no-stream", *no_stream, "Print once (the only mode so far)");
  stats->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  stats->callback([&ctx, refs, format] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      std::vector<std::string> ids = *refs;
      if (ids.empty())
        for (const auto& c : MOCKER_TRY(e->containers().list(false, {}))) ids.push_back(c.id);
      Table t({"CONTAINER ID", "NAME", "CPU TIME", "MEM USAGE / LIMIT", "PIDS"});
      nlohmann::json out = nlohmann::json::array();
      for (const auto& id : ids) {
        auto c = MOCKER_TRY(e->containers().get(id));
        auto s = MOCKER_TRY(e->containers().stats(id));
        std::string limit = s.memory_limit_bytes == engine::cgroup::Stats::unlimited ? "unlimited" : human_size(s.memory_limit_bytes);
        t.add({c.id.substr(0, 12), c.name, std::to_string(s.cpu_usage_ns / 1000000) + "ms",
               human_size(s.memory_usage_bytes) + " / " + limit, std::to_string(s.pids_current)});
        out.push_back({{"id", c.id}, {"name", c.name}, {"cpu_usage_ns", s.cpu_usage_ns}, {"memory_usage_bytes", s.memory_usage_bytes},
                       {"memory_limit_bytes", s.memory_limit_bytes}, {"pids", s.pids_current}, {"oom_kills", s.oom_kills}});
      }
      std::cout << (*format == "json" ? out.dump(2) + "\n" : t.render());
      return sys::ok();
    });
  });

  auto* top = app.add_subcommand("top", "Processes of a container");
  auto ref = std::make_shared<std::string>();
  top->add_option("CONTAINER", *ref)->required();
  top->callback([&ctx, ref] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      Table t({"PID", "UID", "CMD"});
      for (const auto& p : MOCKER_TRY(e->containers().top(*ref))) t.add({std::to_string(p.pid), std::to_string(p.uid), p.command});
      std::cout << t.render();
      return sys::ok();
    });
  });
}

void add_inspect(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("inspect", "Show the record of a container or an image as JSON");
  auto refs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("NAME", *refs)->required();
  cmd->callback([&ctx, refs] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : *refs) {
        if (auto c = e->containers().get(r); c) {
          auto j = container::container_to_json(*c);
          j["network_settings"] = container::network_view_to_json(MOCKER_TRY(e->containers().network_view(*c)));
          out.push_back(j);
          continue;
        }
        auto img = e->images().resolve(r);
        if (!img) return sys::Error::invalid("inspect", r, "no such container or image");
        auto j = engine::image::image_to_json(*img);
        j["rootfs"] = e->images().layer_path(img->top_chain());
        out.push_back(j);
      }
      std::cout << out.dump(2) << "\n";
      return sys::ok();
    });
  });
}

void add_commit(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("commit", "Create an image from a container's filesystem");
  auto ref = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  cmd->add_option("CONTAINER", *ref)->required();
  cmd->add_option("IMAGE", *target, "NAME[:TAG] of the new image")->required();
  cmd->callback([&ctx, ref, target] {
    run_command(ctx, [&]() -> sys::Status {
      auto name = MOCKER_TRY(engine::image::parse_reference(*target));
      auto* e = MOCKER_TRY(ctx.engine());
      auto img = MOCKER_TRY(e->containers().commit(*ref, name));
      std::cout << img.id << "\n";
      return sys::ok();
    });
  });
}

}  // namespace

void register_container_commands(CLI::App& app, Context& ctx) {
  add_run(app, ctx);
  add_create(app, ctx);
  add_start(app, ctx);
  add_ps(app, ctx);
  add_stop_kill_rm(app, ctx);
  add_logs_wait(app, ctx);
  add_exec(app, ctx);
  add_stats_top(app, ctx);
  add_inspect(app, ctx);
  add_commit(app, ctx);
}

}  // namespace mocker::cli
