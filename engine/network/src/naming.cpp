#include "naming.hpp"

#include <sys/random.h>

#include <cctype>
#include <cerrno>
#include <ctime>

namespace mocker::engine::network {

sys::Result<std::string> random_id() {
  unsigned char bytes[32];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) return sys::Error::last("getrandom", "");
  static const char* digits = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += digits[b >> 4];
    id += digits[b & 0xf];
  }
  return id;
}

std::string bridge_name(const std::string& network_id) { return kBridgePrefix + network_id.substr(0, 8); }

std::string veth_name(const std::string& container_id, const std::string& network_id) {
  return kVethPrefix + container_id.substr(0, 6) + network_id.substr(0, 6);
}

sys::Status check_network_name(const std::string& name) {
  auto ok_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; };
  bool valid = !name.empty() && std::isalnum(static_cast<unsigned char>(name[0])) && name.size() <= 128;
  for (char c : name) valid = valid && ok_char(c);
  if (!valid) return sys::Error::invalid("check network name", name, "must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
  return sys::ok();
}

sys::Status check_container_id(const std::string& id) {
  bool valid = id.size() >= 12;
  for (char c : id) valid = valid && std::isxdigit(static_cast<unsigned char>(c));
  if (!valid) return sys::Error::invalid("check container id", id, "expected at least 12 hex digits");
  return sys::ok();
}

std::string now_rfc3339() {
  timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  tm utc;
  ::gmtime_r(&ts.tv_sec, &utc);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%09ldZ", ts.tv_nsec);
  return std::string(buf) + frac;
}

}  // namespace mocker::engine::network
