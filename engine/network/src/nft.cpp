#include "nft.hpp"

#include <mocker/network/nft_rules.hpp>
#include <mocker/sys/library.hpp>

#include <nftables/libnftables.h>

#include <cerrno>
#include <memory>

namespace mocker::engine::network {

namespace {

// libnftables (and the five libraries it pulls in) is opened by the first
// command that changes our table, not linked into every command.
struct Libnftables {
  decltype(&::nft_ctx_new) nft_ctx_new;
  decltype(&::nft_ctx_free) nft_ctx_free;
  decltype(&::nft_ctx_buffer_output) nft_ctx_buffer_output;
  decltype(&::nft_ctx_buffer_error) nft_ctx_buffer_error;
  decltype(&::nft_ctx_get_error_buffer) nft_ctx_get_error_buffer;
  decltype(&::nft_run_cmd_from_buffer) nft_run_cmd_from_buffer;
};

sys::Result<const Libnftables*> libnftables() {
  static Libnftables api;
  static const sys::Status loaded = sys::load_library(
      MOCKER_LIBNFTABLES_SONAME,
      {MOCKER_LIBRARY_SYMBOL(api, nft_ctx_new), MOCKER_LIBRARY_SYMBOL(api, nft_ctx_free),
       MOCKER_LIBRARY_SYMBOL(api, nft_ctx_buffer_output), MOCKER_LIBRARY_SYMBOL(api, nft_ctx_buffer_error),
       MOCKER_LIBRARY_SYMBOL(api, nft_ctx_get_error_buffer), MOCKER_LIBRARY_SYMBOL(api, nft_run_cmd_from_buffer)});
  if (!loaded) return loaded.error();
  return &api;
}

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
  const Libnftables& nft = *MOCKER_TRY(std::move(libnftables()).context("apply nftables rules"));
  auto free_ctx = [&nft](nft_ctx* c) { nft.nft_ctx_free(c); };
  std::unique_ptr<nft_ctx, decltype(free_ctx)> ctx(nft.nft_ctx_new(NFT_CTX_DEFAULT), free_ctx);
  if (!ctx) return sys::Error::from_errno("apply nftables rules", table, ENOMEM);
  nft.nft_ctx_buffer_output(ctx.get());
  nft.nft_ctx_buffer_error(ctx.get());
  if (nft.nft_run_cmd_from_buffer(ctx.get(), script.c_str()) != 0)
    return sys::Error::invalid("apply nftables rules", table, first_line(nft.nft_ctx_get_error_buffer(ctx.get())));
  return sys::ok();
}

}  // namespace mocker::engine::network
