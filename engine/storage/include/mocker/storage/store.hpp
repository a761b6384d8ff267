#pragma once
// The store: a btrfs filesystem under the root dir. If the root dir is not on
// btrfs, a sparse loop file (ROOT/btrfs.img) is created, formatted and mounted
// at ROOT/store, and reused by later commands.
#include <mocker/sys/lock.hpp>
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <string>

namespace mocker::engine::storage {

struct StoreOptions {
  std::string root;              // default: $MOCKER_ROOT or /var/lib/mocker
  uint64_t loop_size_bytes = 0;  // default: $MOCKER_STORE_SIZE or 64 GiB (sparse)
  static StoreOptions from_environment();
};

// Parses "64G", "512M", "1073741824". Returns 0 on malformed input.
uint64_t parse_size(const std::string& text);

// A scratch directory in the store for work in progress (an import, a commit).
// It is locked while alive; whatever a crashed command left behind is removed
// by the next Store::open.
class Scratch {
 public:
  Scratch() = default;
  Scratch(Scratch&&) = default;
  Scratch& operator=(Scratch&&) = default;
  ~Scratch();
  const std::string& path() const { return path_; }

 private:
  friend class Store;
  std::string path_;
  std::string lock_path_;
  sys::FileLock lock_;
};

class Store {
 public:
  // Provisions (if needed) and opens the store; cleans up abandoned scratch.
  static sys::Result<Store> open(const StoreOptions& options);

  const std::string& root() const { return root_; }
  const std::string& path() const { return path_; }       // mounted btrfs dir
  std::string layers_dir() const { return path_ + "/layers"; }
  std::string containers_dir() const { return path_ + "/containers"; }
  std::string volumes_dir() const { return path_ + "/volumes"; }
  std::string state_dir() const { return path_ + "/state"; }
  std::string scratch_dir() const { return path_ + "/tmp"; }

  sys::Result<Scratch> make_scratch() const;
  // Unmounts a loop-backed store (the loop device detaches itself). For tests
  // and `mocker system unmount`; commands normally leave the store mounted.
  sys::Status unmount() const;
  bool loop_backed() const { return loop_backed_; }

 private:
  std::string root_;
  std::string path_;
  bool loop_backed_ = false;
};

}  // namespace mocker::engine::storage
