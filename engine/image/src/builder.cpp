#include "builder.hpp"

#include <mocker/image/digest.hpp>
#include <mocker/storage/subvolume.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace mocker::engine::image {

std::string chain_id(const std::string& parent_chain, const std::string& diff_id) {
  if (parent_chain.empty()) return diff_id;
  return sha256_digest(parent_chain + " " + diff_id);
}

std::string now_rfc3339() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  struct tm tm;
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

sys::Status LayerBuilder::prepare() {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) return sys::Error::last("create directory", dir_);
  return sys::ok();
}

std::string LayerBuilder::path_of(const std::string& chain) const {
  std::string local = dir_ + "/" + digest_hex(chain);
  if (::access(local.c_str(), F_OK) == 0) return local;
  return store_.layer_path(chain);
}

bool LayerBuilder::exists(const std::string& chain) const { return ::access(path_of(chain).c_str(), F_OK) == 0; }

sys::Result<std::string> LayerBuilder::begin(const std::string& parent_chain) {
  std::string work = dir_ + "/work-" + std::to_string(counter_++);
  if (parent_chain.empty()) {
    MOCKER_TRY(storage::create_subvolume(work));
  } else {
    MOCKER_TRY(storage::snapshot(path_of(parent_chain), work, storage::Access::writable));
  }
  return work;
}

sys::Status LayerBuilder::finish(const std::string& work, const std::string& chain) {
  std::string sealed = dir_ + "/" + digest_hex(chain);
  if (::access(sealed.c_str(), F_OK) == 0 || ::access(store_.layer_path(chain).c_str(), F_OK) == 0)
    return storage::delete_subvolume(work);  // identical layer already built
  // Rename first: a read-only subvolume cannot be moved (EROFS).
  if (::rename(work.c_str(), sealed.c_str()) != 0) return sys::Error::last("rename layer", work);
  return storage::set_read_only(sealed, true);
}

}  // namespace mocker::engine::image
