#pragma once
// A pseudo-terminal from the container's own devpts (/dev/ptmx after the mount
// namespace is the container's): the workload gets the terminal side.
#include <mocker/init/user.hpp>
#include <mocker/sys/fd.hpp>

#include <cstdint>

namespace mocker::engine::init {

struct Pty {
  sys::Fd master, terminal;
};

// The terminal side belongs to the workload's user, like a login's.
sys::Result<Pty> open_pty(const Credentials& owner);

// Sets the size the workload sees first; 0 rows or columns leave it unset.
sys::Status set_window_size(const Pty& pty, uint16_t rows, uint16_t cols);

}  // namespace mocker::engine::init
