#include <mocker/reconcile/render.hpp>

namespace mocker::orchestrator::reconcile {

namespace {

using json = nlohmann::json;

// --no-start: the container is made but left for a later `start`.
std::string start_note(const Operation& op) { return op.start ? "" : " (not started)"; }

json wait_json(const Wait& wait) {
  return {{"service", wait.service}, {"condition", spec::to_string(wait.condition)}, {"required", wait.required}};
}

json operation_json(size_t index, const Operation& op) {
  json waits = json::array();
  for (const auto& wait : op.waits) waits.push_back(wait_json(wait));
  return {
      {"index", index},        {"action", to_string(op.action)}, {"object", op.object},
      {"key", op.key},         {"service", op.service},          {"replica", op.replica},
      {"container_id", op.container_id}, {"cause", op.cause},    {"start", op.start},
      {"after", op.after},     {"waits", waits},
  };
}

}  // namespace

std::string render_operation(const Operation& op) {
  switch (op.action) {
    case Action::create_network: return "create network " + op.object;
    case Action::create_volume: return "create volume " + op.object;
    case Action::create_container:
      return "create container " + op.object + " (service " + op.service + "): " + op.cause + start_note(op);
    case Action::recreate_container: return "recreate " + op.object + ": " + op.cause + start_note(op);
    case Action::start_container: return "start " + op.object + ": " + op.cause;
    case Action::restart_container: return "restart " + op.object + ": " + op.cause;
    case Action::stop_container: return "stop " + op.object + ": " + op.cause;
    case Action::remove_container: return "remove " + op.object + ": " + op.cause;
    case Action::remove_network: return "remove network " + op.object;
    case Action::remove_volume: return "remove volume " + op.object;
  }
  return "unknown operation on " + op.object;
}

std::vector<std::string> render_lines(const Plan& plan) {
  std::vector<std::string> lines;
  if (plan.empty() && plan.errors.empty()) lines.push_back("nothing to do");
  for (const auto& op : plan.operations) lines.push_back(render_operation(op));
  for (const auto& warning : plan.warnings) lines.push_back("warning: " + warning);
  for (const auto& error : plan.errors) lines.push_back("error: " + error);
  return lines;
}

std::string render_text(const Plan& plan) {
  std::string out;
  for (const auto& line : render_lines(plan)) out += line + "\n";
  return out;
}

nlohmann::json to_json(const Plan& plan) {
  json operations = json::array();
  for (size_t i = 0; i < plan.operations.size(); ++i) operations.push_back(operation_json(i, plan.operations[i]));
  return {
      {"project", plan.project},
      {"operations", operations},
      {"warnings", plan.warnings},
      {"errors", plan.errors},
  };
}

}  // namespace mocker::orchestrator::reconcile
