// mocker-compose config: the normalised, merged model, or parts of it.
#include "command.hpp"
#include "project.hpp"

#include <mocker/spec/serialize.hpp>
#include <mocker/sys/fd.hpp>

#include <iostream>
#include <memory>
#include <set>
#include <sstream>

namespace mocker::cli::compose {

namespace {

namespace spec = orchestrator::spec;

struct ConfigOptions {
  std::string format = "yaml";
  bool quiet = false;
  bool services = false;
  bool volumes = false;
  bool profiles = false;
  bool images = false;
  std::string hash;
  bool no_interpolate = false;
  bool environment = false;
  bool variables = false;
  std::string output;
};

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + '\n';
  return out;
}

std::string variables_table(const spec::LoadResult& r, bool as_json) {
  auto value_of = [&](const std::string& name) {
    auto it = r.environment.find(name);
    return it == r.environment.end() ? std::string() : it->second;
  };
  if (as_json) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, v] : r.variables) {
      out[name] = {{"name", name},
                   {"required", v.required},
                   {"default_value", v.default_value.value_or("")},
                   {"value", value_of(name)},
                   {"alternate_value", v.alternate.value_or("")}};
    }
    return spec::to_json_text(out, {false});
  }
  std::vector<std::vector<std::string>> rows{{"NAME", "REQUIRED", "DEFAULT VALUE", "VALUE", "ALTERNATE VALUE"}};
  for (const auto& [name, v] : r.variables)
    rows.push_back({name, v.required ? "true" : "false", v.default_value.value_or(""), value_of(name),
                    v.alternate.value_or("")});
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 3, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

// What the options ask for, as text; nullopt with a message on stderr otherwise.
std::optional<std::string> render(const ConfigOptions& o, const spec::LoadResult& r) {
  bool json = o.format == "json";
  if (o.variables) return variables_table(r, json);
  if (o.environment) {
    std::string out;
    for (const auto& [k, v] : r.environment) out += k + "=" + v + '\n';
    return out;
  }
  if (!r.project) {  // --no-interpolate: the merged document only
    return json ? spec::to_json_text(r.document, {false}) : spec::to_yaml_text(r.document, {false});
  }
  const spec::Project& p = *r.project;
  if (o.services) {
    std::vector<std::string> names;
    for (const auto& [name, _] : p.services) names.push_back(name);
    return lines(names);
  }
  if (o.volumes) {
    std::vector<std::string> names;
    for (const auto& [name, _] : p.volumes) names.push_back(name);
    return lines(names);
  }
  if (o.profiles) {
    std::set<std::string> all;
    for (const auto* services : {&p.services, &p.disabled_services})
      for (const auto& [_, s] : *services) all.insert(s.profiles.begin(), s.profiles.end());
    return lines(std::vector<std::string>(all.begin(), all.end()));
  }
  if (o.images) {
    std::vector<std::string> images;
    for (const auto& [name, s] : p.services) images.push_back(s.image ? *s.image : p.name + "-" + name);
    return lines(images);
  }
  if (!o.hash.empty()) {
    std::vector<std::string> names;
    if (o.hash == "*") {
      for (const auto& [name, _] : p.services) names.push_back(name);
    } else {
      std::stringstream ss(o.hash);
      for (std::string n; std::getline(ss, n, ',');)
        if (!n.empty()) names.push_back(n);
    }
    std::string out;
    for (const auto& n : names) {
      auto it = p.services.find(n);
      if (it == p.services.end()) {
        std::cerr << "no such service: " << n << '\n';
        return std::nullopt;
      }
      out += n + " " + spec::config_hash(it->second) + '\n';
    }
    return out;
  }
  nlohmann::json doc = spec::to_json(p);
  return json ? spec::to_json_text(doc) : spec::to_yaml_text(doc);
}

int run(const ConfigOptions& o, const GlobalOptions& global) {
  // Listing options need the typed model, so they always interpolate.
  bool listing = o.services || o.volumes || o.profiles || o.images || !o.hash.empty();
  spec::LoadResult result = load(global, !o.no_interpolate || listing);
  if (!report(result)) return kExitFailure;
  if (o.quiet) return kExitOk;
  auto text = render(o, result);
  if (!text) return kExitFailure;
  if (o.output.empty()) {
    std::cout << *text << std::flush;
    return kExitOk;
  }
  if (auto written = engine::sys::write_file_atomic(o.output, *text); !written) {
    std::cerr << written.error().render() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<ConfigOptions>();
  CLI::App* cmd = app.add_subcommand("config", "Parse, resolve and render the compose files in canonical form");
  cmd->fallthrough();
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"yaml", "json"}));
  cmd->add_flag("-q,--quiet", o->quiet, "Only validate; print nothing");
  cmd->add_flag("--services", o->services, "Print the service names, one per line");
  cmd->add_flag("--volumes", o->volumes, "Print the volume names, one per line");
  cmd->add_flag("--profiles", o->profiles, "Print the profile names, one per line");
  cmd->add_flag("--images", o->images, "Print the image names, one per line");
  cmd->add_option("--hash", o->hash, "Print the config hash of services (comma-separated names, or *)");
  cmd->add_flag("--no-interpolate", o->no_interpolate, "Do not interpolate variables");
  cmd->add_flag("--environment", o->environment, "Print the variables used for interpolation");
  cmd->add_flag("--variables", o->variables, "Print the variables the model references and their values");
  cmd->add_option("-o,--output", o->output, "Write the output to this file instead of standard output");
  return [o, &global] { return run(*o, global); };
}

const Registration registration{"config", &setup};

}  // namespace

}  // namespace mocker::cli::compose
