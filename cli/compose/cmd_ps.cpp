// mocker-compose ps / ls: the project's containers; all projects on the host.
#include "command.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/cli/filter.hpp>
#include <mocker/cli/output.hpp>
#include <mocker/cli/template.hpp>
#include <mocker/reconcile/labels.hpp>
#include <mocker/supervisor/labels.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace container = engine::container;

struct PsOptions {
  bool all = false;
  bool quiet = false;
  bool services = false;
  std::string format = "table";
  std::vector<std::string> status;
  std::vector<std::string> filters;
  std::vector<std::string> only;
};

// The supervisor's view of one container: {} when it knows nothing of it.
using Supervised = nlohmann::json;

// Milliseconds until a pending restart; nullopt when none is pending.
std::optional<int64_t> restart_in(const Supervised& sv) {
  if (!sv.contains("restart_due_ms")) return std::nullopt;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count();
  return std::max<int64_t>(0, sv["restart_due_ms"].get<int64_t>() - now);
}

// As docker reports it: none without a healthcheck; while running, what the
// supervisor last saw (starting before its first probe); once stopped,
// unhealthy (docker's monitor leaves a stopped container so).
std::string health_of(const container::Container& c, const Supervised& sv) {
  if (!orchestrator::supervisor::policy_from_labels(c.labels).health) return "";
  if (c.state.status != container::Status::running) return "unhealthy";
  std::string seen = sv.contains("health") ? sv["health"].value("status", "") : "";
  return seen.empty() ? "starting" : seen;
}

std::string status_text(const container::Container& c, const Supervised& sv) {
  switch (c.state.status) {
    case container::Status::running: {
      std::string age = human_age(c.state.started_at);  // "5 minutes ago"
      std::string health = health_of(c, sv);
      std::string up = "Up " + age.substr(0, age.find(" ago"));
      if (health.empty()) return up;
      return up + (health == "starting" ? " (health: starting)" : " (" + health + ")");
    }
    case container::Status::exited: {
      if (auto ms = restart_in(sv)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1fs", double(*ms) / 1000.0);
        return std::string("restarting (in ") + buf + ")";
      }
      return "Exited (" + std::to_string(c.state.exit_code) + ") " + human_age(c.state.finished_at);
    }
    case container::Status::created: return "Created";
  }
  return "";
}

int64_t restart_count(const Supervised& sv) {
  return sv.contains("history") ? sv["history"].value("restart_count", int64_t(0)) : 0;
}

std::string last_exit_text(const container::Container& c, const Supervised& sv) {
  if (sv.contains("last_exit")) return std::to_string(sv["last_exit"].get<int>());
  return c.state.status == container::Status::exited ? std::to_string(c.state.exit_code) : "";
}

std::string command_text(const container::Container& c) {
  std::string out;
  for (const auto& a : c.spec.process.args) out += (out.empty() ? "" : " ") + a;
  if (out.size() > 22) out = out.substr(0, 19) + "...";
  return "\"" + out + "\"";
}

std::string ports_text(Session& s, const container::Container& c) {
  auto view = s.engine->containers().network_view(c);
  if (!view) return "";
  std::string out;
  for (const auto& p : view->ports) out += (out.empty() ? "" : ", ") + container::port_text(p);
  return out;
}

nlohmann::json ps_json(Session& s, const container::Container& c, const Supervised& sv) {
  nlohmann::json j = {{"ID", c.id},
          {"Name", c.name},
          {"Image", c.image},
          {"Command", command_text(c)},
          {"Project", s.project.name},
          {"Service", c.labels.at(reconcile::label::kService)},
          {"State", restart_in(sv) ? "restarting" : container::status_name(c.state.status)},
          {"Status", status_text(c, sv)},
          {"ExitCode", c.state.exit_code},
          {"Health", health_of(c, sv)},
          {"RestartCount", restart_count(sv)},
          {"Created", c.created},
          {"Publishers", ports_text(s, c)},
          {"Labels", c.labels}};
  if (sv.contains("last_exit")) j["LastExitCode"] = sv["last_exit"];
  if (auto ms = restart_in(sv)) j["RestartInMs"] = *ms;
  if (sv.contains("health") && !sv["health"].value("log", nlohmann::json::array()).empty())
    j["HealthLog"] = sv["health"]["log"];
  return j;
}

const nlohmann::json kPsHeaders = {{"ID", "CONTAINER ID"}, {"Name", "NAME"}, {"Image", "IMAGE"}, {"Command", "COMMAND"},
                                   {"Project", "PROJECT"}, {"Service", "SERVICE"}, {"State", "STATE"}, {"Status", "STATUS"},
                                   {"ExitCode", "EXIT CODE"}, {"Health", "HEALTH"}, {"RestartCount", "RESTARTS"},
                                   {"Created", "CREATED"}, {"Publishers", "PORTS"}, {"Labels", "LABELS"}};

