#pragma once
// Cuts a stream of output into log records: one per line, or one per full buffer
// when a line grows too long; what is left at the end is flushed as is.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::init {

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_record = 16 * 1024) : max_(max_record) {}

  // Complete lines keep their '\n'; a chunk of max_record bytes without one is
  // returned as it is (the next record continues it).
  std::vector<std::string> feed(std::string_view bytes);

  // The partial line held back, if any.
  std::optional<std::string> flush();

 private:
  size_t max_;
  std::string pending_;
};

}  // namespace mocker::engine::init
