#include <mocker/runtime/runtime.hpp>

#include <mocker/sys/fd.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace mocker::engine::runtime {

sys::Result<std::string> locate_init() {
  if (const char* env = std::getenv("MOCKER_INIT"); env && *env) {
    if (::access(env, X_OK) != 0) return sys::Error::last("MOCKER_INIT", env);
    return std::string(env);
  }
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return sys::Error::from_errno("readlink", "/proc/self/exe", ec.value());
  auto dir = self.parent_path();
  const std::filesystem::path candidates[] = {dir / "mocker-init", dir / ".." / "libexec" / "mocker" / "mocker-init"};
  for (const auto& c : candidates)
    if (::access(c.c_str(), X_OK) == 0) return c.lexically_normal().string();
  return sys::Error::invalid("locate mocker-init", "",
                             "not found at " + candidates[0].string() + " nor " +
                                 candidates[1].lexically_normal().string() + "; set MOCKER_INIT");
}

sys::Result<std::optional<ExitRecord>> read_exit_record(const std::string& state_dir) {
  std::string path = state_dir + "/" + init::kExitRecordFile;
  auto text = sys::read_file(path);
  if (!text && text.error().err == ENOENT) return std::optional<ExitRecord>{};
  if (!text) return std::move(text).error();
  auto r = init::parse_exit_record(*text);
  if (!r) return std::move(r).error().wrap(path);
  return std::optional<ExitRecord>(std::move(*r));
}

}  // namespace mocker::engine::runtime
