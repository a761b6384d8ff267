#include "libarchive.hpp"

#include <mocker/sys/library.hpp>

namespace mocker::engine::image {

sys::Result<const Libarchive*> libarchive() {
  static Libarchive api;
  static const sys::Status loaded = sys::load_library(MOCKER_LIBARCHIVE_SONAME, {
#define MOCKER_LIBARCHIVE_SYMBOL(fn) MOCKER_LIBRARY_SYMBOL(api, fn),
      MOCKER_LIBARCHIVE_FUNCTIONS(MOCKER_LIBARCHIVE_SYMBOL)
#undef MOCKER_LIBARCHIVE_SYMBOL
  });
  if (!loaded) return loaded.error();
  return &api;
}

}  // namespace mocker::engine::image
