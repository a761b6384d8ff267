#include "supervisor_test_util.hpp"

#include <mocker/spec/load.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace mocker::orchestrator::supervisor::testing {

spec::Service load_service(const std::string& body) {
  spec::LoadOptions options;
  options.files = {"-"};
  options.stdin_content = "services:\n  s:\n    image: busybox\n" + body;
  options.project_name = "sup";
  options.project_directory = std::filesystem::temp_directory_path().string();
  options.working_dir = options.project_directory;
  spec::LoadResult result = spec::load_project(options);
  EXPECT_TRUE(result.ok()) << spec::render(result.errors) << "\n" << *options.stdin_content;
  if (!result.project || !result.project->services.count("s")) return {};
  return result.project->services.at("s");
}

}  // namespace mocker::orchestrator::supervisor::testing
