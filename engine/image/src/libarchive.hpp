#pragma once
// libarchive, opened by the first command that reads an archive rather than
// linked into every command (see mocker/sys/library.hpp). Members are named
// like the C functions they hold: la.archive_read_new().
#include <mocker/sys/result.hpp>

#include <archive.h>
#include <archive_entry.h>

namespace mocker::engine::image {

#define MOCKER_LIBARCHIVE_FUNCTIONS(X)                                                          \
  X(archive_read_new) X(archive_read_free) X(archive_read_support_filter_all)                  \
  X(archive_read_support_format_raw) X(archive_read_support_format_tar)                        \
  X(archive_read_support_format_gnutar) X(archive_read_open) X(archive_read_open_fd)           \
  X(archive_read_next_header) X(archive_read_data) X(archive_read_data_block)                  \
  X(archive_read_data_skip) X(archive_set_error) X(archive_error_string) X(archive_errno)       \
  X(archive_entry_pathname) X(archive_entry_hardlink) X(archive_entry_symlink)                 \
  X(archive_entry_filetype) X(archive_entry_perm) X(archive_entry_uid) X(archive_entry_gid)    \
  X(archive_entry_size) X(archive_entry_rdevmajor) X(archive_entry_rdevminor)                  \
  X(archive_entry_atime) X(archive_entry_atime_nsec) X(archive_entry_atime_is_set)             \
  X(archive_entry_mtime) X(archive_entry_mtime_nsec) X(archive_entry_xattr_reset)              \
  X(archive_entry_xattr_next)                                                                  \
  X(archive_write_new) X(archive_write_free) X(archive_write_close)                            \
  X(archive_write_set_format_pax_restricted) X(archive_write_open_fd) X(archive_write_header)   \
  X(archive_write_data) X(archive_entry_new) X(archive_entry_free) X(archive_entry_clear)      \
  X(archive_entry_copy_stat) X(archive_entry_set_pathname) X(archive_entry_set_symlink)

struct Libarchive {
#define MOCKER_LIBARCHIVE_MEMBER(fn) decltype(&::fn) fn = nullptr;
  MOCKER_LIBARCHIVE_FUNCTIONS(MOCKER_LIBARCHIVE_MEMBER)
#undef MOCKER_LIBARCHIVE_MEMBER
};

// Loads it on the first call; later calls return the same table (or error).
sys::Result<const Libarchive*> libarchive();

}  // namespace mocker::engine::image
