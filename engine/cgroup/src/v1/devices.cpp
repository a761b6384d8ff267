// cgroup v1 devices: deny everything, then allow docker's default set, so a
// container cannot read or write a raw disk even with a device node for it.
#include "../cgroupfs.hpp"
#include "v1.hpp"

namespace mocker::engine::cgroup::v1 {

const std::vector<std::string_view>& default_device_rules() {
  static const std::vector<std::string_view> rules = {
      "c *:* m",      // mknod of any char device (opening it is what counts)
      "b *:* m",      // mknod of any block device
      "c 1:3 rwm",    // null
      "c 1:5 rwm",    // zero
      "c 1:7 rwm",    // full
      "c 1:8 rwm",    // random
      "c 1:9 rwm",    // urandom
      "c 5:0 rwm",    // tty
      "c 5:1 rwm",    // console
      "c 5:2 rwm",    // ptmx
      "c 136:* rwm",  // pts
  };
  return rules;
}

sys::Status restrict_devices(const std::string& dir) {
  MOCKER_TRY(cgfs::write(dir, "devices.deny", "a"));
  for (auto rule : default_device_rules()) MOCKER_TRY(cgfs::write(dir, "devices.allow", rule));
  return sys::ok();
}

}  // namespace mocker::engine::cgroup::v1
