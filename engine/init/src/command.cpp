#include <mocker/init/command.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::init {

namespace {
std::string quoted(const std::string& name) { return "exec \"" + name + "\""; }
}  // namespace

sys::Result<std::string> find_executable(const std::string& name, std::string_view path_env) {
  if (name.empty()) return sys::Error::invalid("exec", "", "no command given");
  struct stat st {};
  if (name.find('/') != std::string::npos) {
    if (::stat(name.c_str(), &st) != 0) return sys::Error::last(quoted(name), "");
    if (S_ISDIR(st.st_mode)) return sys::Error::from_errno(quoted(name), "", EISDIR);
    return name;
  }
  int denied = 0;
  for (;;) {
    size_t colon = path_env.find(':');
    std::string candidate(path_env.substr(0, colon));
    if (candidate.empty()) candidate.push_back('.');
    candidate.push_back('/');
    candidate.append(name);
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      denied = EACCES;
    }
    if (colon == std::string_view::npos) break;
    path_env.remove_prefix(colon + 1);
  }
  if (denied) return sys::Error::from_errno(quoted(name), "", denied);
  return sys::Error::invalid(quoted(name), "", "executable file not found in $PATH");
}

int exec_failure_status(const sys::Error& e) {
  return (e.err == EACCES || e.err == ENOEXEC || e.err == EISDIR || e.err == EPERM) ? 126 : 127;
}

}  // namespace mocker::engine::init
