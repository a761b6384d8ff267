// Container names the user gives: what is refused, and why.
#include "naming.hpp"

#include <gtest/gtest.h>

namespace container = mocker::engine::container;

TEST(ContainerName, RefusedWithTheRuleItBreaks) {
  struct {
    std::string name;
    const char* error;  // the whole rendered error; nullptr when accepted
  } cases[] = {
      {"", nullptr},
      {"web-1", nullptr},
      {"a.b_c", nullptr},
      {std::string(128, 'a'), nullptr},
      {"-web", "create container -web: invalid name: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"},
      {"we b", "create container we b: invalid name: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"},
      {std::string(300, 'a'),
       "create container aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...: invalid name: at most 128 characters, got 300"},
  };
  for (const auto& c : cases) {
    auto st = container::check_name(c.name);
    if (!c.error) {
      EXPECT_TRUE(st) << c.name << ": " << st.error().render();
      continue;
    }
    ASSERT_FALSE(st) << c.name;
    EXPECT_EQ(st.error().render(), c.error);
  }
  EXPECT_FALSE(container::valid_name(""));
  EXPECT_TRUE(container::valid_name("web-1"));
}
