#pragma once
// Path operations confined to a root directory: every lookup resolves as if
// the root were "/" (openat2 RESOLVE_IN_ROOT), so neither "..", absolute
// symlinks nor hard links can reach outside it.
#include <mocker/sys/fd.hpp>

#include <string>
#include <vector>

namespace mocker::engine::image {

// Splits an archive entry name into components. Leading "/" and "./" are
// dropped (confined); a ".." component is refused.
sys::Result<std::vector<std::string>> split_entry_path(const std::string& name);
std::string join(const std::vector<std::string>& parts, size_t count);

// Opens directory `parts[0..count)` under root, creating missing ones (0755).
sys::Result<sys::Fd> open_dir_in_root(int root_fd, const std::vector<std::string>& parts, size_t count,
                                      bool create);

// Removes name (recursively if a directory) inside dirfd. Missing is fine.
sys::Status remove_at(int dirfd, const std::string& name, const std::string& display);

// Removes every child of dirfd whose name is not in `keep`.
sys::Status clear_dir_except(int dirfd, const std::vector<std::string>& keep, const std::string& display);

}  // namespace mocker::engine::image
