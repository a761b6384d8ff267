// mocker commit: a container's filesystem becomes the top layer of a new image.
#include "builder.hpp"
#include "tree_digest.hpp"

#include <mocker/image/digest.hpp>
#include <mocker/image/store.hpp>
#include <mocker/storage/subvolume.hpp>
#include <mocker/sys/fd.hpp>

#include <fcntl.h>

namespace mocker::engine::image {

sys::Result<Image> ImageStore::commit_rootfs(const std::string& rootfs, const Image& base, const ImageConfig& config,
                                             const std::optional<Reference>& tag) {
  auto scratch = MOCKER_TRY(store_.make_scratch());
  LayerBuilder builder(*this, scratch.path());
  MOCKER_TRY(builder.prepare());
  // Snapshot first: the digest and the layer then describe one instant, even
  // if the container keeps writing.
  std::string work = builder.dir() + "/commit";
  MOCKER_TRY(storage::snapshot(rootfs, work, storage::Access::writable));
  sys::Fd dir = MOCKER_TRY(sys::open_file(work, O_RDONLY | O_DIRECTORY));
  std::string diff = MOCKER_TRY(hash_tree(dir.get(), rootfs));
  dir.reset();

  Image image;
  image.layers = base.layers;
  std::string chain = chain_id(base.layers.empty() ? "" : base.top_chain(), diff);
  image.layers.push_back({diff, chain});
  MOCKER_TRY(builder.finish(work, chain));
  image.architecture = base.architecture;
  image.os = base.os;
  image.config = config;
  image.size = base.size;
  image.source = "commit";
  image.created = now_rfc3339();
  nlohmann::json diff_ids = nlohmann::json::array();
  for (const auto& l : image.layers) diff_ids.push_back(l.diff_id);
  nlohmann::json doc = {{"architecture", image.architecture}, {"os", image.os}, {"config", config_to_json(config)},
                        {"created", image.created}, {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  image.id = sha256_digest(doc.dump());
  if (tag) image.repo_tags.push_back(tag->str());
  return commit(std::move(image), builder.dir());
}

}  // namespace mocker::engine::image
