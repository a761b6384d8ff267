#include <mocker/spec/interpolate.hpp>

#include <gtest/gtest.h>

#include <map>

namespace mocker::orchestrator::spec {
namespace {

struct Case {
  const char* text;
  std::map<std::string, std::string> env;
  const char* value;  // expected result, when no error
  const char* error;  // expected error substring, or nullptr
};

Lookup from(const std::map<std::string, std::string>& env) {
  return [&env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

class InterpolateTest : public ::testing::TestWithParam<Case> {};

TEST_P(InterpolateTest, Substitutes) {
  const Case& c = GetParam();
  Interpolation r = interpolate(c.text, from(c.env));
  if (c.error) {
    EXPECT_NE(r.error.find(c.error), std::string::npos) << "error: " << r.error;
  } else {
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.value, c.value);
  }
}

const std::map<std::string, std::string> kSet{{"A", "a"}, {"E", ""}, {"B", "b"}, {"A_1", "x"}};

INSTANTIATE_TEST_SUITE_P(Operators, InterpolateTest, ::testing::Values(
    Case{"plain", {}, "plain", nullptr},
    Case{"$A", kSet, "a", nullptr},
    Case{"${A}", kSet, "a", nullptr},
    Case{"x${A}y$A.z", kSet, "xaya.z", nullptr},
    Case{"$A_1", kSet, "x", nullptr},
    Case{"$$", kSet, "$", nullptr},
    Case{"$${A}", kSet, "${A}", nullptr},
    Case{"$$A $A", kSet, "$A a", nullptr},
    // :- and -
    Case{"${U:-d}", kSet, "d", nullptr},
    Case{"${E:-d}", kSet, "d", nullptr},
    Case{"${A:-d}", kSet, "a", nullptr},
    Case{"${U-d}", kSet, "d", nullptr},
    Case{"${E-d}", kSet, "", nullptr},
    Case{"${A-d}", kSet, "a", nullptr},
    // :? and ?
    Case{"${U:?need it}", kSet, nullptr, "required variable U is missing a value: need it"},
    Case{"${E:?need it}", kSet, nullptr, "required variable E is missing a value: need it"},
    Case{"${A:?need it}", kSet, "a", nullptr},
    Case{"${U?}", kSet, nullptr, "required variable U is missing a value"},
    Case{"${E?need}", kSet, "", nullptr},
    Case{"${A?need}", kSet, "a", nullptr},
    // :+ and +
    Case{"${U:+r}", kSet, "", nullptr},
    Case{"${E:+r}", kSet, "", nullptr},
    Case{"${A:+r}", kSet, "r", nullptr},
    Case{"${U+r}", kSet, "", nullptr},
    Case{"${E+r}", kSet, "r", nullptr},
    Case{"${A+r}", kSet, "r", nullptr},
    Case{"${A:-x:y-z}", {}, "x:y-z", nullptr},
    Case{"${A:-{x}}", {}, "{x}", nullptr}));

INSTANTIATE_TEST_SUITE_P(Nesting, InterpolateTest, ::testing::Values(
    Case{"${U:-${A}}", kSet, "a", nullptr},
    Case{"${U:-${V:-deep}}", kSet, "deep", nullptr},
    Case{"${U:-x${B}y}", kSet, "xby", nullptr},
    Case{"${A:+[${B}]}", kSet, "[b]", nullptr},
    Case{"${U?missing $B}", kSet, nullptr, "required variable U is missing a value: missing b"},
    // Only the branch taken is evaluated.
    Case{"${A:-${U:?never}}", kSet, "a", nullptr},
    Case{"${U:-$$}", kSet, "$", nullptr},
    Case{"${U:-${V:-${W:-${X:-end}}}}", {}, "end", nullptr}));

INSTANTIATE_TEST_SUITE_P(Errors, InterpolateTest, ::testing::Values(
    Case{"$", {}, nullptr, "invalid interpolation format"},
    Case{"a$", {}, nullptr, "invalid interpolation format"},
    Case{"$1", {}, nullptr, "invalid interpolation format"},
    Case{"${", {}, nullptr, "invalid interpolation format"},
    Case{"${A", kSet, nullptr, "invalid interpolation format"},
    Case{"${}", {}, nullptr, "invalid interpolation format"},
    Case{"${A B}", {}, nullptr, "invalid interpolation format"},
    Case{"${1A}", {}, nullptr, "invalid interpolation format"},
    Case{"${A:x}", {}, nullptr, "invalid interpolation format"},
    Case{"${A:-${B}", {}, nullptr, "invalid interpolation format"},
    Case{"${U:-${V?inner}}", {}, nullptr, "required variable V is missing a value: inner"}));

TEST(Interpolate, UnsetVariablesBecomeEmptyAndAreReported) {
  std::map<std::string, std::string> env{{"A", "a"}};
  Interpolation r = interpolate("$U-${V}-$A-${U}", from(env));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value, "--a-");
  EXPECT_EQ(r.unset, (std::vector<std::string>{"U", "V"}));
}

TEST(Interpolate, DefaultsDoNotReportUnset) {
  Interpolation r = interpolate("${U:-x}${V-y}${W:+z}", from({}));
  EXPECT_TRUE(r.unset.empty());
  EXPECT_EQ(r.value, "xy");
}

TEST(Interpolate, LenientModeKeepsStrayDollars) {
  std::map<std::string, std::string> env{{"A", "a"}};
  EXPECT_EQ(interpolate("pa$1word$", from(env), false).value, "pa$1word$");
  EXPECT_EQ(interpolate("${ and $A", from(env), false).value, "${ and a");
  EXPECT_FALSE(interpolate("${U:?x}", from(env), false).ok());
}

TEST(Interpolate, DeepNestingIsAnErrorNotACrash) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "${V" + std::to_string(i) + ":-";
  text += "end";
  text += std::string(200, '}');
  Interpolation r = interpolate(text, from({}));
  EXPECT_NE(r.error.find("nested too deeply"), std::string::npos) << r.error;
}

TEST(VariablesIn, ListsReferencesWithTheirOperators) {
  auto refs = variables_in("${A:-d} $B ${C:?m} ${D+r} $$E ${F-${G}}");
  ASSERT_EQ(refs.size(), 6u);
  EXPECT_EQ(refs[0].name, "A");
  EXPECT_EQ(refs[0].default_value, "d");
  EXPECT_EQ(refs[1].name, "B");
  EXPECT_FALSE(refs[1].required);
  EXPECT_EQ(refs[2].name, "C");
  EXPECT_TRUE(refs[2].required);
  EXPECT_EQ(refs[3].name, "D");
  EXPECT_EQ(refs[3].alternate, "r");
  EXPECT_EQ(refs[4].name, "F");
  EXPECT_EQ(refs[4].default_value, "${G}");
  EXPECT_EQ(refs[5].name, "G");
}

}  // namespace
}  // namespace mocker::orchestrator::spec
