// The healthcheck state machine as tables: the config a compose file yields,
// what to run, probe sequences, the probe log, probe timing and JSON forms.
#include "supervisor_test_util.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace mocker::orchestrator::supervisor {
namespace {

using namespace std::chrono_literals;
using testing::CaseName;
using Strings = std::vector<std::string>;

// ---- config from the compose file --------------------------------------------

struct ConfigCase {
  std::string name;
  std::string yaml;  // service body, indented by four spaces
  std::optional<HealthConfig> config;
};
void PrintTo(const ConfigCase& c, std::ostream* os) { *os << c.name; }

class ConfigFromService : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(ConfigFromService, ReadsTheHealthcheck) {
  EXPECT_EQ(health_config(testing::load_service(GetParam().yaml)), GetParam().config);
}

const Strings kCurl = {"CMD-SHELL", "curl -f http://localhost/ || exit 1"};

INSTANTIATE_TEST_SUITE_P(Forms, ConfigFromService, ::testing::Values(
    ConfigCase{"Unset", "", std::nullopt},
    ConfigCase{"None", "    healthcheck:\n      test: [\"NONE\"]\n", std::nullopt},
    ConfigCase{"Disabled", "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      disable: true\n", std::nullopt},
    ConfigCase{"DisabledAlone", "    healthcheck:\n      disable: true\n", std::nullopt},
    ConfigCase{"NoTest", "    healthcheck:\n      interval: 10s\n", std::nullopt},
    ConfigCase{"StringIsShell", "    healthcheck:\n      test: curl -f http://localhost/ || exit 1\n", HealthConfig{.test = kCurl}},
    ConfigCase{"Cmd", "    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"app\"]\n",
               HealthConfig{.test = {"CMD", "pg_isready", "-U", "app"}}},
    ConfigCase{"CmdShell", "    healthcheck:\n      test: [\"CMD-SHELL\", \"exit 0\"]\n", HealthConfig{.test = {"CMD-SHELL", "exit 0"}}}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(Settings, ConfigFromService, ::testing::Values(
    ConfigCase{"Defaults", "    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
               HealthConfig{.test = {"CMD", "true"}, .interval = 30s, .timeout = 30s, .start_period = 0s,
                            .start_interval = 5s, .retries = 3, .restart_unhealthy = false}},
    ConfigCase{"AllSet",
               "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10s\n      timeout: 2s\n"
               "      start_period: 1m\n      start_interval: 500ms\n      retries: 5\n",
               HealthConfig{.test = {"CMD", "true"}, .interval = 10s, .timeout = 2s, .start_period = 60s,
                            .start_interval = 500ms, .retries = 5}},
    ConfigCase{"ZeroTakesDefaults",
               "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 0s\n      timeout: 0s\n"
               "      start_period: 0s\n      start_interval: 0s\n      retries: 0\n",
               HealthConfig{.test = {"CMD", "true"}}},
    ConfigCase{"RestartUnhealthy", "    healthcheck: {test: [\"CMD\", \"true\"]}\n    x-mocker: {restart_unhealthy: true}\n",
               HealthConfig{.test = {"CMD", "true"}, .restart_unhealthy = true}},
    ConfigCase{"RestartUnhealthyFalse", "    healthcheck: {test: [\"CMD\", \"true\"]}\n    x-mocker: {restart_unhealthy: false}\n",
               HealthConfig{.test = {"CMD", "true"}}},
    ConfigCase{"RestartUnhealthyNotABoolean",
               "    healthcheck: {test: [\"CMD\", \"true\"]}\n    x-mocker: {restart_unhealthy: \"yes\"}\n",
               HealthConfig{.test = {"CMD", "true"}}},
    ConfigCase{"XMockerScalar", "    healthcheck: {test: [\"CMD\", \"true\"]}\n    x-mocker: 1\n", HealthConfig{.test = {"CMD", "true"}}},
    ConfigCase{"OtherExtension", "    healthcheck: {test: [\"CMD\", \"true\"]}\n    x-other: {restart_unhealthy: true}\n",
               HealthConfig{.test = {"CMD", "true"}}}),
    CaseName{});

// ---- what runs in the container ------------------------------------------------

struct ArgvCase {
  std::string name;
  Strings test;
  Strings argv;
};
void PrintTo(const ArgvCase& c, std::ostream* os) { *os << c.name; }

class ProbeArgv : public ::testing::TestWithParam<ArgvCase> {};

TEST_P(ProbeArgv, FollowsTheTestForm) {
  EXPECT_EQ(probe_argv(HealthConfig{.test = GetParam().test}), GetParam().argv);
}

INSTANTIATE_TEST_SUITE_P(Forms, ProbeArgv, ::testing::Values(
    ArgvCase{"Cmd", {"CMD", "pg_isready", "-U", "app"}, {"pg_isready", "-U", "app"}},
    ArgvCase{"CmdShell", kCurl, {"/bin/sh", "-c", "curl -f http://localhost/ || exit 1"}},
    ArgvCase{"CmdShellWordsAreJoined", {"CMD-SHELL", "test", "-f /ready"}, {"/bin/sh", "-c", "test -f /ready"}},
    ArgvCase{"CmdWithoutArgs", {"CMD"}, {}},
    ArgvCase{"CmdShellWithoutCommand", {"CMD-SHELL"}, {}},
    ArgvCase{"UnknownForm", {"EXEC", "true"}, {}},
    ArgvCase{"Empty", {}, {}}),
    CaseName{});

// ---- the state machine -----------------------------------------------------------

ProbeResult probe(int exit_code, bool timed_out = false, std::string output = "") {
  return {exit_code, timed_out, std::move(output), "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z"};
}

struct ProbeStep {
  int exit_code;
  bool timed_out;
  Millis since_start;
  HealthStatus status;  // expected afterwards
  int64_t streak;
  bool changed;
};

struct MachineCase {
  std::string name;
  HealthConfig config;
  std::vector<ProbeStep> steps;
};
void PrintTo(const MachineCase& c, std::ostream* os) { *os << c.name; }

class Machine : public ::testing::TestWithParam<MachineCase> {};

TEST_P(Machine, MovesThroughTheSteps) {
  const MachineCase& c = GetParam();
  HealthState state;
  for (size_t i = 0; i < c.steps.size(); ++i) {
    SCOPED_TRACE("probe #" + std::to_string(i + 1));
    const ProbeStep& s = c.steps[i];
    EXPECT_EQ(record_probe(state, c.config, probe(s.exit_code, s.timed_out), s.since_start), s.changed);
    EXPECT_EQ(state.status, s.status);
    EXPECT_EQ(state.failing_streak, s.streak);
  }
}

constexpr auto kStarting = HealthStatus::starting;
constexpr auto kHealthy = HealthStatus::healthy;
constexpr auto kUnhealthy = HealthStatus::unhealthy;
const HealthConfig kDefault{.test = {"CMD", "true"}};
const HealthConfig kRetries1{.test = {"CMD", "true"}, .retries = 1};
const HealthConfig kRetries0{.test = {"CMD", "true"}, .retries = 0};
const HealthConfig kRetries2{.test = {"CMD", "true"}, .retries = 2};
const HealthConfig kStartPeriod{.test = {"CMD", "true"}, .start_period = 60s};

INSTANTIATE_TEST_SUITE_P(Retries, Machine, ::testing::Values(
    MachineCase{"FirstPassIsHealthy", kDefault, {{0, false, 30s, kHealthy, 0, true}}},
    MachineCase{"FailuresBelowRetriesStayStarting", kDefault, {
        {1, false, 30s, kStarting, 1, false},
        {1, false, 60s, kStarting, 2, false}}},
    MachineCase{"ThirdFailureIsUnhealthy", kDefault, {
        {1, false, 30s, kStarting, 1, false},
        {1, false, 60s, kStarting, 2, false},
        {1, false, 90s, kUnhealthy, 3, true},
        {1, false, 120s, kUnhealthy, 4, false}}},
    MachineCase{"OneRetry", kRetries1, {{1, false, 30s, kUnhealthy, 1, true}}},
    MachineCase{"ZeroRetriesMeansThree", kRetries0, {
        {1, false, 30s, kStarting, 1, false},
        {1, false, 60s, kStarting, 2, false},
        {1, false, 90s, kUnhealthy, 3, true}}},
    MachineCase{"TimeoutFailsEvenWithExitZero", kRetries1, {{0, true, 30s, kUnhealthy, 1, true}}},
    MachineCase{"AnyNonZeroExitFails", kRetries1, {{2, false, 30s, kUnhealthy, 1, true}}},
    MachineCase{"HealthyToUnhealthy", kDefault, {
        {0, false, 30s, kHealthy, 0, true},
        {1, false, 60s, kHealthy, 1, false},
        {1, false, 90s, kHealthy, 2, false},
        {1, false, 120s, kUnhealthy, 3, true}}},
    MachineCase{"PassClearsTheStreak", kDefault, {
        {1, false, 30s, kStarting, 1, false},
        {1, false, 60s, kStarting, 2, false},
        {0, false, 90s, kHealthy, 0, true},
        {1, false, 120s, kHealthy, 1, false},
        {1, false, 150s, kHealthy, 2, false}}},
    MachineCase{"RecoversFromUnhealthy", kRetries2, {
        {1, false, 30s, kStarting, 1, false},
        {1, false, 60s, kUnhealthy, 2, true},
        {0, false, 90s, kHealthy, 0, true},
        {1, false, 120s, kHealthy, 1, false},
        {1, false, 150s, kUnhealthy, 2, true}}}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(StartPeriod, Machine, ::testing::Values(
    MachineCase{"FailuresInsideDoNotCount", kStartPeriod, {
        {1, false, 5s, kStarting, 0, false},
        {1, false, 10s, kStarting, 0, false},
        {1, true, 59999ms, kStarting, 0, false},
        {1, false, 60s, kStarting, 1, false},
        {1, false, 90s, kStarting, 2, false},
        {1, false, 120s, kUnhealthy, 3, true}}},
    MachineCase{"PassInsideIsHealthy", kStartPeriod, {
        {1, false, 5s, kStarting, 0, false},
        {0, false, 10s, kHealthy, 0, true}}},
    // As in Docker, the grace is for a container still starting: once healthy,
    // a failure counts even inside the start period.
    MachineCase{"FailureAfterHealthyCounts", kStartPeriod, {
        {0, false, 5s, kHealthy, 0, true},
        {1, false, 10s, kHealthy, 1, false},
        {1, false, 15s, kHealthy, 2, false},
        {1, false, 20s, kUnhealthy, 3, true}}}),
    CaseName{});

TEST(ProbeLog, KeepsTheLastFive) {
  HealthState state;
  for (int i = 0; i < 7; ++i) record_probe(state, kDefault, probe(i % 2, false, "p" + std::to_string(i)), 30s);
  ASSERT_EQ(state.log.size(), kProbeLogLength);
  Strings outputs;
  for (const auto& p : state.log) outputs.push_back(p.output);
  EXPECT_EQ(outputs, (Strings{"p2", "p3", "p4", "p5", "p6"}));
  EXPECT_EQ(state.log.back().exit_code, 0);
  EXPECT_EQ(state.log.front().exit_code, 0);
  EXPECT_EQ(state.log[1].exit_code, 1);
}

struct OutputCase {
  std::string name;
  std::string output;
  std::string kept;
};
void PrintTo(const OutputCase& c, std::ostream* os) { *os << c.name; }

class ProbeOutput : public ::testing::TestWithParam<OutputCase> {};

TEST_P(ProbeOutput, IsCutToTheLimit) {
  HealthState state;
  record_probe(state, kDefault, probe(0, false, GetParam().output), 30s);
  ASSERT_EQ(state.log.size(), 1u);
  EXPECT_EQ(state.log.front().output, GetParam().kept);
  EXPECT_NO_THROW((void)to_json(state).dump());  // no half character left behind
}

std::string as(size_t n) { return std::string(n, 'a'); }
const std::string kE = "\xC3\xA9";              // é, 2 bytes
const std::string kEuro = "\xE2\x82\xAC";       // €, 3 bytes
const std::string kSmile = "\xF0\x9F\x98\x80";  // 4 bytes

INSTANTIATE_TEST_SUITE_P(Limit, ProbeOutput, ::testing::Values(
    OutputCase{"Short", "ready\n", "ready\n"},
    OutputCase{"Empty", "", ""},
    OutputCase{"ExactlyTheLimit", as(kProbeOutputLimit), as(kProbeOutputLimit)},
    OutputCase{"OverTheLimit", as(5000), as(kProbeOutputLimit)},
    OutputCase{"WholeTwoByteCharacterAtTheEnd", as(4094) + kE + "zz", as(4094) + kE},
    OutputCase{"SplitTwoByteCharacterIsDropped", as(4095) + kE + "zz", as(4095)},
    OutputCase{"WholeThreeByteCharacterAtTheEnd", as(4093) + kEuro + "z", as(4093) + kEuro},
    OutputCase{"SplitThreeByteCharacterIsDropped", as(4094) + kEuro, as(4094)},
    OutputCase{"SplitFourByteCharacterIsDropped", as(4093) + kSmile, as(4093)}),
    CaseName{});

// ---- when the next probe is due --------------------------------------------------

struct TimingCase {
  std::string name;
  HealthStatus status;
  HealthConfig config;
  Millis since_start;
  Millis next;
};
void PrintTo(const TimingCase& c, std::ostream* os) { *os << c.name; }

class NextProbe : public ::testing::TestWithParam<TimingCase> {};

TEST_P(NextProbe, UsesStartIntervalOnlyWhileStarting) {
  const TimingCase& c = GetParam();
  HealthState state;
  state.status = c.status;
  EXPECT_EQ(next_probe_in(state, c.config, c.since_start), c.next);
}

const HealthConfig kFastStart{.test = {"CMD", "true"}, .interval = 20s, .start_period = 60s, .start_interval = 2s};

INSTANTIATE_TEST_SUITE_P(Timing, NextProbe, ::testing::Values(
    TimingCase{"StartingAtStart", kStarting, kFastStart, 0s, 2s},
    TimingCase{"StartingInsideStartPeriod", kStarting, kFastStart, 59999ms, 2s},
    TimingCase{"StartingAtTheEndOfStartPeriod", kStarting, kFastStart, 60s, 20s},
    TimingCase{"HealthyInsideStartPeriod", kHealthy, kFastStart, 10s, 20s},
    TimingCase{"UnhealthyInsideStartPeriod", kUnhealthy, kFastStart, 10s, 20s},
    TimingCase{"NoStartPeriod", kStarting, kDefault, 0s, 30s}),
    CaseName{});

TEST(HealthName, NamesEachStatus) {
  EXPECT_EQ(health_name(kStarting), "starting");
  EXPECT_EQ(health_name(kHealthy), "healthy");
  EXPECT_EQ(health_name(kUnhealthy), "unhealthy");
}

// ---- JSON ---------------------------------------------------------------------------

TEST(HealthConfigJson, RoundTrips) {
  const std::vector<HealthConfig> configs = {
      kDefault, kFastStart, HealthConfig{.test = kCurl, .timeout = 3s, .retries = 7, .restart_unhealthy = true}};
  for (const HealthConfig& c : configs) {
    EXPECT_EQ(health_config_from_json(to_json(c)), c);
    EXPECT_EQ(health_config_from_json(nlohmann::json::parse(to_json(c).dump())), c);
  }
  EXPECT_EQ(to_json(kFastStart), (nlohmann::json{{"test", {"CMD", "true"}},
                                                 {"interval_ms", 20000},
                                                 {"timeout_ms", 30000},
                                                 {"start_period_ms", 60000},
                                                 {"start_interval_ms", 2000},
                                                 {"retries", 3},
                                                 {"restart_unhealthy", false}}));
}

TEST(HealthConfigJson, MissingOrMistypedKeysTakeDefaults) {
  EXPECT_EQ(health_config_from_json(nlohmann::json::object()), HealthConfig{});
  EXPECT_EQ(health_config_from_json(nullptr), HealthConfig{});
  EXPECT_EQ(health_config_from_json({{"test", {"CMD", 1, "x"}}, {"retries", "5"}, {"restart_unhealthy", 1}}),
            (HealthConfig{.test = {"CMD", "x"}}));
}

TEST(HealthStateJson, RoundTrips) {
  HealthState state;
  record_probe(state, kRetries1, probe(1, true, "timed out"), 30s);
  record_probe(state, kRetries1, probe(0, false, "ok"), 60s);
  const nlohmann::json j = to_json(state);
  EXPECT_EQ(health_state_from_json(j), state);
  EXPECT_EQ(health_state_from_json(nlohmann::json::parse(j.dump())), state);
  EXPECT_EQ(j.at("status"), "healthy");
  EXPECT_EQ(j.at("failing_streak"), 0);
  EXPECT_EQ(j.at("log").at(0), (nlohmann::json{{"start", "2024-01-01T00:00:00Z"},
                                               {"end", "2024-01-01T00:00:01Z"},
                                               {"exit_code", 1},
                                               {"timed_out", true},
                                               {"output", "timed out"}}));
  state.status = kUnhealthy;
  state.failing_streak = 9;
  EXPECT_EQ(health_state_from_json(to_json(state)), state);
}

TEST(HealthStateJson, MissingOrMistypedKeysTakeDefaults) {
  EXPECT_EQ(health_state_from_json(nlohmann::json::object()), HealthState{});
  EXPECT_EQ(health_state_from_json(nullptr), HealthState{});
  EXPECT_EQ(health_state_from_json({{"status", "bogus"}, {"failing_streak", "2"}}), HealthState{});
}

TEST(HealthStateJson, KeepsOnlyTheLastFiveProbes) {
  nlohmann::json log = nlohmann::json::array();
  for (int i = 0; i < 8; ++i) log.push_back({{"exit_code", i}});
  HealthState state = health_state_from_json({{"status", "unhealthy"}, {"log", log}});
  EXPECT_EQ(state.status, kUnhealthy);
  ASSERT_EQ(state.log.size(), kProbeLogLength);
  EXPECT_EQ(state.log.front().exit_code, 3);
  EXPECT_EQ(state.log.back().exit_code, 7);
}

}  // namespace
}  // namespace mocker::orchestrator::supervisor
