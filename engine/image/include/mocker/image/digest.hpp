#pragma once
// Streaming SHA-256, rendered as "sha256:<hex>".
#include <memory>
#include <string>
#include <string_view>

namespace mocker::engine::image {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(const void* data, size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  std::string hex();     // finishes the hash
  std::string digest();  // "sha256:" + hex()

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string sha256_digest(std::string_view data);
// "sha256:abc" -> "abc"
std::string digest_hex(const std::string& digest);

}  // namespace mocker::engine::image
