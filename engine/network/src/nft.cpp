#include "nft.hpp"

#include <mocker/network/nft_rules.hpp>

#include <nftables/libnftables.h>

#include <cerrno>
#include <memory>

namespace mocker::engine::network {

namespace {

struct CtxFree { void operator()(nft_ctx* c) const { nft_ctx_free(c); } };

// libnftables echoes the failing command with carets under it; the first
// line says what went wrong.
std::string first_line(const char* text) {
  std::string s = text ? text : "";
  s = s.substr(0, s.find('\n'));
  if (s.starts_with("Error: ")) s = s.substr(7);
  return s.empty() ? "nftables refused the rules" : s;
}

}  // namespace

sys::Status apply_nft(const std::string& script) {
  const std::string table = std::string("table ") + kTableFamily + " " + kTableName;
  std::unique_ptr<nft_ctx, CtxFree> ctx(nft_ctx_new(NFT_CTX_DEFAULT));
  if (!ctx) return sys::Error::from_errno("apply nftables rules", table, ENOMEM);
  nft_ctx_buffer_output(ctx.get());
  nft_ctx_buffer_error(ctx.get());
  if (nft_run_cmd_from_buffer(ctx.get(), script.c_str()) != 0)
    return sys::Error::invalid("apply nftables rules", table, first_line(nft_ctx_get_error_buffer(ctx.get())));
  return sys::ok();
}

}  // namespace mocker::engine::network
