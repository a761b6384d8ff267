#pragma once
// Temporary project directories and a short way to load them.
#include <mocker/spec/load.hpp>
#include <mocker/spec/serialize.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace mocker::orchestrator::spec::testing {

class TempProject {
 public:
  TempProject() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mocker-spec-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    root_ = dir_ + "/proj";
    std::filesystem::create_directories(root_);
  }
  ~TempProject() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  // The project directory ("<tmp>/proj").
  const std::string& root() const { return root_; }

  // Writes root()/relative, creating directories.
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(root_) / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  LoadOptions options(std::vector<std::string> files = {}) const {
    LoadOptions o;
    o.files = std::move(files);
    o.working_dir = root_;
    o.environment = {{"HOME", "/home/tester"}};
    return o;
  }

  LoadResult load(std::vector<std::string> files = {}) const { return load_project(options(std::move(files))); }

 private:
  std::string dir_;
  std::string root_;
};

inline std::string errors_of(const LoadResult& r) { return render(r.errors); }

// The loaded project (a copy: callers often pass a temporary result), failing the
// test with the diagnostics if there is none.
inline Project project_of(const LoadResult& r) {
  EXPECT_TRUE(r.project.has_value()) << errors_of(r);
  return r.project ? *r.project : Project{};
}

}  // namespace mocker::orchestrator::spec::testing
