#pragma once
// Applying one layer (a tar stream read through libarchive) onto a rootfs.
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <string>

namespace mocker::engine::image {

class TarStream;

struct LayerStats {
  uint64_t entries = 0;
  uint64_t bytes = 0;  // regular file content written
};

// Applies every entry of the stream's tar under rootfs_dir: whiteouts (.wh.NAME,
// .wh..wh..opq) remove lower content; all paths are confined to the rootfs.
sys::Result<LayerStats> apply_layer(TarStream& stream, const std::string& rootfs_dir,
                                    const std::string& display_name);

}  // namespace mocker::engine::image
