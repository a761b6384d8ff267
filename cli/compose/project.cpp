#include "project.hpp"

#include "session.hpp"

#include <mocker/sys/fd.hpp>

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace mocker::cli::compose {

orchestrator::spec::LoadResult load(const GlobalOptions& global, bool interpolate) {
  orchestrator::spec::LoadOptions options;
  options.files = global.files;
  options.project_name = global.project_name;
  options.project_directory = global.project_directory;
  options.profiles = global.profiles;
  options.env_files = global.env_files;
  options.environment = process_environment();
  options.interpolate = interpolate;
  if (std::find(options.files.begin(), options.files.end(), "-") != options.files.end()) {
    auto text = engine::sys::read_all(STDIN_FILENO, "standard input");
    if (!text) {
      orchestrator::spec::LoadResult failed;
      failed.errors.push_back({"-", 0, 0, "", text.error().render()});
      return failed;
    }
    options.stdin_content = std::move(*text);
  }
  return orchestrator::spec::load_project(options);
}

bool report(const orchestrator::spec::LoadResult& result) {
  for (const auto& w : result.warnings) std::cerr << "WARN " << w << '\n';
  for (const auto& e : result.errors) std::cerr << e.render() << '\n';
  return result.errors.empty();
}

}  // namespace mocker::cli::compose
