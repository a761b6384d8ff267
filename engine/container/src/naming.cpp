#include "naming.hpp"

#include <sys/random.h>

#include <cerrno>
#include <random>
#include <regex>

namespace mocker::engine::container {

namespace {
std::mt19937_64& rng() {
  static thread_local std::mt19937_64 r{std::random_device{}()};
  return r;
}
}  // namespace

std::string new_container_id() {
  static const char* hex = "0123456789abcdef";
  std::string id;
  unsigned char bytes[32] = {};
  for (size_t got = 0; got < sizeof bytes;) {  // the kernel's generator: no descriptor to leak
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n > 0) got += static_cast<size_t>(n);
    else if (errno != EINTR) bytes[got++] = static_cast<unsigned char>(rng()());
  }
  for (unsigned char b : bytes) {
    id += hex[b >> 4];
    id += hex[b & 15];
  }
  return id;
}

std::string generate_name() {
  static const char* adjectives[] = {"brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen",
                                     "lucid", "merry", "nifty", "quiet", "rapid", "sharp", "tidy", "vivid"};
  static const char* names[] = {"babbage", "curie", "dijkstra", "euler", "fermat", "gauss", "hopper", "knuth",
                                "lamport", "lovelace", "noether", "pascal", "ritchie", "shannon", "turing", "wirth"};
  auto& r = rng();
  return std::string(adjectives[r() % std::size(adjectives)]) + "_" + names[r() % std::size(names)];
}

bool valid_name(const std::string& name) { return !name.empty() && check_name(name).ok(); }

sys::Status check_name(const std::string& name) {
  if (name.empty()) return sys::ok();  // one is generated
  if (name.size() > kMaxNameLength)
    return sys::Error::invalid("create container", name.substr(0, 32) + "...",
                               "invalid name: at most " + std::to_string(kMaxNameLength) + " characters, got " +
                                   std::to_string(name.size()));
  static const std::regex re("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  if (!std::regex_match(name, re))
    return sys::Error::invalid("create container", name, "invalid name: use [a-zA-Z0-9][a-zA-Z0-9_.-]*");
  return sys::ok();
}

}  // namespace mocker::engine::container
