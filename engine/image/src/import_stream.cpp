// import - / load from stdin: the archive is spooled into the store first.
#include <mocker/image/store.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::image {

namespace {

sys::Status spool(int in, int out, const std::string& display, const std::string& path) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys::Error::last("read", display);
    if (n == 0) return sys::ok();
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return sys::Error::last("write", path);
      done += w;
    }
  }
}

}  // namespace

sys::Result<std::vector<Image>> ImageStore::import_stream(int fd, const std::string& display,
                                                          const std::optional<Reference>& tag,
                                                          const std::vector<std::string>& changes) {
  // Bad changes fail before the whole stream is read.
  MOCKER_TRY(std::move(apply_changes({}, changes)).context("import " + display));
  auto scratch = MOCKER_TRY(store_.make_scratch());
  std::string path = scratch.path() + "/archive";
  sys::Fd out = MOCKER_TRY(sys::open_file(path, O_WRONLY | O_CREAT | O_EXCL, 0600));
  MOCKER_TRY(std::move(spool(fd, out.get(), display, path)).context("import " + display));
  out.reset();
  auto images = import_archive(path, tag, changes);
  if (!images) return std::move(images).error().wrap("import " + display);
  return images;
}

}  // namespace mocker::engine::image
