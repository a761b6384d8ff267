#pragma once
// The digest of a directory tree used as the diff_id of layers made from
// directories (init) and containers (commit): sorted paths, types, modes,
// owners, sizes, link targets and file contents; times are left out, so the
// same tree always gives the same digest.
#include <mocker/image/digest.hpp>
#include <mocker/sys/result.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

namespace mocker::engine::image {

class TreeDigest {
 public:
  // `extra`: a symlink's target, a device's numbers, "link:PATH" for a hard
  // link to an earlier entry, or the hex digest of a regular file's content.
  void add(const std::string& rel, const struct stat& st, const std::string& extra);
  std::string digest() { return hash_.digest(); }

 private:
  Sha256 hash_;
};

// Directory entries in the order the digest walks them.
sys::Result<std::vector<std::string>> sorted_entries(int dirfd, const std::string& display);

// Walks the tree below dirfd (not following symlinks) and returns its digest.
sys::Result<std::string> hash_tree(int dirfd, const std::string& display);

}  // namespace mocker::engine::image
