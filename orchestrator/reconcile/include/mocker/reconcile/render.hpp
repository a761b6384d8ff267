#pragma once
// A plan as users see it in `up --dry-run`: one line per operation, then the
// warnings and errors ("nothing to do" when there is nothing), or stable JSON.
#include <mocker/reconcile/plan.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile {

// "recreate demo-api-1: config changed"
std::string render_operation(const Operation& operation);
std::vector<std::string> render_lines(const Plan& plan);
std::string render_text(const Plan& plan);  // the lines, each ending in '\n'
nlohmann::json to_json(const Plan& plan);

}  // namespace mocker::orchestrator::reconcile
