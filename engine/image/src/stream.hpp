#pragma once
// Reading a possibly compressed tar file while hashing both the bytes on disk
// (the blob digest) and the uncompressed tar stream (the layer's diff_id).
#include "libarchive.hpp"

#include <mocker/image/digest.hpp>
#include <mocker/sys/fd.hpp>

#include <memory>
#include <string>

namespace mocker::engine::image {

class TarStream {
 public:
  // `file` is an open regular file; display names it in errors.
  static sys::Result<std::unique_ptr<TarStream>> open(sys::Fd file, std::string display);
  ~TarStream();

  struct archive* tar() { return tar_; }
  // The library tar() belongs to.
  const Libarchive& library() const { return *la_; }
  // Reads whatever the tar reader left (end padding) and finishes both hashes.
  sys::Status finish();
  const std::string& blob_digest() const { return blob_digest_; }
  const std::string& diff_id() const { return diff_id_; }

 private:
  TarStream() = default;
  static la_ssize_t read_raw(struct archive*, void* self, const void** buf);
  static la_ssize_t read_tar(struct archive*, void* self, const void** buf);

  const Libarchive* la_ = nullptr;
  sys::Fd file_;
  std::string display_;
  struct archive* raw_ = nullptr;  // decompression only
  struct archive* tar_ = nullptr;  // tar parsing on top of raw_
  Sha256 blob_hash_;
  Sha256 tar_hash_;
  std::string blob_digest_, diff_id_;
  char file_buf_[1 << 16];
  char tar_buf_[1 << 16];
  bool raw_failed_ = false;
};

}  // namespace mocker::engine::image
