#include <mocker/image/digest.hpp>

// Nettle rather than OpenSSL: a SHA-256 is all we need, nettle's is a few
// kilobytes linked statically, and libcrypto would cost every command its
// loading time (libarchive already depends on nettle).
#include <nettle/sha2.h>
#undef sha256_init  // nettle's short names are macros; ours would be renamed
#undef sha256_update
#undef sha256_digest

namespace mocker::engine::image {

struct Sha256::State {
  sha256_ctx ctx;
};

Sha256::Sha256() : state_(std::make_unique<State>()) { nettle_sha256_init(&state_->ctx); }
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, size_t size) {
  nettle_sha256_update(&state_->ctx, size, static_cast<const uint8_t*>(data));
}

std::string Sha256::hex() {
  uint8_t md[SHA256_DIGEST_SIZE];
  nettle_sha256_digest(&state_->ctx, sizeof md, md);
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < sizeof md; ++i) {
    out += digits[md[i] >> 4];
    out += digits[md[i] & 15];
  }
  return out;
}

std::string Sha256::digest() { return "sha256:" + hex(); }

std::string sha256_digest(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.digest();
}

std::string digest_hex(const std::string& digest) {
  auto colon = digest.find(':');
  return colon == std::string::npos ? digest : digest.substr(colon + 1);
}

}  // namespace mocker::engine::image
