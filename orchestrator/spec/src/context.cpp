#include "context.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

namespace mocker::orchestrator::spec::detail {

int LoadContext::add_source(std::string display, std::string path, std::string base_dir) {
  sources_.push_back(Source{std::move(display), std::move(path), std::move(base_dir)});
  return static_cast<int>(sources_.size() - 1);
}

const Source* LoadContext::source_of(const Mark& mark) const {
  if (mark.source < 0 || static_cast<size_t>(mark.source) >= sources_.size()) return nullptr;
  return &sources_[static_cast<size_t>(mark.source)];
}

std::string LoadContext::display(const std::string& path) const {
  if (cwd.empty() || path.empty() || path[0] != '/') return path;
  std::string rel = std::filesystem::path(path).lexically_relative(cwd).string();
  if (rel.empty() || rel.rfind("..", 0) == 0) return path;
  return rel;
}

void LoadContext::error(const Mark& at, const std::string& path, std::string message) {
  Diagnostic d;
  if (const Source* s = source_of(at)) {
    d.file = s->display;
    d.line = at.line;
    d.col = at.col;
  }
  d.path = path;
  d.message = std::move(message);
  errors_.push_back(std::move(d));
}

void LoadContext::error_in(const std::string& file, std::string message) {
  errors_.push_back(Diagnostic{file, 0, 0, "", std::move(message)});
}

bool LoadContext::count_file_load(const Mark& at, const std::string& path) {
  if (++file_loads_ <= Limits::max_file_loads) return true;
  if (file_loads_ == Limits::max_file_loads + 1)
    error(at, path, "more than " + std::to_string(Limits::max_file_loads) + " files read through include and extends");
  return false;
}

void LoadContext::warn(std::string message) {
  if (warned_.insert(message).second) warnings_.push_back(std::move(message));
}

Diagnostics LoadContext::take_errors() {
  // Files in the order their first problem was found; positions in order within a file.
  std::map<std::string, size_t> rank;
  for (const auto& d : errors_) rank.emplace(d.file, rank.size());
  std::stable_sort(errors_.begin(), errors_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(rank[a.file], a.line, a.col) < std::make_tuple(rank[b.file], b.line, b.col);
  });
  Diagnostics out = std::move(errors_);
  errors_.clear();
  // The same problem can be reached twice (e.g. a file both included and extended).
  Diagnostics unique;
  std::set<std::string> seen;
  for (auto& d : out)
    if (seen.insert(d.render()).second) unique.push_back(std::move(d));
  return unique;
}

}  // namespace mocker::orchestrator::spec::detail
