#pragma once
// Compose models from YAML text, observed snapshots, and a stand-in executor
// that applies a plan to a snapshot the way the engine would.
#include <mocker/reconcile/observed.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/reconcile/render.hpp>
#include <mocker/spec/model.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile::testing {

// Loads compose YAML (give it `name: demo`) through the spec loader.
spec::Project load(const std::string& yaml);

// What the engine would hold after the plan ran (containers started unless
// the operation says otherwise; ids are "<name>#<generation>").
Observed apply(const Plan& plan, const spec::Project& desired, Observed observed,
               const std::map<std::string, std::string>& image_ids = {});

// The project brought up from nothing.
Observed converged(const spec::Project& desired, const PlanOptions& options = {});

ObservedContainer& container(Observed& observed, const std::string& name);

std::vector<std::string> lines(const Plan& plan);

}  // namespace mocker::orchestrator::reconcile::testing
