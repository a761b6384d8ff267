#include "cgroupfs.hpp"

#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <thread>

namespace mocker::engine::cgroup::cgfs {

namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// "pids.max" -> "pids": the controller a file belongs to.
std::string_view owner_of(std::string_view file) { return file.substr(0, file.find('.')); }

constexpr int kMaxDepth = 32;

void collect_subtree(const std::filesystem::path& dir, int depth, std::vector<std::string>& out) {
  std::error_code ec;
  if (depth < kMaxDepth) {
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) collect_subtree(it->path(), depth + 1, out);
    }
  }
  out.push_back(dir.string());
}

}  // namespace

std::string join(const std::string& dir, std::string_view name) {
  if (name.empty()) return dir;
  std::string out = dir;
  if (!out.empty() && out.back() != '/') out += '/';
  out += name;
  return out;
}

sys::Status write(const std::string& dir, std::string_view file, std::string_view value) {
  std::string op = "write \"" + std::string(value) + "\" to";
  if (dir.empty()) {
    return sys::Error::invalid(op, std::string(file),
                               "the " + std::string(owner_of(file)) + " controller is not mounted");
  }
  std::string path = join(dir, file);
  // O_APPEND, never O_CREAT: cgroupfs files exist or the controller is off, and
  // appending keeps every write visible in a plain directory standing in for it.
  auto fd = sys::open_file(path, O_WRONLY | O_APPEND);
  if (!fd) {
    sys::Error e = sys::Error::from_errno(op, path, fd.error().err);
    // A group without the file of a controller: the controller is off there.
    if (e.err == ENOENT && !file.starts_with("cgroup.") && exists(dir)) {
      e.message = "the " + std::string(owner_of(file)) + " controller is not enabled here";
    }
    return e;
  }
  std::string line = std::string(value) + "\n";
  ssize_t n;
  do {
    n = ::write(fd->get(), line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    sys::Error e = sys::Error::last(op, path);
    if (e.err == ENOSPC) {
      e = std::move(e).with_hint("a cgroup v1 cpuset with empty cpuset.cpus or cpuset.mems takes no tasks");
    }
    return e;
  }
  return sys::ok();
}

sys::Result<std::string> read(const std::string& dir, std::string_view file) {
  if (dir.empty()) return sys::Error::invalid("read", std::string(file), "controller not mounted");
  std::string text = MOCKER_TRY(sys::read_file(join(dir, file)));
  return std::string(trim(text));
}

bool exists(const std::string& dir, std::string_view file) {
  if (dir.empty()) return false;
  struct stat st;
  return ::stat(join(dir, file).c_str(), &st) == 0;
}

std::optional<uint64_t> parse_u64(std::string_view text) {
  text = trim(text);
  if (text == "max") return Stats::unlimited;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (v >= (uint64_t{1} << 62)) return Stats::unlimited;
  return v;
}

std::optional<uint64_t> parse_keyed(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    line = trim(line);
    if (line.size() > key.size() && line.starts_with(key) && (line[key.size()] == ' ' || line[key.size()] == '\t')) {
      return parse_u64(line.substr(key.size()));
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    auto b = text.find_first_not_of(" \t\r\n", i);
    if (b == std::string_view::npos) break;
    auto e = text.find_first_of(" \t\r\n", b);
    if (e == std::string_view::npos) e = text.size();
    out.emplace_back(text.substr(b, e - b));
    i = e;
  }
  return out;
}

sys::Result<uint64_t> read_u64_or(const std::string& dir, std::string_view file, uint64_t fallback) {
  if (!exists(dir, file)) return fallback;
  std::string text = MOCKER_TRY(read(dir, file));
  auto v = parse_u64(text);
  if (!v) return sys::Error::invalid("parse", join(dir, file), "expected a number, got \"" + text + "\"");
  return *v;
}

sys::Result<uint64_t> read_keyed_or(const std::string& dir, std::string_view file,
                                    std::string_view key, uint64_t fallback) {
  if (!exists(dir, file)) return fallback;
  std::string text = MOCKER_TRY(read(dir, file));
  return parse_keyed(text, key).value_or(fallback);
}

sys::Status make_dirs(const std::string& root, const std::string& rel,
                      std::vector<std::string>& created) {
  std::string dir = root;
  for (const auto& part : std::filesystem::path(rel)) {
    if (part.empty() || part == "/" || part == ".") continue;
    if (part == "..") return sys::Error::invalid("create cgroup", rel, "path must not contain \"..\"");
    dir = join(dir, part.string());
    if (::mkdir(dir.c_str(), 0755) == 0) {
      created.push_back(dir);
    } else if (errno != EEXIST) {
      return sys::Error::last("mkdir", dir);
    }
  }
  return sys::ok();
}

std::vector<std::string> subtree_deepest_first(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return out;
  collect_subtree(dir, 0, out);
  return out;
}

sys::Status remove_dir(const std::string& dir) {
  constexpr int kAttempts = 50;
  for (int attempt = 0;; ++attempt) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return sys::ok();
    if (errno != EBUSY || attempt + 1 >= kAttempts) return sys::Error::last("rmdir", dir);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

sys::Result<std::vector<pid_t>> read_procs(const std::string& dir) {
  std::vector<pid_t> out;
  for (const auto& d : subtree_deepest_first(dir)) {
    auto text = sys::read_file(join(d, "cgroup.procs"));
    if (!text) {
      if (text.error().err == ENOENT) continue;  // removed while we looked
      return std::move(text).error();
    }
    for (const auto& word : split_words(*text)) {
      pid_t pid = 0;
      auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), pid);
      // 0 stands for a process outside our pid namespace: we cannot signal it.
      if (ec == std::errc() && end == word.data() + word.size() && pid > 0) out.push_back(pid);
    }
  }
  return out;
}

}  // namespace mocker::engine::cgroup::cgfs
