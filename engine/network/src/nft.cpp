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
  decltype(&::nft_ctx_get_output_buffer) nft_ctx_get_output_buffer;
  decltype(&::nft_run_cmd_from_buffer) nft_run_cmd_from_buffer;
};

sys::Result<const Libnftables*> libnftables() {
  static Libnftables api;
  static const sys::Status loaded = sys::load_library(
      MOCKER_LIBNFTABLES_SONAME,
      {MOCKER_LIBRARY_SYMBOL(api, nft_ctx_new), MOCKER_LIBRARY_SYMBOL(api, nft_ctx_free),
       MOCKER_LIBRARY_SYMBOL(api, nft_ctx_buffer_output), MOCKER_LIBRARY_SYMBOL(api, nft_ctx_buffer_error),
       MOCKER_LIBRARY_SYMBOL(api, nft_ctx_get_error_buffer), MOCKER_LIBRARY_SYMBOL(api, nft_ctx_get_output_buffer),
       MOCKER_LIBRARY_SYMBOL(api, nft_run_cmd_from_buffer)});
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

struct FreeContext {
  const Libnftables* nft;
  void operator()(nft_ctx* c) const { nft->nft_ctx_free(c); }
};
using Context = std::unique_ptr<nft_ctx, FreeContext>;

sys::Result<std::pair<const Libnftables*, Context>> new_context(const std::string& what) {
  const Libnftables* nft = MOCKER_TRY(std::move(libnftables()).context(what));
  Context ctx(nft->nft_ctx_new(NFT_CTX_DEFAULT), FreeContext{nft});
  if (!ctx) return sys::Error::from_errno(what, "nftables", ENOMEM);
  nft->nft_ctx_buffer_output(ctx.get());
  nft->nft_ctx_buffer_error(ctx.get());
  return std::pair{nft, std::move(ctx)};
}

}  // namespace

sys::Status apply_nft(const std::string& script) {
  const std::string table = std::string("table ") + kTableFamily + " " + kTableName;
  auto [nft, ctx] = MOCKER_TRY(new_context("apply nftables rules"));
  if (nft->nft_run_cmd_from_buffer(ctx.get(), script.c_str()) != 0)
    return sys::Error::invalid("apply nftables rules", table, first_line(nft->nft_ctx_get_error_buffer(ctx.get())));
  return sys::ok();
}

sys::Result<std::optional<std::string>> list_nft(const std::string& command) {
  auto [nft, ctx] = MOCKER_TRY(new_context("list nftables rules"));
  if (nft->nft_run_cmd_from_buffer(ctx.get(), command.c_str()) != 0) return std::optional<std::string>{};
  const char* out = nft->nft_ctx_get_output_buffer(ctx.get());
  return std::optional<std::string>(out ? out : "");
}

}  // namespace mocker::engine::network
