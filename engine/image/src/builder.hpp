#pragma once
// Building new layers in a scratch directory before ImageStore::commit moves
// them into the store. Layer N starts as a writable snapshot of layer N-1.
#include <mocker/image/store.hpp>

#include <optional>
#include <string>

namespace mocker::engine::image {

std::string chain_id(const std::string& parent_chain, const std::string& diff_id);
std::string now_rfc3339();

class LayerBuilder {
 public:
  LayerBuilder(const ImageStore& store, std::string scratch) : store_(store), dir_(std::move(scratch) + "/layers") {}
  sys::Status prepare();
  bool exists(const std::string& chain) const;
  // A writable subvolume holding the parent's files (empty without a parent).
  sys::Result<std::string> begin(const std::string& parent_chain);
  // Seals the layer read-only under its chain id.
  sys::Status finish(const std::string& work, const std::string& chain);
  const std::string& dir() const { return dir_; }

 private:
  std::string path_of(const std::string& chain) const;
  const ImageStore& store_;
  std::string dir_;
  int counter_ = 0;
};

}  // namespace mocker::engine::image
