#pragma once
// The image store: images are records in state; their filesystems are
// read-only subvolumes, one per layer chain (layer N = snapshot of N-1 plus
// its diff), named by chain id, so identical layers are stored once.
#include <mocker/image/config.hpp>
#include <mocker/image/reference.hpp>
#include <mocker/state/records.hpp>
#include <mocker/storage/store.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::image {

struct Layer {
  std::string diff_id;   // digest of the uncompressed layer (a tree digest for directories)
  std::string chain_id;  // identity of the filesystem after this layer
};

struct Image {
  std::string id;  // "sha256:<hex>"
  std::vector<std::string> repo_tags;
  std::string created;  // RFC 3339
  std::string architecture = "amd64";
  std::string os = "linux";
  ImageConfig config;
  std::vector<Layer> layers;
  uint64_t size = 0;   // bytes of file content
  std::string source;  // directory | rootfs-tarball | docker-archive | oci-layout
  const std::string& top_chain() const { return layers.back().chain_id; }
};

nlohmann::json image_to_json(const Image& image);
Image image_from_json(const nlohmann::json& j);

// Returns true when a container uses the image (rmi refuses then, unless forced).
using InUse = std::function<bool(const std::string& image_id)>;

class ImageStore {
 public:
  ImageStore(const storage::Store& store, const state::Records& records) : store_(store), records_(records) {}

  // changes: Dockerfile instructions for the new image's config (apply_changes).
  sys::Result<Image> init_from_directory(const std::string& dir, const std::optional<Reference>& tag,
                                         const std::vector<std::string>& changes = {});
  // A plain rootfs tarball (compressed or not), a `docker save` archive, or an
  // OCI layout tarball; changes apply to a rootfs tarball only (the others
  // carry their own config).
  sys::Result<std::vector<Image>> import_archive(const std::string& file, const std::optional<Reference>& tag,
                                                 const std::vector<std::string>& changes = {});
  // import_archive of what fd yields (stdin for `import -` and `load`): the
  // stream is spooled into the store's scratch first, since an archive is
  // read more than once. display names it in errors.
  sys::Result<std::vector<Image>> import_stream(int fd, const std::string& display, const std::optional<Reference>& tag,
                                                const std::vector<std::string>& changes = {});

  sys::Result<std::vector<Image>> list() const;
  // By name[:tag], full id, or unique id prefix (at least 4 hex digits).
  sys::Result<Image> resolve(const std::string& ref_or_id) const;
  sys::Status tag(const std::string& source, const Reference& target);
  // Docker's rmi: untag a name, or delete an image by id; report lines.
  sys::Result<std::vector<std::string>> remove(const std::string& ref_or_id, bool force, const InUse& in_use);

  std::string layer_path(const std::string& chain_id) const;
  // A writable snapshot of the image's filesystem at dest (a container rootfs).
  sys::Status create_rootfs(const Image& image, const std::string& dest) const;

  // A new image whose top layer is a snapshot of rootfs (a container's), on
  // top of base's layers, with the given config.
  sys::Result<Image> commit_rootfs(const std::string& rootfs, const Image& base, const ImageConfig& config,
                                   const std::optional<Reference>& tag);

  // Saves a fully built image: moves its new layer subvolumes from scratch into
  // the store and writes the record, atomically with respect to other commands.
  sys::Result<Image> commit(Image image, const std::string& scratch_layers_dir);

 private:
  sys::Status remove_unreferenced_layers() const;
  sys::Status save_record(Image& image) const;
  const storage::Store& store_;
  const state::Records& records_;
};

}  // namespace mocker::engine::image
