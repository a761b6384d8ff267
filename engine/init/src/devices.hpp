#pragma once
// A minimal /dev: a tmpfs with the host's harmless device nodes bound in, a
// private devpts, /dev/shm, /dev/mqueue and the usual symlinks.
#include <mocker/sys/result.hpp>

namespace mocker::engine::init {

sys::Status mount_dev(int root_fd);

}  // namespace mocker::engine::init
