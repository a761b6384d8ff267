#include "sysctl.hpp"

#include <mocker/sys/fd.hpp>

#include <fcntl.h>

namespace mocker::engine::network {

sys::Result<std::string> read_sysctl(const std::string& key) {
  std::string value = MOCKER_TRY(sys::read_file("/proc/sys/" + key));
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  return value;
}

sys::Status write_sysctl(const std::string& key, const std::string& value) {
  const std::string path = "/proc/sys/" + key;
  sys::Fd fd = MOCKER_TRY(sys::open_file(path, O_WRONLY));
  return sys::write_all(fd.get(), value + "\n", path);
}

}  // namespace mocker::engine::network
