#include <mocker/state/records.hpp>

#include <mocker/sys/fd.hpp>
#include <mocker/sys/temp_files.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

namespace fs = std::filesystem;

namespace mocker::engine::state {

namespace {
thread_local int reserve_users = 0;

bool valid_key(const std::string& s) {
  return !s.empty() && s.find('/') == std::string::npos && s != "." && s != "..";
}
}  // namespace

ReserveUse::ReserveUse() { ++reserve_users; }
ReserveUse::~ReserveUse() { --reserve_users; }
bool ReserveUse::active() { return reserve_users > 0; }

sys::Result<Records> Records::open(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return sys::Error::last("create state directory", dir);
  Records r;
  r.dir_ = dir;
  r.remove_stale_temp_files();
  r.keep_reserve();
  return r;
}

// A command killed between writing a record's temp file and renaming it
// leaves the temp file behind; its pid in the name tells whether it is dead.
void Records::remove_stale_temp_files() const {
  sys::remove_stale_temp_files(dir_);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec))
    if (e.is_directory(ec)) sys::remove_stale_temp_files(e.path());
}

// Space set aside so that removals, which rewrite a few records (leases, the
// container's state), still work on a full store. Made when missing and there
// is room for it; given up by the first write that meets a full store.
void Records::keep_reserve() const {
  std::string path = dir_ + "/" + kReserveFile;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && st.st_size == kReserveBytes) return;
  std::string tmp = path + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool made = ::fallocate(fd, 0, 0, kReserveBytes) == 0;
  ::close(fd);
  if (!made || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

bool Records::release_reserve() const {
  std::string path = dir_ + "/" + kReserveFile;
  int dir = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool released = ::unlink(path.c_str()) == 0;
  // btrfs reuses the freed extents once the transaction that freed them commits.
  if (released && dir >= 0) (void)!::syncfs(dir);  // failing, the retry reports the full store
  if (dir >= 0) ::close(dir);
  return released;
}

sys::Result<sys::FileLock> Records::lock() const {
  return sys::FileLock::acquire(dir_ + "/lock");
}

std::string Records::path_of(const std::string& kind, const std::string& id) const {
  return dir_ + "/" + kind + "/" + id + ".json";
}

sys::Result<std::optional<Json>> Records::read(const std::string& kind, const std::string& id) const {
  if (!valid_key(kind) || !valid_key(id)) return std::optional<Json>{};
  std::string path = path_of(kind, id);
  auto text = sys::read_file(path);
  if (!text) {
    if (text.error().err == ENOENT) return std::optional<Json>{};
    return std::move(text).error();
  }
  Json j = Json::parse(*text, nullptr, false);
  if (j.is_discarded()) return sys::Error::invalid("parse record", path, "not valid JSON");
  return std::optional<Json>(std::move(j));
}

sys::Result<sys::FileLock> Records::listing_lock(const std::string& kind, sys::FileLock::Mode mode) const {
  return sys::FileLock::acquire(dir_ + "/" + kind + ".lock", mode);
}

sys::Result<std::vector<Json>> Records::list(const std::string& kind) const {
  if (!valid_key(kind)) return std::vector<Json>{};
  std::vector<std::string> ids;
  {
    auto listing = MOCKER_TRY(listing_lock(kind, sys::FileLock::Mode::shared));
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "/" + kind, ec)) {
      std::string name = e.path().filename();
      if (name.ends_with(".json")) ids.push_back(name.substr(0, name.size() - 5));
    }
  }
  std::sort(ids.begin(), ids.end());
  std::vector<Json> out;
  for (const auto& id : ids) {
    auto r = MOCKER_TRY(read(kind, id));
    if (r) out.push_back(std::move(*r));  // removed meanwhile: skip
  }
  return out;
}

sys::Status Records::write(const std::string& kind, const std::string& id, const Json& record,
                           sys::Durability durability) const {
  if (!valid_key(kind) || !valid_key(id)) return sys::Error::invalid("write record", kind + "/" + id, "invalid key");
  std::string kind_dir = dir_ + "/" + kind;
  if (::mkdir(kind_dir.c_str(), 0700) != 0 && errno != EEXIST) return sys::Error::last("create directory", kind_dir);
  std::string text = record.dump(2) + "\n";
  auto listing = MOCKER_TRY(listing_lock(kind, sys::FileLock::Mode::exclusive));
  auto written = sys::write_file_atomic(path_of(kind, id), text, 0600, durability);
  if (!written && written.error().err == ENOSPC && ReserveUse::active() && release_reserve())
    written = sys::write_file_atomic(path_of(kind, id), text, 0600, durability);
  return written;
}

sys::Status Records::remove(const std::string& kind, const std::string& id) const {
  if (!valid_key(kind) || !valid_key(id)) return sys::ok();
  std::string path = path_of(kind, id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return sys::Error::last("remove record", path);
  return sys::ok();
}

bool labels_match(const Labels& labels, const std::vector<std::string>& filters) {
  for (const auto& f : filters) {
    auto eq = f.find('=');
    auto it = labels.find(f.substr(0, eq));
    if (it == labels.end()) return false;
    if (eq != std::string::npos && it->second != f.substr(eq + 1)) return false;
  }
  return true;
}

}  // namespace mocker::engine::state
