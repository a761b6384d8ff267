#pragma once
// Progress of up/down: a live view on a terminal (one line per object,
// redrawn in place, like docker compose), plain lines ("Container
// demo-web-1  Started"), JSON objects (--progress json) or nothing (quiet).
// The view is a pure model (events and times in, lines out) behind a thin
// renderer that owns the cursor movement and a ticker for the spinners.
#include <mocker/execute/progress.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mocker::cli::compose {

using orchestrator::execute::ProgressEvent;

// "auto" picks the live view when stderr is a terminal, plain lines otherwise.
orchestrator::execute::ProgressSink progress_printer(const std::string& mode);

// The live view's lines for one block of events (up to the `finished` event).
class ProgressModel {
 public:
  using Time = std::chrono::milliseconds;  // since any fixed start

  void apply(const ProgressEvent& event, Time now);
  // "[+] Running 1/2" then one line per object in order of first appearance:
  // " ✔ Container demo-web-1  Started  0.3s". `width` > 0 cuts lines to it
  // (a wrapped line would throw the cursor movement off); `color` adds ANSI
  // colours to the marks.
  std::vector<std::string> lines(Time now, size_t width = 0, bool color = false) const;
  // Some object is in progress: its spinner and clock need redrawing.
  bool working() const;
  bool empty() const { return rows_.empty(); }
  void clear() { rows_.clear(); }

 private:
  enum class State { working, done, failed, canceled, warning };
  struct Row {
    std::string object;  // warnings: the object and their text, so each is its own row
    std::string status;
    State state = State::working;
    Time started{0}, ended{0};
  };
  struct Cells {
    std::string mark, color, rest;  // rest: everything after the mark
  };
  Cells cells(const Row& row, Time now, size_t object_width, size_t status_width) const;

  std::vector<Row> rows_;
};

}  // namespace mocker::cli::compose
