// mocker run / create / start / ps / stop / kill / rm / logs / exec / wait / stats / top / inspect
#include "context.hpp"
#include "inspect_view.hpp"
#include "run_options.hpp"

#include <mocker/cli/attach_session.hpp>
#include <mocker/cli/detach_keys.hpp>
#include <mocker/cli/exec_session.hpp>
#include <mocker/cli/filter.hpp>
#include <mocker/cli/output.hpp>
#include <mocker/cli/template.hpp>

#include <csignal>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace mocker::cli {

namespace sys = engine::sys;
namespace container = engine::container;

namespace {

void print_log(const std::string& stream, const std::string& text) {
  (stream == "stderr" ? std::cerr : std::cout) << text << std::flush;
}

// The bytes of --detach-keys, or an error that names the bad key.
sys::Result<std::string> detach_key_bytes(const std::string& text) {
  std::string error;
  auto keys = parse_detach_keys(text, error);
  if (!keys) return sys::Error::invalid("parse --detach-keys", text, error);
  return *keys;
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

std::string labels_text(const engine::state::Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

// "2024-01-02 03:04:05 +0000 UTC", as docker's CreatedAt.
std::string docker_time(const std::string& rfc3339) {
  if (rfc3339.size() < 19) return rfc3339;
  return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 8) + " +0000 UTC";
}

// One row of `ps` as docker's --format sees it (field names and text as docker's).
nlohmann::json ps_row(const container::Container& c, const container::NetworkView& v) {
  std::string networks, mounts;
  for (const auto& r : c.network.networks) networks += (networks.empty() ? "" : ",") + r.name;
  if (c.network.kind != container::NetworkKind::bridge) networks = container::network_kind_name(c.network.kind);
  for (const auto& m : c.spec.mounts) mounts += (mounts.empty() ? "" : ",") + m.destination;
  return {{"ID", c.id.substr(0, 12)}, {"Names", c.name}, {"Image", c.image}, {"Command", command_text(c)},
          {"CreatedAt", docker_time(c.created)}, {"RunningFor", human_age(c.created)}, {"Ports", ports_text(v)},
          {"State", container::status_name(c.state)}, {"Status", status_text(c) + parent_note(v)},
          {"Labels", labels_text(c.labels)}, {"Networks", networks}, {"Mounts", mounts}, {"Size", "0B"},
          {"LocalVolumes", "0"}};
}

const nlohmann::json kPsHeaders = {{"ID", "CONTAINER ID"}, {"Names", "NAMES"}, {"Image", "IMAGE"}, {"Command", "COMMAND"},
                                   {"CreatedAt", "CREATED AT"}, {"RunningFor", "CREATED"}, {"Ports", "PORTS"},
                                   {"State", "STATE"}, {"Status", "STATUS"}, {"Labels", "LABELS"}, {"Networks", "NETWORKS"},
                                   {"Mounts", "MOUNTS"}, {"Size", "SIZE"}, {"LocalVolumes", "LOCAL VOLUMES"}};

bool ps_filter(const container::Container& c, const std::string& key, const std::string& value) {
  if (key == "label") return label_matches(c.labels, value);
  if (key == "name") return name_matches(c.name, value);
  if (key == "id") return c.id.starts_with(value);
  if (key == "status") return container::status_name(c.state) == value;
  if (key == "ancestor") return ancestor_matches(c.image, c.image_id, value);
  if (key == "exited") return c.state.status == container::Status::exited && std::to_string(c.state.exit_code) == value;
  return false;
}

// follow_until_exit, then the exit code (0 when detached: it runs on).
sys::Result<int> attach_until_exit(container::Containers& cs, const container::Container& c) {
  if (MOCKER_TRY(follow_until_exit(cs, c, MOCKER_TRY(detach_key_bytes(kDefaultDetachKeys))))) return 0;
  return cs.wait(c.id);
}

// -P: every port the image exposes, each on a free host port.
sys::Status publish_exposed_ports(engine::Engine& e, const RunFlags& f, container::CreateOptions& o) {
  if (!f.publish_all) return sys::ok();
  auto image = MOCKER_TRY(e.images().resolve(o.image));
  for (const auto& port : image.config.exposed_ports) o.network.publish.push_back(port);
  return sys::ok();
}

void add_run(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("run", "Create and start a container");
  auto f = std::make_shared<RunFlags>();
  add_run_flags(*cmd, *f, true);
  auto detach_keys = std::make_shared<std::string>(kDefaultDetachKeys);
  cmd->add_option("--detach-keys", *detach_keys, "Keys that detach from a terminal session (default ctrl-p,ctrl-q)");
  cmd->callback([&ctx, f, cmd, detach_keys] {
    f->command = cmd->remaining();
    auto opts = to_create_options(*f);
    auto keys = detach_key_bytes(*detach_keys);
    if (opts && !keys) opts = std::move(keys).error();
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
    auto volumes = publish_exposed_ports(**e, *f, *opts);
    if (volumes) volumes = resolve_named_volumes(**e, *opts);
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
      ctx.exit_code = exit_code_for(started.error(), 125);
      if (f->rm) (void)cs.remove(created->id, true);
      return;
    }
    if (f->detach) {
      std::cout << started->id << "\n";
      return;
    }
    auto followed = follow_until_exit(cs, *started, *keys);
    if (!followed) {
      std::cerr << "mocker: " << followed.error().render_long() << "\n";
      ctx.exit_code = 125;
      if (f->rm) (void)cs.remove(started->id, true);
      return;
    }
    if (*followed) return;  // detached: it runs on (and --rm waits for its exit elsewhere)
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
      MOCKER_TRY(publish_exposed_ports(*e, *f, opts));
      MOCKER_TRY(resolve_named_volumes(*e, opts));
      auto c = MOCKER_TRY(e->containers().create(opts));
      std::cout << c.id << "\n";
      return sys::ok();
    }, 125);
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
  cmd->add_option("--format", *format, "table, json (one object per line) or a Go template ('table {{.ID}}\\t{{.Names}}')");
  cmd->add_option("-f,--filter", *filters, "label=KEY[=VALUE], name=, id=, status=, ancestor=, exited=")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->callback([&ctx, all, quiet, format, filters] {
    run_command(ctx, [&]() -> sys::Status {
      auto wanted = MOCKER_TRY(parse_filters(*filters, {"label", "name", "id", "status", "ancestor", "exited"}));
      // A status filter looks at stopped containers too, as docker's does.
      bool every = *all || wanted.contains("status") || wanted.contains("exited");
      auto* e = MOCKER_TRY(ctx.engine());
      std::vector<container::Container> list;
      for (auto& c : MOCKER_TRY(e->containers().list(every, {})))
        if (filters_match(wanted, [&](const auto& k, const auto& v) { return ps_filter(c, k, v); })) list.push_back(std::move(c));
      if (*quiet) {
        for (const auto& c : list) std::cout << c.id.substr(0, 12) << "\n";
        return sys::ok();
      }
      auto out = parse_format(*format);
      if (out.kind != OutputFormat::Kind::table) {
        std::vector<nlohmann::json> rows;
        for (const auto& c : list) rows.push_back(ps_row(c, MOCKER_TRY(e->containers().network_view(c))));
        std::cout << MOCKER_TRY(render_rows(out, rows, kPsHeaders));
        return sys::ok();
      }
      Table t({"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
      for (const auto& c : list) {
        auto v = MOCKER_TRY(e->containers().network_view(c));
        t.add({c.id.substr(0, 12), c.image, command_text(c), human_age(c.created), status_text(c) + parent_note(v),
               ports_text(v), c.name});
      }
      std::cout << t.render();
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

struct ExecFlags {
  engine::runtime::Process process;
  bool interactive = false;
  bool detach = false;
  std::string detach_keys = kDefaultDetachKeys;
  std::string target;
  std::vector<std::string> command;
};

sys::Result<int> run_exec(Context& ctx, const ExecFlags& f) {
  if (f.command.empty()) return sys::Error::invalid("exec", f.target, "no command given");
  std::string keys = MOCKER_TRY(detach_key_bytes(f.detach_keys));
  // Like docker: a terminal session needs a terminal to read from.
  if (f.process.tty && f.interactive && !::isatty(0))
    return sys::Error::invalid("exec", f.target, "the input device is not a TTY (drop -t, or -i)");
  auto* e = MOCKER_TRY(ctx.engine());
  engine::runtime::Process p = f.process;
  p.args = f.command;
  if (f.detach) {
    p.tty = false;
    auto handle = MOCKER_TRY(e->containers().exec_start(f.target, p, {}));
    (void)handle;  // its helper outlives us; the process runs on
    return 0;
  }
  auto outcome = MOCKER_TRY(run_exec_session(e->containers(), f.target, p, {f.interactive, keys}));
  return outcome.exit_code;
}

void add_exec(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("exec", "Run a command in a running container");
  auto f = std::make_shared<ExecFlags>();
  auto& proc = f->process;
  cmd->add_flag("-i,--interactive", f->interactive, "Keep stdin open and pass it to the command");
  cmd->add_flag("-t,--tty", proc.tty, "Give the command a terminal");
  cmd->add_flag("-d,--detach", f->detach, "Run the command in the background");
  cmd->add_option("--detach-keys", f->detach_keys, "Keys that detach from a terminal session (default ctrl-p,ctrl-q)");
  cmd->add_option("-e,--env", proc.env, "KEY=VALUE")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-w,--workdir", proc.cwd, "Working directory");
  cmd->add_option("-u,--user", proc.user, "USER[:GROUP]");
  cmd->add_option("CONTAINER", f->target, "Container")->required();
  cmd->add_option("COMMAND", f->command, "The command and its arguments");
  // Options before the container; everything after it is the command.
  cmd->positionals_at_end();
  proc.cwd.clear();
  cmd->callback([&ctx, f] {
    auto code = run_exec(ctx, *f);
    if (!code) {
      std::cerr << "mocker: " << code.error().render_long() << "\n";
      ctx.exit_code = exit_code_for(code.error(), 1);
      return;
    }
    ctx.exit_code = *code;
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
      for (const auto& p : MOCKER_TRY(e->containers().top(*ref)))
        t.add({std::to_string(p.pid), std::to_string(p.uid), short_init_command(p.command)});
      std::cout << t.render();
      return sys::ok();
    });
  });
}

void add_inspect(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("inspect", "Show the record of a container or an image as JSON");
  auto refs = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>();
  cmd->add_option("-f,--format", *format, "A Go template over each record ('{{.State.Status}}', '{{json .Config}}')");
  cmd->add_option("NAME", *refs)->required();
  cmd->callback([&ctx, refs, format] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      std::vector<nlohmann::json> records;
      for (const auto& r : *refs) {
        if (auto c = e->containers().get(r); c) {
          records.push_back(container_inspect(*c, MOCKER_TRY(e->containers().network_view(*c))));
          continue;
        }
        auto img = e->images().resolve(r);
        if (!img) return sys::Error::invalid("inspect", r, "no such container or image");
        records.push_back(image_inspect(*img, e->images().layer_path(img->top_chain())));
      }
      if (format->empty()) {
        std::cout << nlohmann::json(records).dump(2) << "\n";
        return sys::ok();
      }
      auto f = parse_format(*format);
      if (f.kind == OutputFormat::Kind::json) f = parse_format("{{json .}}");
      for (const auto& r : records) std::cout << MOCKER_TRY(render_template(f.text, r)) << "\n";
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
