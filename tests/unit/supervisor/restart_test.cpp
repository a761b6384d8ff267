// Restart decisions as tables: one exit, sequences of exits fed back through
// `next`, the rule a compose file yields, and the JSON forms.
#include "supervisor_test_util.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace mocker::orchestrator::supervisor {
namespace {

using namespace std::chrono_literals;
using testing::CaseName;
using When = RestartRule::When;

RestartRule rule(When when, std::optional<int64_t> max = {}, std::optional<Millis> delay = {},
                 std::optional<Millis> window = {}) {
  return {when, max, delay, window};
}

ExitFacts exited(int code, Millis ran_for = 1s) { return {code, false, ran_for}; }
ExitFacts stopped(int code) { return {code, true, 1s}; }

const RestartHistory kFresh{};

// ---- one exit --------------------------------------------------------------

struct DecisionCase {
  std::string name;
  RestartRule rule;
  ExitFacts exit;
  RestartHistory history;
  bool restart;
  Millis delay;
  std::string reason;
  RestartHistory next;
};
void PrintTo(const DecisionCase& c, std::ostream* os) { *os << c.name; }

class Decision : public ::testing::TestWithParam<DecisionCase> {};

TEST_P(Decision, FollowsThePolicy) {
  const DecisionCase& c = GetParam();
  RestartDecision d = decide_restart(c.rule, c.exit, c.history);
  EXPECT_EQ(d.restart, c.restart);
  EXPECT_EQ(d.delay, c.delay);
  EXPECT_EQ(d.reason, c.reason);
  EXPECT_EQ(d.next, c.next);
}

const RestartHistory kBusy{4, 4, 800ms};

INSTANTIATE_TEST_SUITE_P(Policies, Decision, ::testing::Values(
    DecisionCase{"NoOnFailure", rule(When::never), exited(1), kFresh, false, 0ms, "no restart policy", kFresh},
    DecisionCase{"NoOnCleanExit", rule(When::never), exited(0), kFresh, false, 0ms, "no restart policy", kFresh},
    DecisionCase{"AlwaysOnCleanExit", rule(When::always), exited(0), kFresh, true, 100ms, "always: exit code 0", {1, 1, 100ms}},
    DecisionCase{"AlwaysOnFailure", rule(When::always), exited(1), kFresh, true, 100ms, "always: exit code 1", {1, 1, 100ms}},
    DecisionCase{"UnlessStoppedOnCleanExit", rule(When::unless_stopped), exited(0), kFresh, true, 100ms,
                 "unless-stopped: exit code 0", {1, 1, 100ms}},
    DecisionCase{"UnlessStoppedOnSignal", rule(When::unless_stopped), exited(137), kFresh, true, 100ms,
                 "unless-stopped: exit code 137", {1, 1, 100ms}},
    DecisionCase{"OnFailureOnFailure", rule(When::on_failure), exited(1), kFresh, true, 100ms, "on-failure: exit code 1", {1, 1, 100ms}},
    DecisionCase{"OnFailureOnSignal", rule(When::on_failure), exited(143), kFresh, true, 100ms, "on-failure: exit code 143", {1, 1, 100ms}},
    DecisionCase{"OnFailureOnCleanExit", rule(When::on_failure), exited(0), kFresh, false, 0ms,
                 "on-failure: exit code 0 is not a failure", kFresh}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(ManualStop, Decision, ::testing::Values(
    DecisionCase{"Always", rule(When::always), stopped(0), kBusy, false, 0ms, "stopped by user", kBusy},
    DecisionCase{"UnlessStopped", rule(When::unless_stopped), stopped(143), kBusy, false, 0ms, "stopped by user", kBusy},
    DecisionCase{"OnFailureKilled", rule(When::on_failure), stopped(137), kBusy, false, 0ms, "stopped by user", kBusy},
    DecisionCase{"DeployAnyWithDelay", rule(When::always, 10, 5s, 30s), stopped(1), kBusy, false, 0ms, "stopped by user", kBusy},
    DecisionCase{"No", rule(When::never), stopped(1), kBusy, false, 0ms, "stopped by user", kBusy}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(MaxAttempts, Decision, ::testing::Values(
    DecisionCase{"SecondOfThree", rule(When::on_failure, 3), exited(1), {1, 1, 100ms}, true, 200ms,
                 "on-failure: exit code 1, attempt 2 of 3", {2, 2, 200ms}},
    DecisionCase{"LastOfThree", rule(When::on_failure, 3), exited(1), {2, 2, 200ms}, true, 400ms,
                 "on-failure: exit code 1, attempt 3 of 3", {3, 3, 400ms}},
    DecisionCase{"Exhausted", rule(When::on_failure, 3), exited(1), {3, 3, 400ms}, false, 0ms,
                 "on-failure: exit code 1, gave up after 3 attempts", {3, 3, 400ms}},
    DecisionCase{"CleanExitIsNotAnAttempt", rule(When::on_failure, 3), exited(0), {3, 3, 400ms}, false, 0ms,
                 "on-failure: exit code 0 is not a failure", {3, 3, 400ms}},
    DecisionCase{"DeployAnyExhausted", rule(When::always, 2), exited(0), {2, 2, 200ms}, false, 0ms,
                 "always: exit code 0, gave up after 2 attempts", {2, 2, 200ms}},
    DecisionCase{"CountAndAttemptsAreSeparate", rule(When::on_failure, 3), exited(1), {7, 1, 100ms}, true, 200ms,
                 "on-failure: exit code 1, attempt 2 of 3", {8, 2, 200ms}}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(DeployDelay, Decision, ::testing::Values(
    DecisionCase{"ReplacesTheBackoff", rule(When::on_failure, {}, 5s), exited(1), {3, 3, 60s}, true, 5s,
                 "on-failure: exit code 1", {4, 4, 5s}},
    DecisionCase{"ZeroRestartsAtOnce", rule(When::always, {}, 0ms), exited(0), kFresh, true, 0ms, "always: exit code 0", {1, 1, 0ms}},
    DecisionCase{"StableRunDoesNotReset", rule(When::always, {}, 5s), exited(0, 1h), {3, 3, 5s}, true, 5s,
                 "always: exit code 0", {4, 4, 5s}}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(DeployWindow, Decision, ::testing::Values(
    DecisionCase{"QuickFailureCounts", rule(When::on_failure, 2, {}, 30s), exited(1, 29s), {2, 2, 200ms}, false, 0ms,
                 "on-failure: exit code 1, gave up after 2 attempts", {2, 2, 200ms}},
    DecisionCase{"RunOfExactlyTheWindowForgives", rule(When::on_failure, 2, {}, 30s), exited(1, 30s), {2, 2, 200ms}, true,
                 100ms, "on-failure: exit code 1, attempt 1 of 2", {3, 1, 100ms}},
    DecisionCase{"LongRunForgives", rule(When::on_failure, 2, 2s, 30s), exited(1, 1h), {9, 2, 2s}, true, 2s,
                 "on-failure: exit code 1, attempt 1 of 2", {10, 1, 2s}},
    DecisionCase{"NoWindowNeverForgives", rule(When::on_failure, 2), exited(1, 1h), {2, 2, 200ms}, false, 0ms,
                 "on-failure: exit code 1, gave up after 2 attempts", {2, 2, 200ms}},
    DecisionCase{"WindowWithoutMaxOnlyCounts", rule(When::always, {}, {}, 30s), exited(3), {5, 5, 100ms}, true, 200ms,
                 "always: exit code 3", {6, 6, 200ms}}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(Backoff, Decision, ::testing::Values(
    DecisionCase{"StartsAt100ms", rule(When::always), exited(1), kFresh, true, 100ms, "always: exit code 1", {1, 1, 100ms}},
    DecisionCase{"Doubles", rule(When::always), exited(1, 2s), {3, 3, 400ms}, true, 800ms, "always: exit code 1", {4, 4, 800ms}},
    DecisionCase{"CappedAtOneMinute", rule(When::always), exited(1), {10, 10, 51200ms}, true, 60s, "always: exit code 1", {11, 11, 60s}},
    DecisionCase{"StaysAtTheCap", rule(When::always), exited(1), {11, 11, 60s}, true, 60s, "always: exit code 1", {12, 12, 60s}},
    DecisionCase{"ResetsAfterTenSeconds", rule(When::always), exited(1, 10s), {7, 7, 6400ms}, true, 100ms, "always: exit code 1",
                 {8, 8, 100ms}},
    DecisionCase{"NoResetJustUnderTenSeconds", rule(When::always), exited(1, 9999ms), {7, 7, 6400ms}, true, 12800ms,
                 "always: exit code 1", {8, 8, 12800ms}}),
    CaseName{});

// ---- sequences: each decision's `next` is the following exit's history ------

struct Step {
  ExitFacts exit;
  bool restart;
  Millis delay;
  int64_t restart_count;
  int64_t attempts;
};

struct SequenceCase {
  std::string name;
  RestartRule rule;
  std::vector<Step> steps;
};
void PrintTo(const SequenceCase& c, std::ostream* os) { *os << c.name; }

class Sequence : public ::testing::TestWithParam<SequenceCase> {};

TEST_P(Sequence, FeedsTheHistoryBack) {
  const SequenceCase& c = GetParam();
  RestartHistory history;
  for (size_t i = 0; i < c.steps.size(); ++i) {
    SCOPED_TRACE("exit #" + std::to_string(i + 1));
    const Step& s = c.steps[i];
    RestartDecision d = decide_restart(c.rule, s.exit, history);
    EXPECT_EQ(d.restart, s.restart);
    EXPECT_EQ(d.delay, s.delay);
    EXPECT_EQ(d.next.restart_count, s.restart_count);
    EXPECT_EQ(d.next.attempts, s.attempts);
    history = d.next;
  }
}

INSTANTIATE_TEST_SUITE_P(Exits, Sequence, ::testing::Values(
    SequenceCase{"CrashLoopBacksOffToTheCapThenResets", rule(When::always), {
        {exited(1), true, 100ms, 1, 1},
        {exited(1), true, 200ms, 2, 2},
        {exited(1), true, 400ms, 3, 3},
        {exited(1), true, 800ms, 4, 4},
        {exited(1), true, 1600ms, 5, 5},
        {exited(1), true, 3200ms, 6, 6},
        {exited(1), true, 6400ms, 7, 7},
        {exited(1), true, 12800ms, 8, 8},
        {exited(1), true, 25600ms, 9, 9},
        {exited(1), true, 51200ms, 10, 10},
        {exited(1), true, 60s, 11, 11},
        {exited(1), true, 60s, 12, 12},
        {exited(0, 10s), true, 100ms, 13, 13},
        {exited(1), true, 200ms, 14, 14},
    }},
    SequenceCase{"OnFailureThreeGivesUpOnTheFourth", rule(When::on_failure, 3), {
        {exited(1), true, 100ms, 1, 1},
        {exited(2), true, 200ms, 2, 2},
        {exited(1, 1h), true, 100ms, 3, 3},
        {exited(1), false, 0ms, 3, 3},
    }},
    SequenceCase{"OnFailureStopsAtACleanExit", rule(When::on_failure), {
        {exited(1), true, 100ms, 1, 1},
        {exited(0), false, 0ms, 1, 1},
    }},
    SequenceCase{"ManualStopKeepsTheHistory", rule(When::unless_stopped), {
        {exited(1), true, 100ms, 1, 1},
        {stopped(0), false, 0ms, 1, 1},
        {exited(1), true, 200ms, 2, 2},
    }},
    SequenceCase{"DeployWindowGivesUpAfterQuickFailures", rule(When::on_failure, 2, 1s, 10s), {
        {exited(1), true, 1s, 1, 1},
        {exited(1, 9s), true, 1s, 2, 2},
        {exited(1), false, 0ms, 2, 2},
    }},
    SequenceCase{"DeployWindowForgivesAfterAStableRun", rule(When::on_failure, 2, 1s, 10s), {
        {exited(1), true, 1s, 1, 1},
        {exited(1), true, 1s, 2, 2},
        {exited(1, 10s), true, 1s, 3, 1},
        {exited(1), true, 1s, 4, 2},
        {exited(1), false, 0ms, 4, 2},
    }}),
    CaseName{});

// ---- the rule a compose file asks for ---------------------------------------

struct RuleCase {
  std::string name;
  std::string yaml;  // service body, indented by four spaces
  RestartRule rule;
  std::string text;  // describe()
};
void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class RuleFromService : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleFromService, ReadsRestartAndDeploy) {
  const RuleCase& c = GetParam();
  RestartRule r = restart_rule(testing::load_service(c.yaml));
  EXPECT_EQ(r, c.rule);
  EXPECT_EQ(describe(r), c.text);
}

INSTANTIATE_TEST_SUITE_P(Restart, RuleFromService, ::testing::Values(
    RuleCase{"Unset", "", rule(When::never), "no"},
    RuleCase{"No", "    restart: \"no\"\n", rule(When::never), "no"},
    RuleCase{"Always", "    restart: always\n", rule(When::always), "always"},
    RuleCase{"UnlessStopped", "    restart: unless-stopped\n", rule(When::unless_stopped), "unless-stopped"},
    RuleCase{"OnFailure", "    restart: on-failure\n", rule(When::on_failure), "on-failure"},
    RuleCase{"OnFailureThree", "    restart: on-failure:3\n", rule(When::on_failure, 3), "on-failure:3"},
    RuleCase{"OnFailureZeroIsUnlimited", "    restart: on-failure:0\n", rule(When::on_failure), "on-failure"}),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(Deploy, RuleFromService, ::testing::Values(
    RuleCase{"None", "    deploy: {restart_policy: {condition: none}}\n", rule(When::never), "no"},
    RuleCase{"Any", "    deploy: {restart_policy: {condition: any}}\n", rule(When::always), "always"},
    RuleCase{"ConditionDefaultsToAny", "    deploy: {restart_policy: {max_attempts: 2}}\n", rule(When::always, 2),
             "always (deploy: 2 attempts)"},
    RuleCase{"OnFailureMaxOnly", "    deploy: {restart_policy: {condition: on-failure, max_attempts: 2}}\n",
             rule(When::on_failure, 2), "on-failure:2"},
    RuleCase{"Everything",
             "    deploy:\n      restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s, window: 30s}\n",
             rule(When::on_failure, 3, 5s, 30s), "on-failure (deploy: 3 attempts, delay 5s, window 30s)"},
    RuleCase{"DelayInMilliseconds", "    deploy: {restart_policy: {delay: 1500ms}}\n", rule(When::always, {}, 1500ms),
             "always (deploy: delay 1500ms)"},
    RuleCase{"ZeroDelayIsKept", "    deploy: {restart_policy: {delay: 0s}}\n", rule(When::always, {}, 0ms),
             "always (deploy: delay 0s)"},
    RuleCase{"ZeroWindowIsNone", "    deploy: {restart_policy: {window: 0s}}\n", rule(When::always), "always"},
    RuleCase{"ZeroMaxIsUnlimited", "    deploy: {restart_policy: {condition: on-failure, max_attempts: 0}}\n",
             rule(When::on_failure), "on-failure"},
    RuleCase{"DeployWinsOverRestart", "    restart: \"no\"\n    deploy: {restart_policy: {condition: any}}\n",
             rule(When::always), "always"},
    RuleCase{"DeployWinsOverRestartsOwnMax",
             "    restart: on-failure:1\n    deploy: {restart_policy: {condition: on-failure}}\n",
             rule(When::on_failure), "on-failure"}),
    CaseName{});

// ---- JSON --------------------------------------------------------------------

struct RuleJsonCase {
  std::string name;
  RestartRule rule;
  nlohmann::json json;
};
void PrintTo(const RuleJsonCase& c, std::ostream* os) { *os << c.name; }

class RuleJson : public ::testing::TestWithParam<RuleJsonCase> {};

TEST_P(RuleJson, RoundTrips) {
  const RuleJsonCase& c = GetParam();
  EXPECT_EQ(to_json(c.rule), c.json);
  EXPECT_EQ(restart_rule_from_json(c.json), c.rule);
  EXPECT_EQ(restart_rule_from_json(nlohmann::json::parse(to_json(c.rule).dump())), c.rule);
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleJson, ::testing::Values(
    RuleJsonCase{"No", rule(When::never), {{"when", "no"}}},
    RuleJsonCase{"Always", rule(When::always), {{"when", "always"}}},
    RuleJsonCase{"UnlessStopped", rule(When::unless_stopped), {{"when", "unless-stopped"}}},
    RuleJsonCase{"OnFailureThree", rule(When::on_failure, 3), {{"when", "on-failure"}, {"max_attempts", 3}}},
    RuleJsonCase{"Deploy", rule(When::on_failure, 3, 5s, 30s),
                 {{"when", "on-failure"}, {"max_attempts", 3}, {"delay_ms", 5000}, {"window_ms", 30000}}},
    RuleJsonCase{"ZeroDelay", rule(When::always, {}, 0ms), {{"when", "always"}, {"delay_ms", 0}}}),
    CaseName{});

struct TolerantRuleCase {
  std::string name;
  nlohmann::json json;
  RestartRule rule;
};
void PrintTo(const TolerantRuleCase& c, std::ostream* os) { *os << c.name; }

class TolerantRuleJson : public ::testing::TestWithParam<TolerantRuleCase> {};

TEST_P(TolerantRuleJson, TakesDefaults) {
  EXPECT_EQ(restart_rule_from_json(GetParam().json), GetParam().rule);
}

INSTANTIATE_TEST_SUITE_P(Rules, TolerantRuleJson, ::testing::Values(
    TolerantRuleCase{"Empty", nlohmann::json::object(), rule(When::never)},
    TolerantRuleCase{"Null", nullptr, rule(When::never)},
    TolerantRuleCase{"Array", nlohmann::json::array({1, 2}), rule(When::never)},
    TolerantRuleCase{"UnknownWhen", {{"when", "sometimes"}}, rule(When::never)},
    TolerantRuleCase{"MistypedMax", {{"when", "on-failure"}, {"max_attempts", "3"}}, rule(When::on_failure)},
    TolerantRuleCase{"OnlyDelay", {{"delay_ms", 250}}, rule(When::never, {}, 250ms)}),
    CaseName{});

TEST(HistoryJson, RoundTrips) {
  const std::vector<RestartHistory> histories = {kFresh, {1, 1, 100ms}, {42, 3, 60s}};
  for (const RestartHistory& h : histories) {
    EXPECT_EQ(restart_history_from_json(to_json(h)), h);
    EXPECT_EQ(restart_history_from_json(nlohmann::json::parse(to_json(h).dump())), h);
  }
  EXPECT_EQ(to_json(RestartHistory{42, 3, 60s}),
            (nlohmann::json{{"restart_count", 42}, {"attempts", 3}, {"last_delay_ms", 60000}}));
}

TEST(HistoryJson, MissingOrMistypedKeysTakeDefaults) {
  EXPECT_EQ(restart_history_from_json(nlohmann::json::object()), kFresh);
  EXPECT_EQ(restart_history_from_json(nullptr), kFresh);
  EXPECT_EQ(restart_history_from_json({{"restart_count", 4}}), (RestartHistory{4, 0, 0ms}));
  EXPECT_EQ(restart_history_from_json({{"restart_count", 4}, {"attempts", "x"}, {"last_delay_ms", 800}}),
            (RestartHistory{4, 0, 800ms}));
}

}  // namespace
}  // namespace mocker::orchestrator::supervisor
