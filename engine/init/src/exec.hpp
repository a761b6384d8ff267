#pragma once
// `mocker-init exec`: join a running container's namespaces and cgroups, run a process there.
namespace mocker::engine::init {

// Returns the process exit status (the process's own, 128+N when killed by N).
int run_exec();

}  // namespace mocker::engine::init
