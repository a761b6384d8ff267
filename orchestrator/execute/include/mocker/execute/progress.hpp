#pragma once
// What the executor reports while it works: one event per step of an object
// ("Container demo-web-1" Creating, then Created). The CLI renders them as a
// live view, plain lines or JSON; the executor never formats for a terminal.
#include <functional>
#include <string>

namespace mocker::orchestrator::execute {

struct ProgressEvent {
  enum class Kind {
    working,   // a step began: "Creating", "Waiting"
    done,      // the object reached a final state: "Started", "Exited (0)"
    failed,    // the object's step failed: "Error"
    canceled,  // abandoned because the run stops (Ctrl-C, or another failure)
    warning,   // a note about the object that does not stop anything
    finished,  // the run is over: nothing more follows for this block of lines
  };
  Kind kind = Kind::done;
  std::string object;  // "Container demo-web-1", "Network demo_default"
  std::string status;  // "Started"; the warning's text

  // "Container demo-web-1  Started": the plain line (warnings: "WARN ...").
  std::string line() const { return (kind == Kind::warning ? "WARN " : "") + object + "  " + status; }
  // Callers written for the line form keep working unchanged.
  operator std::string() const { return line(); }
};

using ProgressSink = std::function<void(const ProgressEvent&)>;

}  // namespace mocker::orchestrator::execute
