#pragma once
// A temp directory tree standing in for cgroupfs: the tests create the files the
// kernel would show in each group, run the module against the tree, and read
// back what it wrote. The module appends rather than truncates, so every write
// to a file is one line of it here.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mocker::test {

class FakeCgroupfs {
 public:
  FakeCgroupfs() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "unit-cgroup-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    EXPECT_FALSE(root_.empty()) << "mkdtemp " << tmpl;
  }
  ~FakeCgroupfs() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FakeCgroupfs(const FakeCgroupfs&) = delete;
  FakeCgroupfs& operator=(const FakeCgroupfs&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }

  // A group directory with its files, as the kernel populates it on mkdir.
  void group(const std::string& rel, const std::map<std::string, std::string>& files) {
    std::filesystem::create_directories(path(rel));
    for (const auto& [name, content] : files) std::ofstream(path(rel + "/" + name)) << content;
  }
  void write(const std::string& rel, const std::string& content) { std::ofstream(path(rel)) << content; }

  bool exists(const std::string& rel) const { return std::filesystem::exists(path(rel)); }

  std::vector<std::string> lines(const std::string& rel) const {
    std::ifstream in(path(rel));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  // The value the kernel would hold: the last write.
  std::string last(const std::string& rel) const {
    auto all = lines(rel);
    return all.empty() ? std::string() : all.back();
  }

 private:
  std::string root_;
};

}  // namespace mocker::test
