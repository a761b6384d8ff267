// mocker logs: the JSON-lines log file init writes, filtered and followed.
#include <mocker/container/containers.hpp>

#include "process.hpp"

#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <deque>
#include <thread>

namespace mocker::engine::container {

namespace {

constexpr auto kFollowPoll = std::chrono::milliseconds(100);

// "2026-11-22T10:00:00Z" or a duration back from now: "90s", "10m", "2h".
sys::Result<timespec> since_time(const std::string& since) {
  if (since.empty()) return timespec{0, 0};
  if (auto t = init::parse_timestamp(since); t) return *t;
  size_t used = 0;
  long n = 0;
  try {
    n = std::stol(since, &used);
  } catch (...) {
    used = 0;
  }
  std::string unit = since.substr(used);
  long secs = unit == "s" ? n : unit == "m" ? n * 60 : unit == "h" ? n * 3600 : -1;
  if (used == 0 || secs < 0) return sys::Error::invalid("parse --since", since, "expected RFC 3339 or a duration like 10m");
  timespec t = init::now_realtime();
  t.tv_sec -= secs;
  return t;
}

bool before(const timespec& a, const timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

class LogReader {
 public:
  LogReader(sys::Fd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  // Complete lines appended since the last call.
  sys::Result<std::vector<std::string>> next_lines() {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd_.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return sys::Error::last("read", path_);
      if (n == 0) break;
      pending_.append(buf, static_cast<size_t>(n));
    }
    std::vector<std::string> lines;
    size_t start = 0, nl;
    while ((nl = pending_.find('\n', start)) != std::string::npos) {
      lines.push_back(pending_.substr(start, nl - start));
      start = nl + 1;
    }
    pending_.erase(0, start);
    return lines;
  }

 private:
  sys::Fd fd_;
  std::string path_;
  std::string pending_;
};

}  // namespace

sys::Status Containers::logs(const std::string& ref, const LogOptions& o, const LogSink& sink) {
  Container c = MOCKER_TRY(get(ref));
  timespec since = MOCKER_TRY(since_time(o.since));
  auto fd = sys::open_file(c.spec.log_path, O_RDONLY);
  if (!fd) {
    if (fd.error().err != ENOENT) return std::move(fd).error();
    if (!o.follow || c.state.status != Status::running) return sys::ok();  // never started: no output yet
    fd = MOCKER_TRY(sys::open_file(c.spec.log_path, O_RDONLY | O_CREAT, 0600));
  }
  LogReader reader(std::move(*fd), c.spec.log_path);
  auto emit = [&](const std::string& line) {
    auto rec = init::parse_log_record(line);
    if (!rec) return;  // a torn record from a crash: skip it
    if (since.tv_sec) {
      auto t = init::parse_timestamp(rec->time);
      if (t && before(*t, since)) return;
    }
    sink(rec->stream, o.timestamps ? rec->time + " " + rec->log : rec->log);
  };
  auto first = MOCKER_TRY(reader.next_lines());
  size_t skip = o.tail && *o.tail < first.size() ? first.size() - *o.tail : 0;
  for (size_t i = skip; i < first.size(); ++i) emit(first[i]);
  // Follows this run of the container: until the init it had when we looked
  // exits, then through the runs next_run says come after it.
  bool running = c.state.status == Status::running;
  while (o.follow) {
    auto more = MOCKER_TRY(reader.next_lines());
    for (const auto& line : more) emit(line);
    if (!running) {  // read once more after the exit, then stop or go on
      if (!o.next_run || !o.next_run()) break;
      c = MOCKER_TRY(get(ref));
      running = c.state.status == Status::running;
      continue;
    }
    // Wakes at once when init exits (a pidfd), else after one poll interval.
    running = !wait_for_exit(c.state.pid, c.state.pid_start_ticks, kFollowPoll);
  }
  return sys::ok();
}

}  // namespace mocker::engine::container
