#include <mocker/supervisor/events.hpp>

#include <mocker/init/records.hpp>
#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

namespace sys = engine::sys;

std::string now_rfc3339() { return engine::init::format_timestamp(engine::init::now_realtime()); }

nlohmann::json to_json(const Event& e) {
  return {{"time", e.time}, {"type", "container"}, {"action", e.action}, {"id", e.id},
          {"service", e.service}, {"attributes", e.attributes.is_object() ? e.attributes : nlohmann::json::object()}};
}

Event event_from_json(const nlohmann::json& j) {
  Event e;
  e.time = j.value("time", "");
  e.action = j.value("action", "");
  e.id = j.value("id", "");
  e.service = j.value("service", "");
  e.attributes = j.value("attributes", nlohmann::json::object());
  e.name = e.attributes.value("name", "");
  return e;
}

std::string event_text(const Event& e) {
  std::string out = e.time + " container " + e.action + " " + (e.name.empty() ? e.id : e.name);
  std::string extra;
  for (const auto& [k, v] : e.attributes.items()) {
    if (k == "name" || k == "image") continue;
    extra += (extra.empty() ? "" : ", ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return extra.empty() ? out : out + " (" + extra + ")";
}

sys::Status append_event(const ProjectPaths& paths, Event e) {
  if (e.time.empty()) e.time = now_rfc3339();
  if (!e.name.empty()) e.attributes["name"] = e.name;
  MOCKER_TRY(make_project_dir(paths));
  auto fd = MOCKER_TRY(sys::open_file(paths.events(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  return sys::write_all(fd.get(), to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", paths.events());
}

namespace {

// Reads whole lines from `offset` on; a partial last line waits for its end.
sys::Result<bool> deliver_new_lines(const std::string& path, off_t& offset,
                                    const std::function<bool(const Event&)>& sink) {
  auto fd = sys::open_file(path, O_RDONLY | O_CLOEXEC);
  if (!fd) return true;  // no journal yet: nothing happened
  struct stat st;
  if (::fstat(fd->get(), &st) == 0 && st.st_size < offset) offset = 0;  // the journal was started anew
  if (::lseek(fd->get(), offset, SEEK_SET) < 0) return sys::Error::last("seek", path);
  std::string data = MOCKER_TRY(sys::read_all(fd->get(), path));
  size_t start = 0, nl;
  while ((nl = data.find('\n', start)) != std::string::npos) {
    auto j = nlohmann::json::parse(data.substr(start, nl - start), nullptr, false);
    offset += static_cast<off_t>(nl - start + 1);
    start = nl + 1;
    if (!j.is_discarded() && !sink(event_from_json(j))) return false;
  }
  return true;
}

off_t journal_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

}  // namespace

sys::Status follow_events(const ProjectPaths& paths, bool from_start, const std::function<bool(const Event&)>& sink,
                          const std::atomic<bool>* stop) {
  MOCKER_TRY(make_project_dir(paths));
  sys::Fd watch(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (!watch.valid()) return sys::Error::last("inotify_init1", paths.dir);
  // The directory, not the file: the journal may not exist yet.
  if (::inotify_add_watch(watch.get(), paths.dir.c_str(), IN_MODIFY | IN_CREATE) < 0)
    return sys::Error::last("inotify_add_watch", paths.dir);
  off_t offset = from_start ? 0 : journal_size(paths.events());
  while (!(stop && *stop)) {
    if (!MOCKER_TRY(deliver_new_lines(paths.events(), offset, sink))) return sys::ok();
    struct pollfd p = {watch.get(), POLLIN, 0};
    if (::poll(&p, 1, 250) > 0) {  // 250 ms: how soon *stop is noticed
      char buf[4096];
      while (::read(watch.get(), buf, sizeof buf) > 0) {
      }
    }
  }
  return sys::ok();
}

}  // namespace mocker::orchestrator::supervisor
