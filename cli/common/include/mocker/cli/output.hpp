#pragma once
// Rendering for humans: aligned tables, sizes and ages as Docker shows them.
#include <cstdint>
#include <string>
#include <vector>

namespace mocker::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// 1234567 -> "1.23MB" (decimal units, like docker)
std::string human_size(uint64_t bytes);
// An RFC 3339 time -> "5 minutes ago"
std::string human_age(const std::string& rfc3339);
// "sha256:abcdef..." -> "abcdef012345" (12 hex digits)
std::string short_id(const std::string& id);
// Our init runs from the host's path ("/usr/libexec/mocker/mocker-init start"):
// its command line shows as "mocker-init start", other commands unchanged.
std::string short_init_command(const std::string& command);

}  // namespace mocker::cli
