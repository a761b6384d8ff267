#include <mocker/sys/process.hpp>
#include <mocker/sys/fd.hpp>
#include <mocker/sys/spawn.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace mocker::engine::sys {

Result<std::string> locate_companion(const std::string& name, const std::string& env_variable) {
  if (const char* env = std::getenv(env_variable.c_str()); env && *env) {
    if (::access(env, X_OK) != 0) return Error::last(env_variable, env);
    return std::string(env);
  }
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return Error::from_errno("readlink", "/proc/self/exe", ec.value());
  auto dir = self.parent_path();
  const std::filesystem::path candidates[] = {dir / name, dir / ".." / "libexec" / "mocker" / name};
  for (const auto& c : candidates)
    if (::access(c.c_str(), X_OK) == 0) return c.lexically_normal().string();
  return Error::invalid("locate " + name, "",
                        "not found at " + candidates[0].string() + " nor " + candidates[1].lexically_normal().string() +
                            "; set " + env_variable);
}

Result<ProcessOutput> run_process(const std::vector<std::string>& argv) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return Error::last("pipe", argv.at(0));
  Fd read_end(pipefd[0]), write_end(pipefd[1]);
  SpawnRequest request;
  request.argv = argv;
  request.search_path = true;
  request.fds = {ChildFd::copy(1, write_end.get()), ChildFd::copy(2, write_end.get())};
  pid_t pid = MOCKER_TRY(spawn(request));
  write_end.reset();

  auto output = read_all(read_end.get(), argv[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error::last("wait for", argv[0]);
  }
  if (!output) return std::move(output).error();
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return ProcessOutput{code, std::move(*output)};
}

}  // namespace mocker::engine::sys
