#include "stream.hpp"

#include <unistd.h>

#include <cerrno>

namespace mocker::engine::image {

TarStream::~TarStream() {
  if (tar_) la_->archive_read_free(tar_);
  if (raw_) la_->archive_read_free(raw_);
}

la_ssize_t TarStream::read_raw(struct archive* a, void* self, const void** buf) {
  auto* s = static_cast<TarStream*>(self);
  for (;;) {
    ssize_t n = ::read(s->file_.get(), s->file_buf_, sizeof s->file_buf_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      s->la_->archive_set_error(a, errno, "read %s", s->display_.c_str());
      return -1;
    }
    s->blob_hash_.update(s->file_buf_, static_cast<size_t>(n));
    *buf = s->file_buf_;
    return n;
  }
}

la_ssize_t TarStream::read_tar(struct archive* a, void* self, const void** buf) {
  auto* s = static_cast<TarStream*>(self);
  const Libarchive& la = *s->la_;
  la_ssize_t n = la.archive_read_data(s->raw_, s->tar_buf_, sizeof s->tar_buf_);
  if (n < 0) {
    s->raw_failed_ = true;
    la.archive_set_error(a, la.archive_errno(s->raw_), "%s", la.archive_error_string(s->raw_));
    return -1;
  }
  s->tar_hash_.update(s->tar_buf_, static_cast<size_t>(n));
  *buf = s->tar_buf_;
  return n;
}

sys::Result<std::unique_ptr<TarStream>> TarStream::open(sys::Fd file, std::string display) {
  const Libarchive& la = *MOCKER_TRY(libarchive());
  std::unique_ptr<TarStream> s(new TarStream);
  s->la_ = &la;
  s->file_ = std::move(file);
  s->display_ = std::move(display);
  s->raw_ = la.archive_read_new();
  la.archive_read_support_filter_all(s->raw_);
  la.archive_read_support_format_raw(s->raw_);
  if (la.archive_read_open(s->raw_, s.get(), nullptr, &TarStream::read_raw, nullptr) != ARCHIVE_OK)
    return sys::Error::invalid("open archive", s->display_, la.archive_error_string(s->raw_));
  struct archive_entry* e;
  int rc = la.archive_read_next_header(s->raw_, &e);
  if (rc == ARCHIVE_EOF) return sys::Error::invalid("open archive", s->display_, "empty file");
  if (rc < ARCHIVE_WARN) return sys::Error::invalid("open archive", s->display_, la.archive_error_string(s->raw_));

  s->tar_ = la.archive_read_new();
  la.archive_read_support_format_tar(s->tar_);
  la.archive_read_support_format_gnutar(s->tar_);
  if (la.archive_read_open(s->tar_, s.get(), nullptr, &TarStream::read_tar, nullptr) != ARCHIVE_OK)
    return sys::Error::invalid("open tar", s->display_, la.archive_error_string(s->tar_));
  return s;
}

sys::Status TarStream::finish() {
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = la_->archive_read_data(raw_, buf, sizeof buf);
    if (n < 0) return sys::Error::invalid("read archive", display_, la_->archive_error_string(raw_));
    if (n == 0) break;
    tar_hash_.update(buf, static_cast<size_t>(n));
  }
  // Whatever the decompressor did not need still belongs to the blob.
  for (;;) {
    ssize_t n = ::read(file_.get(), file_buf_, sizeof file_buf_);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    blob_hash_.update(file_buf_, static_cast<size_t>(n));
  }
  blob_digest_ = blob_hash_.digest();
  diff_id_ = tar_hash_.digest();
  return sys::ok();
}

}  // namespace mocker::engine::image