int run_ps(const GlobalOptions& global, PsOptions o) {
  auto filters = parse_filters(o.filters, {"status"});
  if (!filters) return fail(filters.error());
  for (const auto& st : (*filters)["status"]) o.status.push_back(st);
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  Session& s = *session;
  ensure_supervisor(s);  // adopts what a dead supervisor left
  auto list = s.containers(true, o.only);
  if (!list) return fail(list.error());
  auto supervised = orchestrator::supervisor::container_status(supervisor_paths(s));
  auto sv_of = [&](const container::Container& c) { return supervised.value(c.id, Supervised::object()); };
  std::vector<container::Container> shown;
  for (auto& c : *list) {
    bool restarting = restart_in(sv_of(c)).has_value();
    std::string state = restarting ? "restarting" : container::status_name(c.state.status);
    bool wanted = o.status.empty() ? (o.all || c.state.status == container::Status::running || restarting)
                                   : std::find(o.status.begin(), o.status.end(), state) != o.status.end();
    if (wanted) shown.push_back(std::move(c));
  }
  if (o.services) {
    std::set<std::string> names;
    for (const auto& c : shown) names.insert(c.labels.at(reconcile::label::kService));
    for (const auto& n : names) std::cout << n << '\n';
    return kExitOk;
  }
  if (o.quiet) {
    for (const auto& c : shown) std::cout << c.id << '\n';
    return kExitOk;
  }
  auto format = parse_format(o.format);
  if (format.kind != OutputFormat::Kind::table) {
    // One object per line, as docker compose prints them; probe output may not be UTF-8.
    std::vector<nlohmann::json> rows;
    for (const auto& c : shown) rows.push_back(ps_json(s, c, sv_of(c)));
    auto text = render_rows(format, rows, kPsHeaders);
    if (!text) return fail(text.error());
    std::cout << *text;
    return kExitOk;
  }
  Table table({"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "RESTARTS", "LAST EXIT", "PORTS"});
  for (const auto& c : shown)
    table.add({c.name, c.image, command_text(c), c.labels.at(reconcile::label::kService), human_age(c.created),
               status_text(c, sv_of(c)), std::to_string(restart_count(sv_of(c))), last_exit_text(c, sv_of(c)),
               ports_text(s, c)});
  std::cout << table.render();
  return kExitOk;
}

std::function<int()> setup_ps(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("ps", "List the project's containers");
  auto o = std::make_shared<PsOptions>();
  cmd->add_flag("-a,--all", o->all, "Also stopped containers");
  cmd->add_flag("-q,--quiet", o->quiet, "Only ids");
  cmd->add_flag("--services", o->services, "Only service names");
  cmd->add_option("--format", o->format, "table, json (one object per line) or a Go template ('{{.Name}}')");
  cmd->add_option("--status", o->status, "created, running, restarting or exited (repeatable)");
  cmd->add_option("--filter", o->filters, "status=STATUS (repeatable)")->expected(1)->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("SERVICE", o->only, "Services (default: all)");
  return [&global, o] { return run_ps(global, *o); };
}

struct LsOptions {
  bool all = false;
  std::string format = "table";
};

int run_ls(const LsOptions& o) {
  auto engine = engine::Engine::open({});
  if (!engine) return fail(engine.error());
  auto list = (*engine)->containers().list(true, {reconcile::label::kProject});
  if (!list) return fail(list.error());
  struct Row { int running = 0, total = 0; std::string files; };
  std::map<std::string, Row> projects;
  for (const auto& c : *list) {
    Row& r = projects[c.labels.at(reconcile::label::kProject)];
    r.total++;
    if (c.state.status == container::Status::running) r.running++;
    if (auto f = c.labels.find(reconcile::label::kConfigFiles); f != c.labels.end()) r.files = f->second;
  }
  nlohmann::json out = nlohmann::json::array();
  Table table({"NAME", "STATUS", "CONFIG FILES"});
  for (const auto& [name, r] : projects) {
    if (!o.all && r.running == 0) continue;
    std::string status = r.running ? "running(" + std::to_string(r.running) + ")" : "exited(" + std::to_string(r.total) + ")";
    out.push_back({{"Name", name}, {"Status", status}, {"ConfigFiles", r.files}});
    table.add({name, status, r.files});
  }
  std::cout << (o.format == "json" ? out.dump() + "\n" : table.render());
  return kExitOk;
}

std::function<int()> setup_ls(CLI::App& app, const GlobalOptions&) {
  auto* cmd = app.add_subcommand("ls", "List projects");
  auto o = std::make_shared<LsOptions>();
  cmd->add_flag("-a,--all", o->all, "Also stopped projects");
  cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  return [o] { return run_ls(*o); };
}

const Registration ps_registration{"ps", &setup_ps};
const Registration ls_registration{"ls", &setup_ls};

}  // namespace
}  // namespace mocker::cli::compose
