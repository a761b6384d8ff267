#include <mocker/sys/library.hpp>

#include <dlfcn.h>

namespace mocker::engine::sys {

Status load_library(const char* soname, std::initializer_list<LibrarySymbol> symbols) {
  void* handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    auto e = Error::invalid("load library", soname, why ? why : "dlopen failed");
    e.hint = "install the package that provides " + std::string(soname);
    return e;
  }
  for (const auto& s : symbols) {
    ::dlerror();
    *s.slot = ::dlsym(handle, s.name);
    if (!*s.slot) return Error::invalid("load library", soname, std::string("no symbol ") + s.name);
  }
  return ok();
}

}  // namespace mocker::engine::sys
