// Fuzz entry point: any bytes as a compose file on stdin must give a result or
// diagnostics, never a crash, a hang or an exception.
#include <mocker/spec/load.hpp>
#include <mocker/spec/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

// An empty project directory, so that the input decides everything.
const std::string& project_dir() {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mocker-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return tmpl;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mocker::orchestrator::spec;
  LoadOptions options;
  options.files = {"-"};
  options.stdin_content = std::string(reinterpret_cast<const char*>(data), size);
  options.working_dir = project_dir();
  options.environment = {{"HOME", "/nonexistent"}, {"TAG", "1"}, {"EMPTY", ""}};
  options.profiles = {"*"};
  LoadResult result = load_project(options);
  if (result.project) {
    // What loads must also print, and what prints must load again.
    nlohmann::json doc = to_json(*result.project);
    std::string yaml = to_yaml_text(doc);
    to_json_text(doc);
    for (const auto& [name, service] : result.project->services) config_hash(service);
    options.stdin_content = yaml;
    options.project_directory = result.project->working_dir;
    LoadResult again = load_project(options);
    if (!again.project || to_yaml_text(to_json(*again.project)) != yaml) std::abort();
  }
  return 0;
}
