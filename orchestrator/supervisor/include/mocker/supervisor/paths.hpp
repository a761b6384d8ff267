#pragma once
// Where a project's supervisor keeps its files: one root-only directory per
// project under the store's run dir.
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::orchestrator::supervisor {

struct ProjectPaths {
  std::string project;
  std::string dir;  // <root>/run/compose/<project>
  std::string socket() const { return dir + "/control.sock"; }
  std::string lock() const { return dir + "/supervisor.lock"; }  // held by the live supervisor
  std::string pid() const { return dir + "/supervisor.pid"; }    // the process holding it
  std::string state() const { return dir + "/state.json"; }      // restart counts, health: for adoption
  std::string events() const { return dir + "/events.jsonl"; }   // the event journal
  std::string log() const { return dir + "/supervisor.log"; }    // a detached supervisor's stderr
  std::string command_lock() const { return dir + "/command.lock"; }  // held by a command changing the project
};

ProjectPaths project_paths(const std::string& store_root, const std::string& project);
// Creates the directory (mode 0700) if needed.
engine::sys::Status make_project_dir(const ProjectPaths& paths);

}  // namespace mocker::orchestrator::supervisor
