#pragma once
// Shared libraries that only some commands need (libarchive for imports,
// libnftables for published ports) are opened on first use instead of being
// linked: every linked library costs every command its loading and
// relocation, and `mocker run` needs none of them. systemd loads its
// optional libraries the same way.
#include <mocker/sys/result.hpp>

#include <initializer_list>

namespace mocker::engine::sys {

// A symbol to resolve and where to store its address.
struct LibrarySymbol {
  const char* name;
  void** slot;
};

// Opens SONAME (once per process; the handle is never closed) and fills every
// slot. The error names the library or the missing symbol and says which
// package provides it.
Status load_library(const char* soname, std::initializer_list<LibrarySymbol> symbols);

}  // namespace mocker::engine::sys

// A LibrarySymbol for the function pointer member FN of API, named like the
// C function it holds: MOCKER_LIBRARY_SYMBOL(api, archive_read_new).
#define MOCKER_LIBRARY_SYMBOL(api, fn) \
  ::mocker::engine::sys::LibrarySymbol { #fn, reinterpret_cast<void**>(&(api).fn) }
