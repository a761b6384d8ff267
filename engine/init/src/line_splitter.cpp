#include <mocker/init/line_splitter.hpp>

namespace mocker::engine::init {

std::vector<std::string> LineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> out;
  while (!bytes.empty()) {
    size_t room = max_ - pending_.size();
    size_t nl = bytes.substr(0, room).find('\n');
    if (nl != std::string_view::npos) {
      pending_.append(bytes.substr(0, nl + 1));
      bytes.remove_prefix(nl + 1);
      out.push_back(std::move(pending_));
      pending_.clear();
      continue;
    }
    size_t take = bytes.size() < room ? bytes.size() : room;
    pending_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (pending_.size() == max_) {
      out.push_back(std::move(pending_));
      pending_.clear();
    }
  }
  return out;
}

std::optional<std::string> LineSplitter::flush() {
  if (pending_.empty()) return std::nullopt;
  std::string out = std::move(pending_);
  pending_.clear();
  return out;
}

}  // namespace mocker::engine::init
