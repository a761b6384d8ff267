// Loading and normalising a generated 500-service compose file that uses anchors,
// merge keys and extends; and printing it as `config` does. Reports medians.
//   bench_spec [--services=N] [--write=FILE] [google benchmark flags]
// --write=FILE only writes the generated file (for the whole-process timing in
// config_bench.sh) and exits.
#include <mocker/spec/load.hpp>
#include <mocker/spec/serialize.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace mocker::orchestrator::spec;

int g_services = 500;

std::string generate(int services) {
  std::string out = R"(name: bench
x-defaults: &defaults
  restart: unless-stopped
  logging:
    driver: json-file
    options: {max-size: 10m, max-file: "3"}
  environment: &env
    TZ: UTC
    LOG_LEVEL: info
  healthcheck:
    test: ["CMD", "wget", "-q", "-O-", "http://localhost/health"]
    interval: 30s
    timeout: 5s
x-limits: &limits
  deploy:
    resources:
      limits: {cpus: "0.5", memory: 256m}
services:
  base:
    <<: [*defaults, *limits]
    image: "busybox:${TAG:-1.36}"
    networks: [back]
    volumes: ["shared:/shared:ro"]
)";
  for (int i = 0; i < services; ++i) {
    std::string n = std::to_string(i);
    out += "  svc" + n + ":\n";
    out += "    extends: base\n";
    out += "    <<: *defaults\n";
    out += "    command: [\"serve\", \"--id\", \"" + n + "\"]\n";
    out += "    ports: [\"" + std::to_string(20000 + i) + ":80\", \"127.0.0.1::9" + std::to_string(i % 10) + "\"]\n";
    out += "    volumes: [\"./data/svc" + n + ":/data\", \"shared:/shared:ro\"]\n";
    out += "    environment:\n      <<: *env\n      INDEX: \"" + n + "\"\n      PEER: svc" + std::to_string((i + 1) % services) + "\n";
    out += "    labels: [\"com.example.index=" + n + "\", \"com.example.group=g" + std::to_string(i % 7) + "\"]\n";
    out += "    networks:\n      back:\n      front:\n        aliases: [\"alias-" + n + "\"]\n";
    if (i > 0 && i % 5 != 0) out += "    depends_on: [svc" + std::to_string(i - 1) + "]\n";
  }
  out += "networks:\n  front: {}\n  back: {internal: true}\nvolumes:\n  shared: {}\n";
  return out;
}

class Project {
 public:
  explicit Project(int services) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mocker-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    dir_ = tmpl;
    std::ofstream(dir_ + "/compose.yaml") << generate(services);
  }
  ~Project() { std::filesystem::remove_all(dir_); }
  LoadOptions options() const {
    LoadOptions o;
    o.working_dir = dir_;
    o.environment = {{"HOME", "/root"}};
    return o;
  }

 private:
  std::string dir_;
};

void BM_LoadAndNormalise(benchmark::State& state) {
  Project project(g_services);
  LoadOptions options = project.options();
  for (auto _ : state) {
    LoadResult r = load_project(options);
    if (!r.project || r.project->services.size() != size_t(g_services) + 1) {
      state.SkipWithError(render(r.errors).c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["services"] = g_services;
}

void BM_LoadAndPrintConfig(benchmark::State& state) {
  Project project(g_services);
  LoadOptions options = project.options();
  for (auto _ : state) {
    LoadResult r = load_project(options);
    if (!r.project) {
      state.SkipWithError(render(r.errors).c_str());
      break;
    }
    std::string text = to_yaml_text(to_json(*r.project));
    for (const auto& [name, s] : r.project->services) benchmark::DoNotOptimize(config_hash(s));
    benchmark::DoNotOptimize(text);
  }
}

BENCHMARK(BM_LoadAndNormalise)->Unit(benchmark::kMillisecond)->Repetitions(10)->ReportAggregatesOnly(true);
BENCHMARK(BM_LoadAndPrintConfig)->Unit(benchmark::kMillisecond)->Repetitions(10)->ReportAggregatesOnly(true);

}  // namespace

int main(int argc, char** argv) {
  std::string write_to;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--services=", 11) == 0) g_services = std::atoi(argv[i] + 11);
    if (std::strncmp(argv[i], "--write=", 8) == 0) write_to = argv[i] + 8;
  }
  if (!write_to.empty()) {
    std::ofstream(write_to) << generate(g_services);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
