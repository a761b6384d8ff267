#pragma once
// Named volumes: one writable btrfs subvolume each under the store's volumes
// dir, with a record (kind "volumes") written before the subvolume is made and
// removed after it is gone, so a crash never leaves a subvolume nobody knows of.
#include <mocker/state/records.hpp>
#include <mocker/storage/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::volume {

struct VolumeSpec {
  std::string name;
  state::Labels labels;
};

struct Volume {
  std::string name;
  std::string mountpoint;  // the subvolume: what containers bind-mount
  state::Labels labels;
  std::string created;     // RFC 3339
};

// Docker's rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+
bool valid_volume_name(const std::string& name);

class Volumes {
 public:
  Volumes(const storage::Store& store, state::Records records)
      : dir_(store.volumes_dir()), records_(std::move(records)) {}

  // Fails if the name is taken.
  sys::Result<Volume> create(const VolumeSpec& spec);
  // The existing volume of that name, else a new one (what `run -v NAME:/path` does).
  sys::Result<Volume> ensure(const VolumeSpec& spec);
  // Finishes a volume whose record was written but whose subvolume was not
  // (a command killed between the two). No record of that name: nothing to do.
  sys::Status repair(const std::string& name);
  sys::Result<Volume> get(const std::string& name) const;
  // nullopt when there is no volume of that name.
  sys::Result<std::optional<Volume>> find(const std::string& name) const;
  sys::Result<std::vector<Volume>> list() const;
  // Deletes the data. The caller checks that no container uses the volume.
  sys::Status remove(const std::string& name);

 private:
  sys::Result<Volume> create_locked(const VolumeSpec& spec);
  sys::Status finish(const Volume& v);
  std::string path_of(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
  state::Records records_;
};

}  // namespace mocker::engine::volume
