#include <mocker/supervisor/paths.hpp>

#include <cerrno>
#include <filesystem>
#include <sys/stat.h>

namespace mocker::orchestrator::supervisor {

ProjectPaths project_paths(const std::string& store_root, const std::string& project) {
  return {project, store_root + "/run/compose/" + project};
}

engine::sys::Status make_project_dir(const ProjectPaths& paths) {
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  if (ec) return engine::sys::Error::from_errno("create", paths.dir, ec.value());
  // The socket inside accepts commands that stop containers: root only.
  if (::chmod(paths.dir.c_str(), 0700) != 0) return engine::sys::Error::last("chmod", paths.dir);
  return engine::sys::ok();
}

}  // namespace mocker::orchestrator::supervisor
