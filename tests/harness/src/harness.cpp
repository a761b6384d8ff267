#include <mocker/test/harness.hpp>

#include <dirent.h>
#include <net/if.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace mocker::test {

bool ci_mode() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

bool is_root() { return ::geteuid() == 0; }

std::vector<std::string> mounts_under(const std::string& dir) {
  std::vector<std::string> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string id, parent, devno, root, mountpoint;
    ss >> id >> parent >> devno >> root >> mountpoint;
    if (mountpoint == dir || mountpoint.starts_with(dir + "/")) out.push_back("mount " + mountpoint);
  }
  return out;
}

std::vector<std::string> loop_devices_backed_under(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/sys/block", ec)) {
    std::string name = e.path().filename();
    if (!name.starts_with("loop")) continue;
    std::ifstream in(e.path() / "loop" / "backing_file");
    std::string backing;
    if (std::getline(in, backing) && backing.starts_with(dir + "/"))
      out.push_back("loop device /dev/" + name + " -> " + backing);
  }
  return out;
}

namespace {
void reap_zombies() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

pid_t parent_of(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream ss(stat.substr(close + 2));
  char state;
  pid_t ppid;
  ss >> state >> ppid;
  return ppid;
}
}  // namespace

std::vector<std::string> live_children() {
  std::vector<std::string> out;
  reap_zombies();
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string pid = e.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (parent_of(pid) != ::getpid()) continue;
    std::ifstream in("/proc/" + pid + "/cmdline");
    std::string cmd;
    std::getline(in, cmd, '\0');
    out.push_back("process " + pid + " (" + cmd + ")");
  }
  return out;
}

std::vector<std::string> cgroups_named(const std::string& name) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& h : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    if (fs::is_directory(h.path() / name, ec)) out.push_back("cgroup " + (h.path() / name).string());
  }
  if (fs::is_directory(fs::path("/sys/fs/cgroup") / name, ec)) out.push_back("cgroup /sys/fs/cgroup/" + name);
  return out;
}

std::vector<std::string> links_other_than_lo() {
  std::vector<std::string> out;
  struct if_nameindex* links = ::if_nameindex();
  if (!links) return out;
  for (auto* l = links; l->if_index != 0; ++l) {
    if (std::string(l->if_name) != "lo") out.push_back(std::string("link ") + l->if_name);
  }
  ::if_freenameindex(links);
  return out;
}

std::vector<std::string> nft_tables_of_ours() {
  std::vector<std::string> out;
  Command tables = run("nft list tables");
  std::istringstream lines(tables.output);
  std::string line;
  while (std::getline(lines, line))
    if (line == "table ip mocker") out.push_back("nft " + line);
  return out;
}

Command run(const std::string& shell_command) {
  Command c{-1, {}};
  FILE* p = ::popen((shell_command + " 2>&1").c_str(), "r");
  if (!p) return c;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) c.output.append(buf.data(), n);
  int st = ::pclose(p);
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return c;
}

void PrivilegedTest::SetUp() {
  MOCKER_REQUIRE_ROOT();
  std::string tmpl = (fs::temp_directory_path() / "mocker-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  ASSERT_NE(made, nullptr) << "mkdtemp " << tmpl;
  root_dir_ = made;
  cgroup_parent_ = "mocker-test-" + std::to_string(::getpid());
}

namespace {
// Leaks are checked a few times over a short while: loop autoclear and
// process exit complete asynchronously after the last reference goes.
std::vector<std::string> leaks(const std::string& root, const std::string& cgroup_parent) {
  std::vector<std::string> all;
  for (int attempt = 0; attempt < 40; ++attempt) {
    all.clear();
    for (auto&& list : {mounts_under(root), loop_devices_backed_under(root), live_children(),
                        cgroups_named(cgroup_parent), links_other_than_lo(), nft_tables_of_ours()})
      all.insert(all.end(), list.begin(), list.end());
    if (all.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return all;
}
}  // namespace

void PrivilegedTest::TearDown() {
  if (root_dir_.empty()) return;
  // The engine leaves its (empty) shared cgroup parent in place by design.
  std::error_code ec;
  for (const auto& h : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    fs::path p = h.path() / cgroup_parent_;
    if (fs::is_directory(p, ec)) ::rmdir(p.c_str());
  }
  for (const auto& leak : leaks(root_dir_, cgroup_parent_)) ADD_FAILURE() << "leaked: " << leak;
  if (mounts_under(root_dir_).empty()) fs::remove_all(root_dir_, ec);
}

}  // namespace mocker::test
