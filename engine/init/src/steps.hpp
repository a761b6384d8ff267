#pragma once
// The setup driver: an ordered table of named steps. Each step is written on the
// step board before it runs, so a crash is reported as "during step X"; the first
// failure stops the table and becomes the failed frame.
#include <mocker/init/protocol.hpp>
#include <mocker/init/step_board.hpp>

#include <cstddef>
#include <optional>

namespace mocker::engine::init {

template <class Context>
struct Step {
  const char* name;
  sys::Status (*run)(Context&);
};

// Context has `std::optional<Frame> workload_failure`: set by the step that starts
// the workload, it carries the workload child's own step (e.g. "exec").
template <class Context, size_t N>
std::optional<Frame> run_steps(StepBoard& board, const Step<Context> (&steps)[N], Context& ctx) {
  for (const auto& step : steps) {
    board.announce(step.name);
    auto st = step.run(ctx);
    if (st) continue;
    if (ctx.workload_failure) return ctx.workload_failure;
    return failure_frame(step.name, st.error());
  }
  return std::nullopt;
}

}  // namespace mocker::engine::init
