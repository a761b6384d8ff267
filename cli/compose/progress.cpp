#include "progress.hpp"

#include <nlohmann/json.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

namespace mocker::cli::compose {

using Kind = ProgressEvent::Kind;

namespace {

constexpr auto kFrame = std::chrono::milliseconds(100);
constexpr const char* kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
constexpr size_t kSpinnerFrames = sizeof kSpinner / sizeof kSpinner[0];

// Columns a UTF-8 string takes: every byte that does not continue a code
// point starts one (our marks and names have no wide characters).
size_t columns(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, size_t width) {
  size_t used = columns(s);
  return used >= width ? s : s + std::string(width - used, ' ');
}

// The first `width` columns, never splitting a code point.
std::string cut(const std::string& s, size_t width) {
  size_t used = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) == 0x80) continue;
    if (used++ == width) return s.substr(0, i);
  }
  return s;
}

std::string seconds(ProgressModel::Time elapsed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(elapsed.count()) / 1000.0);
  return buf;
}

}  // namespace

void ProgressModel::apply(const ProgressEvent& e, Time now) {
  if (e.kind == Kind::finished) return;
  if (e.kind == Kind::warning) {
    bool seen = std::any_of(rows_.begin(), rows_.end(), [&](const Row& r) {
      return r.state == State::warning && r.object == e.object && r.status == e.status;
    });
    if (!seen) rows_.push_back({e.object, e.status, State::warning, now, now});
    return;
  }
  auto row = std::find_if(rows_.begin(), rows_.end(),
                          [&](const Row& r) { return r.state != State::warning && r.object == e.object; });
  // The time shown runs from the object's first event, across its steps
  // (Stopping, Stopped, Removing, Removed), as docker compose shows it.
  if (row == rows_.end()) row = rows_.insert(rows_.end(), Row{e.object, "", State::working, now, now});
  row->status = e.status;
  row->ended = now;
  switch (e.kind) {
    case Kind::working: row->state = State::working; break;
    case Kind::failed: row->state = State::failed; break;
    case Kind::canceled: row->state = State::canceled; break;
    default: row->state = State::done; break;
  }
}

bool ProgressModel::working() const {
  return std::any_of(rows_.begin(), rows_.end(), [](const Row& r) { return r.state == State::working; });
}

ProgressModel::Cells ProgressModel::cells(const Row& row, Time now, size_t object_width, size_t status_width) const {
  Cells c;
  switch (row.state) {
    case State::working: c.mark = kSpinner[static_cast<size_t>(now / kFrame) % kSpinnerFrames], c.color = "\x1b[34m"; break;
    case State::done: c.mark = "✔", c.color = "\x1b[32m"; break;
    case State::failed: c.mark = "✘", c.color = "\x1b[31m"; break;
    case State::canceled: c.mark = "-", c.color = "\x1b[33m"; break;
    case State::warning: c.mark = "!", c.color = "\x1b[33m"; break;
  }
  if (row.state == State::warning) {
    c.rest = "WARN " + row.object + "  " + row.status;
    return c;
  }
  Time elapsed = (row.state == State::working ? now : row.ended) - row.started;
  c.rest = pad(row.object, object_width) + "  " + pad(row.status, status_width) + "  " + seconds(elapsed);
  return c;
}

std::vector<std::string> ProgressModel::lines(Time now, size_t width, bool color) const {
  size_t object_width = 0, status_width = 0, objects = 0, finished = 0;
  for (const auto& r : rows_) {
    if (r.state == State::warning) continue;
    object_width = std::max(object_width, columns(r.object));
    status_width = std::max(status_width, columns(r.status));
    ++objects;
    if (r.state != State::working) ++finished;
  }
  std::vector<std::string> out{"[+] Running " + std::to_string(finished) + "/" + std::to_string(objects)};
  constexpr size_t kMarkColumns = 3;  // " ✔ "
  for (const auto& r : rows_) {
    Cells c = cells(r, now, object_width, status_width);
    // Cut the text, not the escape sequences, which take no columns.
    if (width > kMarkColumns) c.rest = cut(c.rest, width - kMarkColumns);
    out.push_back(" " + (color ? c.color + c.mark + "\x1b[0m" : c.mark) + " " + c.rest);
  }
  if (width > 0) out.front() = cut(out.front(), width);
  return out;
}

namespace {

// The renderer: draws the model's lines on stderr and redraws them in place
// (cursor up over what it drew last) on every event and, while something is
// in progress, on every spinner frame. At `finished` the last frame stays on
// screen and the next event starts a new block below it.
class TtyView {
 public:
  explicit TtyView(bool color) : color_(color), start_(std::chrono::steady_clock::now()) {}
  ~TtyView() {
    std::jthread ticker;
    {
      std::lock_guard lock(mutex_);
      ticker = std::move(ticker_);
    }
  }  // the jthread's destructor asks it to stop and joins it

  void on_event(const ProgressEvent& e) {
    std::jthread done;
    {
      std::lock_guard lock(mutex_);
      if (e.kind == Kind::finished) {
        if (!model_.empty()) draw();
        model_.clear();
        drawn_ = 0;
        done = std::move(ticker_);
      } else {
        model_.apply(e, now());
        draw();
        if (model_.working() && !ticker_.joinable())
          ticker_ = std::jthread([this](std::stop_token stop) { tick(stop); });
      }
    }
    // Joined outside the lock: the ticker takes it on its way out.
  }

 private:
  ProgressModel::Time now() const {
    return std::chrono::duration_cast<ProgressModel::Time>(std::chrono::steady_clock::now() - start_);
  }

  // Ends when asked to stop: at `finished` or when the view goes.
  void tick(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      frame_.wait_for(lock, stop, kFrame, [] { return false; });
      if (!stop.stop_requested() && model_.working()) draw();
    }
  }

  static size_t terminal_width() {
    winsize ws{};
    return ::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
  }

  // One write per frame, so nothing else on stderr lands inside it.
  void draw() {
    auto lines = model_.lines(now(), terminal_width(), color_);
    std::string frame;
    if (drawn_ > 0) frame += "\x1b[" + std::to_string(drawn_) + "A";
    for (const auto& line : lines) frame += "\r\x1b[2K" + line + "\n";
    std::cerr << frame << std::flush;
    drawn_ = lines.size();
  }

  const bool color_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable_any frame_;
  ProgressModel model_;
  size_t drawn_ = 0;  // lines of the current block on screen
  std::jthread ticker_;
};

void print_plain(const ProgressEvent& e) {
  if (e.kind != Kind::finished) std::cerr << e.line() << '\n';
}

void print_json(const ProgressEvent& e) {
  if (e.kind == Kind::finished) return;
  nlohmann::json j{{"object", e.object}, {"status", e.status}};
  if (e.kind == Kind::warning) j["object"] = "WARN " + e.object;
  std::cerr << j.dump() << '\n';
}

}  // namespace

orchestrator::execute::ProgressSink progress_printer(const std::string& mode) {
  if (mode == "quiet") return [](const ProgressEvent&) {};
  if (mode == "json") return print_json;
  bool tty = mode == "tty" || (mode == "auto" && ::isatty(STDERR_FILENO));
  if (!tty) return print_plain;
  const char* no_color = std::getenv("NO_COLOR");
  auto view = std::make_shared<TtyView>(!(no_color && *no_color));
  return [view](const ProgressEvent& e) { view->on_event(e); };
}

}  // namespace mocker::cli::compose
