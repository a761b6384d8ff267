#include <mocker/init/capabilities.hpp>

#include <sys/capability.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace mocker::engine::init {

namespace {

CapSet bit(int cap) { return CapSet{1} << cap; }

bool is_all(std::string_view name) {
  return name.size() == 3 && std::toupper(name[0]) == 'A' && std::toupper(name[1]) == 'L' &&
         std::toupper(name[2]) == 'L';
}

bool contains_all(const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(), [](const std::string& n) { return is_all(n); });
}

struct CapFree {
  void operator()(cap_t c) const { cap_free(c); }
};

}  // namespace

CapSet default_capabilities() {
  static constexpr int kDefaults[] = {CAP_CHOWN,  CAP_DAC_OVERRIDE, CAP_FSETID,           CAP_FOWNER,
                                      CAP_MKNOD,  CAP_NET_RAW,      CAP_SETGID,           CAP_SETUID,
                                      CAP_SETFCAP, CAP_SETPCAP,     CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
                                      CAP_KILL,   CAP_AUDIT_WRITE};
  CapSet set = 0;
  for (int c : kDefaults) set |= bit(c);
  return set;
}

sys::Result<int> capability_number(std::string_view name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!lower.starts_with("cap_")) lower = "cap_" + lower;
  cap_value_t value;
  if (cap_from_name(lower.c_str(), &value) != 0 || value < 0 || value > 63)
    return sys::Error::invalid("capability", std::string(name), "unknown capability");
  return static_cast<int>(value);
}

sys::Result<CapSet> capability_set(const std::vector<std::string>& cap_add,
                                   const std::vector<std::string>& cap_drop, int last_cap) {
  CapSet all = last_cap >= 63 ? ~CapSet{0} : bit(last_cap + 1) - 1;
  CapSet set = contains_all(cap_add) ? all : default_capabilities();
  if (contains_all(cap_drop)) set = 0;
  for (const auto& name : cap_drop) {
    if (is_all(name)) continue;
    set &= ~bit(MOCKER_TRY(capability_number(name)));
  }
  for (const auto& name : cap_add) {
    if (is_all(name)) continue;
    int cap = MOCKER_TRY(capability_number(name));
    if (cap > last_cap)
      return sys::Error::invalid("capability", name, "not supported by the running kernel");
    set |= bit(cap);
  }
  return set & all;
}

std::string capability_names(CapSet set) {
  std::string out;
  for (int c = 0; c < 64; ++c) {
    if (!(set & bit(c))) continue;
    std::unique_ptr<char, decltype(&cap_free)> name(cap_to_name(c), &cap_free);
    if (!out.empty()) out += ',';
    std::string n = name ? name.get() : std::to_string(c);
    for (char& ch : n) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out += n;
  }
  return out;
}

int last_capability() { return static_cast<int>(cap_max_bits()) - 1; }

sys::Status limit_bounding_set(CapSet set) {
  int last = last_capability();
  for (int c = 0; c <= last; ++c) {
    if (set & bit(c)) continue;
    if (::prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0)
      return sys::Error::last("drop from bounding set", capability_names(bit(c)));
  }
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
    return sys::Error::last("clear ambient capabilities", "");
  return sys::ok();
}

sys::Status set_capabilities(CapSet set, bool root) {
  std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree> caps(cap_init());
  if (!caps) return sys::Error::last("allocate capability state", "");
  if (root) {
    std::vector<cap_value_t> values;
    for (int c = 0; c < 64; ++c)
      if (set & bit(c)) values.push_back(c);
    int n = static_cast<int>(values.size());
    if (n > 0 && (cap_set_flag(caps.get(), CAP_EFFECTIVE, n, values.data(), CAP_SET) != 0 ||
                  cap_set_flag(caps.get(), CAP_PERMITTED, n, values.data(), CAP_SET) != 0))
      return sys::Error::last("build capability state", capability_names(set));
  }
  if (cap_set_proc(caps.get()) != 0) return sys::Error::last("set capabilities", capability_names(set));
  return sys::ok();
}

}  // namespace mocker::engine::init
