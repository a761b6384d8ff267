#pragma once
// What init leaves behind for everyone else: the log file (one JSON record per line,
// docker json-file style) and the exit record in the state dir.
#include <mocker/sys/result.hpp>

#include <nlohmann/json.hpp>

#include <time.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace mocker::engine::init {

inline constexpr const char* kExitRecordFile = "exit.json";
inline constexpr const char* kAttachSocketFile = "attach.sock";

// RFC 3339 in UTC with nanoseconds, always nine digits: 2026-11-22T19:00:00.123456789Z
inline std::string format_timestamp(const timespec& ts) {
  struct tm tm {};
  ::gmtime_r(&ts.tv_sec, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(ts.tv_nsec));
  return buf;
}

inline timespec now_realtime() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return ts;
}

namespace detail {
inline bool take_number(std::string_view& s, size_t digits, int& out) {
  if (s.size() < digits) return false;
  out = 0;
  for (size_t i = 0; i < digits; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(digits);
  return true;
}
inline bool take_char(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}
}  // namespace detail

// Accepts RFC 3339 with 0-9 fraction digits and a Z or +hh:mm / -hh:mm offset.
inline sys::Result<timespec> parse_timestamp(std::string_view text) {
  using detail::take_char;
  using detail::take_number;
  auto bad = [&] { return sys::Error::invalid("parse timestamp", std::string(text), "expected RFC 3339"); };
  std::string_view s = text;
  struct tm tm {};
  int year, mon, mday, hour, min, sec;
  if (!take_number(s, 4, year) || !take_char(s, '-') || !take_number(s, 2, mon) || !take_char(s, '-') ||
      !take_number(s, 2, mday) || !(take_char(s, 'T') || take_char(s, 't')) || !take_number(s, 2, hour) ||
      !take_char(s, ':') || !take_number(s, 2, min) || !take_char(s, ':') || !take_number(s, 2, sec))
    return bad();
  long nsec = 0;
  if (take_char(s, '.')) {
    int digits = 0;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
      if (digits < 9) nsec = nsec * 10 + (s[0] - '0');
      ++digits;
      s.remove_prefix(1);
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 9; ++i) nsec *= 10;
  }
  long offset = 0;
  if (!(take_char(s, 'Z') || take_char(s, 'z'))) {
    int sign = take_char(s, '+') ? 1 : (take_char(s, '-') ? -1 : 0);
    int oh, om;
    if (sign == 0 || !take_number(s, 2, oh) || !take_char(s, ':') || !take_number(s, 2, om)) return bad();
    offset = sign * (oh * 3600L + om * 60L);
  }
  if (!s.empty() || mon < 1 || mon > 12 || mday < 1 || mday > 31 || hour > 23 || min > 59 || sec > 60)
    return bad();
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = mday;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  return timespec{::timegm(&tm) - offset, nsec};
}

struct LogRecord {
  std::string log;     // the text, with its trailing "\n" when the line was complete
  std::string stream;  // stdout | stderr
  std::string time;    // RFC 3339 with nanoseconds, when init read it
};

// One line of the log file, without the newline. Bytes that are not UTF-8 become U+FFFD.
inline std::string format_log_record(const LogRecord& r) {
  nlohmann::ordered_json j;
  j["log"] = r.log;
  j["stream"] = r.stream;
  j["time"] = r.time;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline sys::Result<LogRecord> parse_log_record(std::string_view line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  auto bad = [] { return sys::Error::invalid("parse", "log record", "expected {\"log\",\"stream\",\"time\"}"); };
  if (j.is_discarded() || !j.is_object()) return bad();
  auto log = j.find("log"), stream = j.find("stream"), time = j.find("time");
  if (log == j.end() || stream == j.end() || time == j.end() || !log->is_string() || !stream->is_string() ||
      !time->is_string())
    return bad();
  return LogRecord{log->get<std::string>(), stream->get<std::string>(), time->get<std::string>()};
}

struct ExitRecord {
  int exit_code = 0;  // 128+N when killed by signal N
  int signal = 0;     // the killing signal, 0 when the workload exited
  bool oom_killed = false;
  std::string finished_at;  // RFC 3339 with nanoseconds
};

inline std::string format_exit_record(const ExitRecord& r) {
  nlohmann::ordered_json j;
  j["exit_code"] = r.exit_code;
  j["signal"] = r.signal;
  j["oom_killed"] = r.oom_killed;
  j["finished_at"] = r.finished_at;
  return j.dump() + "\n";
}

inline sys::Result<ExitRecord> parse_exit_record(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [] {
    return sys::Error::invalid("parse", kExitRecordFile, "expected {exit_code, signal, oom_killed, finished_at}");
  };
  if (j.is_discarded() || !j.is_object()) return bad();
  auto code = j.find("exit_code"), sig = j.find("signal"), oom = j.find("oom_killed"),
       at = j.find("finished_at");
  if (code == j.end() || !code->is_number_integer() || sig == j.end() || !sig->is_number_integer() ||
      oom == j.end() || !oom->is_boolean() || at == j.end() || !at->is_string())
    return bad();
  return ExitRecord{code->get<int>(), sig->get<int>(), oom->get<bool>(), at->get<std::string>()};
}

}  // namespace mocker::engine::init
