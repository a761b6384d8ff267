#pragma once
#include <mocker/sys/result.hpp>

namespace mocker::engine::init {

// Brings `lo` up in the current network namespace (needed even with no network).
sys::Status bring_loopback_up();

}  // namespace mocker::engine::init
