#include <mocker/runtime/runtime.hpp>

#include <mocker/sys/fd.hpp>
#include <mocker/sys/process.hpp>

#include <cerrno>

namespace mocker::engine::runtime {

sys::Result<std::string> locate_init() { return sys::locate_companion("mocker-init", "MOCKER_INIT"); }

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
