#pragma once
// Image references: [registry[:port]/]name[:tag][@sha256:hex], as Docker reads them.
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::image {

struct Reference {
  std::string name;    // "busybox", "library/busybox", "127.0.0.1:5000/busybox"
  std::string tag;     // "latest" when none was given and there is no digest
  std::string digest;  // "sha256:..." or empty

  // "name:tag" (or "name@digest"): the form stored in an image's repo_tags.
  std::string str() const;
};

// Parses and validates; the error says what is wrong with which part.
sys::Result<Reference> parse_reference(const std::string& text);

// True for "sha256:<64 hex>" and for a bare 64-hex id.
bool is_full_id(const std::string& text);

}  // namespace mocker::engine::image
