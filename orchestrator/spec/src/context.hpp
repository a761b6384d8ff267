#pragma once
// State shared by the stages of one load: the files read, the problems found.
#include "tree.hpp"

#include <mocker/spec/diagnostic.hpp>
#include <mocker/spec/interpolate.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mocker::orchestrator::spec::detail {

struct Source {
  std::string display;   // name used in diagnostics
  std::string path;      // absolute path, or "-" for stdin
  std::string base_dir;  // what relative paths in this file are relative to
};

// Caps that keep any input, however hostile, from exhausting time or memory.
struct Limits {
  static constexpr size_t max_file_bytes = 8 << 20;
  static constexpr size_t max_nodes = 200000;  // per file, after alias expansion
  static constexpr int max_depth = 100;        // nesting of mappings and sequences
  static constexpr int max_chain = 32;         // extends and include chains
  static constexpr int max_file_loads = 256;   // files read through include and extends
  static constexpr size_t max_extends_nodes = 2 * max_nodes;  // copied from bases by extends
};

using EnvMap = std::map<std::string, std::string>;

class LoadContext {
 public:
  int add_source(std::string display, std::string path, std::string base_dir);
  const Source& source(int index) const { return sources_.at(static_cast<size_t>(index)); }
  const Source* source_of(const Mark& mark) const;

  void error(const Mark& at, const std::string& path, std::string message);
  void error_in(const std::string& file, std::string message);
  void add(Diagnostic d) { errors_.push_back(std::move(d)); }
  void warn(std::string message);  // each distinct warning once
  size_t error_count() const { return errors_.size(); }

  Diagnostics take_errors();
  std::vector<std::string> take_warnings() { return std::move(warnings_); }

  // How diagnostics name a file: relative to the working directory when inside it.
  std::string display(const std::string& path) const;

  // Counts a file read through include or extends; false (and an error at `at`) once
  // a project reads more than Limits::max_file_loads of them.
  bool count_file_load(const Mark& at, const std::string& path);

  std::string cwd;
  std::string home;  // for "~" in paths
  std::map<std::string, VariableRef> variables;

 private:
  std::vector<Source> sources_;
  Diagnostics errors_;
  std::vector<std::string> warnings_;
  std::set<std::string> warned_;
  int file_loads_ = 0;
};

}  // namespace mocker::orchestrator::spec::detail
