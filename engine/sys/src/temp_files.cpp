#include <mocker/sys/temp_files.hpp>

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace mocker::engine::sys {

pid_t temp_file_writer(std::string_view name) {
  constexpr std::string_view marker = ".tmp.";
  auto at = name.rfind(marker);
  if (at == std::string_view::npos) return 0;
  std::string_view rest = name.substr(at + marker.size());
  auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == rest.size()) return 0;
  std::string_view pid_text = rest.substr(0, dot), serial = rest.substr(dot + 1);
  if (serial.find_first_not_of("0123456789") != std::string_view::npos) return 0;
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
  if (ec != std::errc{} || end != pid_text.data() + pid_text.size() || pid <= 0) return 0;
  return pid;
}

int remove_stale_temp_files(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return 0;
  int removed = 0;
  while (dirent* e = ::readdir(d)) {
    pid_t writer = temp_file_writer(e->d_name);
    if (writer == 0 || writer == ::getpid()) continue;
    // A reused pid keeps a stale file until that process is gone too: safe.
    if (::kill(writer, 0) == 0 || errno != ESRCH) continue;
    if (::unlinkat(::dirfd(d), e->d_name, 0) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

}  // namespace mocker::engine::sys
