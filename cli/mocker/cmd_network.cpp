// mocker network create / ls / inspect / rm / connect / disconnect, and mocker port
#include "context.hpp"

#include <mocker/cli/output.hpp>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;
namespace container = engine::container;
namespace network = engine::network;

namespace {

CLI::Option* repeatable(CLI::Option* o) {
  return o->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

nlohmann::json network_json(const network::Network& n, const std::vector<network::Endpoint>& endpoints) {
  nlohmann::json containers = nlohmann::json::object();
  for (const auto& e : endpoints) containers[e.container_id] = container::endpoint_to_json(e);
  return {{"id", n.id},           {"name", n.name},         {"driver", "bridge"},
          {"bridge", n.bridge},   {"subnet", n.subnet.str()}, {"gateway", n.gateway.str()},
          {"internal", n.internal}, {"dns", n.dns.has_value()}, {"labels", n.labels},
          {"created", n.created}, {"containers", containers}};
}

void add_create(CLI::App& parent, Context& ctx) {
  auto* cmd = parent.add_subcommand("create", "Create a bridge network");
  auto spec = std::make_shared<network::NetworkSpec>();
  auto subnet = std::make_shared<std::string>();
  auto gateway = std::make_shared<std::string>();
  auto labels = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--subnet", *subnet, "Subnet in CIDR form (default: the first free one)");
  cmd->add_option("--gateway", *gateway, "Gateway address (default: the subnet's first host address)");
  cmd->add_flag("--internal", spec->internal, "No route out of the subnet");
  repeatable(cmd->add_option("-l,--label", *labels, "Set a label KEY=VALUE"));
  auto driver = std::make_shared<std::string>("bridge");
  cmd->add_option("-d,--driver", *driver, "bridge (the only driver)")->check(CLI::IsMember({"bridge"}));
  cmd->add_option("NAME", spec->name)->required();
  cmd->callback([&ctx, spec, subnet, gateway, labels, driver] {
    run_command(ctx, [&]() -> sys::Status {
      if (!subnet->empty()) spec->subnet = *subnet;
      if (!gateway->empty()) spec->gateway = *gateway;
      for (const auto& l : *labels) {
        auto eq = l.find('=');
        spec->labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
      }
      auto* e = MOCKER_TRY(ctx.engine());
      auto net = MOCKER_TRY(e->networks().create(*spec));
      std::cout << net.id << "\n";
      return sys::ok();
    });
  });
}

void add_ls(CLI::App& parent, Context& ctx) {
  auto* cmd = parent.add_subcommand("ls", "List networks");
  cmd->alias("list");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("-q,--quiet", *quiet, "Only ids");
  cmd->callback([&ctx, format, quiet] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto list = MOCKER_TRY(e->networks().list());
      std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
      nlohmann::json out = nlohmann::json::array();
      Table t({"NETWORK ID", "NAME", "DRIVER", "SUBNET", "INTERNAL"});
      for (const auto& n : list) {
        if (*quiet) std::cout << n.id.substr(0, 12) << "\n";
        out.push_back(network_json(n, MOCKER_TRY(e->networks().endpoints(n.id))));
        t.add({n.id.substr(0, 12), n.name, "bridge", n.subnet.str(), n.internal ? "yes" : "no"});
      }
      if (!*quiet) std::cout << (*format == "json" ? out.dump(2) + "\n" : t.render());
      return sys::ok();
    });
  });
}

void add_inspect_rm(CLI::App& parent, Context& ctx) {
  auto* inspect = parent.add_subcommand("inspect", "Show networks as JSON, with their containers");
  auto irefs = std::make_shared<std::vector<std::string>>();
  inspect->add_option("NETWORK", *irefs)->required();
  inspect->callback([&ctx, irefs] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : *irefs) {
        auto n = MOCKER_TRY(e->networks().get(r));
        out.push_back(network_json(n, MOCKER_TRY(e->networks().endpoints(n.id))));
      }
      std::cout << out.dump(2) << "\n";
      return sys::ok();
    });
  });

  auto* rm = parent.add_subcommand("rm", "Remove networks (refused while containers are attached)");
  rm->alias("remove");
  auto rrefs = std::make_shared<std::vector<std::string>>();
  rm->add_option("NETWORK", *rrefs)->required();
  rm->callback([&ctx, rrefs] {
    for (const auto& r : *rrefs)
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        MOCKER_TRY(e->networks().remove(r));
        std::cout << r << "\n";
        return sys::ok();
      });
  });
}

void add_connect(CLI::App& parent, Context& ctx) {
  auto* connect = parent.add_subcommand("connect", "Connect a container to a network");
  auto request = std::make_shared<container::NetworkRequest>();
  auto cref = std::make_shared<std::string>();
  repeatable(connect->add_option("--alias", request->aliases, "Another name for the container on this network"));
  connect->add_option("--ip", request->ip, "IPv4 address on the network");
  connect->add_option("NETWORK", request->network)->required();
  connect->add_option("CONTAINER", *cref)->required();
  connect->callback([&ctx, request, cref] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      return e->containers().connect(*cref, *request);
    });
  });

  auto* disconnect = parent.add_subcommand("disconnect", "Disconnect a container from a network");
  auto net = std::make_shared<std::string>();
  auto dref = std::make_shared<std::string>();
  disconnect->add_option("NETWORK", *net)->required();
  disconnect->add_option("CONTAINER", *dref)->required();
  disconnect->callback([&ctx, net, dref] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      return e->containers().disconnect(*dref, *net);
    });
  });
}

// mocker port CTR: "80/tcp -> 127.0.0.1:18080", one line per published port.
void add_port(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("port", "List a container's published ports");
  auto ref = std::make_shared<std::string>();
  cmd->add_option("CONTAINER", *ref)->required();
  cmd->callback([&ctx, ref] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto c = MOCKER_TRY(e->containers().get(*ref));
      auto view = MOCKER_TRY(e->containers().network_view(c));
      for (const auto& p : view.ports)
        std::cout << p.container_port << "/" << network::protocol_name(p.protocol) << " -> " << p.host_ip.str() << ":"
                  << p.host_port << "\n";
      return sys::ok();
    });
  });
}

}  // namespace

void register_network_commands(CLI::App& app, Context& ctx) {
  auto* net = app.add_subcommand("network", "Manage networks");
  net->require_subcommand(1);
  add_create(*net, ctx);
  add_ls(*net, ctx);
  add_inspect_rm(*net, ctx);
  add_connect(*net, ctx);
  add_port(app, ctx);
}

}  // namespace mocker::cli
