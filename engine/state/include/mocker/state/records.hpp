#pragma once
// Records of engine objects (images, containers, networks, volumes) as JSON
// files, one per object: DIR/<kind>/<id>.json. Each write is atomic (temp +
// fsync + rename); read-modify-write sequences hold the store lock.
#include <mocker/sys/lock.hpp>
#include <mocker/sys/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::state {

inline constexpr const char* kReserveFile = "reserve";
inline constexpr long kReserveBytes = 4L << 20;

using Json = nlohmann::json;
using Labels = std::map<std::string, std::string>;

// While one exists on a thread, a record write of that thread that meets a
// full store may give up the store's reserve and try again. Removals (and the
// stops before them) hold one: they rewrite a record or two before they free
// anything. Creations do not, so they cannot use up what removals need.
class ReserveUse {
 public:
  ReserveUse();
  ~ReserveUse();
  ReserveUse(const ReserveUse&) = delete;
  ReserveUse& operator=(const ReserveUse&) = delete;
  static bool active();
};

class Records {
 public:
  // Removes the temp files of writers that died mid-write, and sets a small
  // reserve of space aside when there is room (see write).
  static sys::Result<Records> open(const std::string& dir);

  // Serialises writers across processes; hold it around read-modify-write.
  sys::Result<sys::FileLock> lock() const;

  sys::Result<std::optional<Json>> read(const std::string& kind, const std::string& id) const;
  sys::Result<std::vector<Json>> list(const std::string& kind) const;
  // Atomic always; durable (fsync'd) unless asked otherwise. Container state
  // changes on every start and stop and is re-derived from the kernel, so it
  // is written atomic-only to keep fsyncs off the start path. Under a
  // ReserveUse, a write that meets a full store gives up the reserve and
  // tries once more.
  sys::Status write(const std::string& kind, const std::string& id, const Json& record,
                    sys::Durability durability = sys::Durability::durable) const;
  // Removing a record that does not exist is not an error.
  sys::Status remove(const std::string& kind, const std::string& id) const;

  const std::string& dir() const { return dir_; }

 private:
  std::string path_of(const std::string& kind, const std::string& id) const;
  void remove_stale_temp_files() const;
  void keep_reserve() const;
  bool release_reserve() const;
  // Renaming a record into place while its directory is being read can hide
  // the record from that listing (btrfs's readdir returns only entries older
  // than the opendir, and a rename makes a new entry), so writers hold this
  // exclusively around the rename and listers hold it shared around readdir.
  // Nothing is ever acquired while it is held.
  sys::Result<sys::FileLock> listing_lock(const std::string& kind, sys::FileLock::Mode mode) const;
  std::string dir_;
};

// "key=value" or "key" (present with any value) filters against a record's labels.
bool labels_match(const Labels& labels, const std::vector<std::string>& filters);

}  // namespace mocker::engine::state
