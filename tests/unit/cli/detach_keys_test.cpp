#include <mocker/cli/detach_keys.hpp>

#include <gtest/gtest.h>

namespace cli = mocker::cli;

TEST(DetachKeys, ParsesDockersSpelling) {
  struct Case {
    const char* text;
    std::optional<std::string> bytes;
  };
  const Case cases[] = {
      {"ctrl-p,ctrl-q", std::string("\x10\x11")},
      {"ctrl-P,q", std::string("\x10q")},
      {"ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", std::string("\0\x1b\x1c\x1d\x1e\x1f", 6)},
      {"a", std::string("a")},
      {"", std::string()},
      {"ctrl-1", std::nullopt},
      {"ctrl-pq", std::nullopt},
      {"ab", std::nullopt},
      {"ctrl-p,", std::nullopt},
  };
  for (const auto& c : cases) {
    std::string error;
    auto got = cli::parse_detach_keys(c.text, error);
    EXPECT_EQ(got, c.bytes) << c.text;
    if (!c.bytes) {
      EXPECT_NE(error.find("invalid detach key"), std::string::npos) << c.text;
    }
  }
}

TEST(DetachKeys, HoldsAPrefixUntilItIsClearAndPassesEverythingElse) {
  struct Case {
    std::vector<std::string> chunks;
    std::string passed;
    bool detached;
  };
  const Case cases[] = {
      {{"hello"}, "hello", false},
      {{"ab\x10\x11zz"}, "ab", true},
      {{"ab\x10", "\x11"}, "ab", true},            // split across reads
      {{"a\x10x"}, "a\x10x", false},              // not the sequence after all
      {{"\x10", "y"}, "\x10y", false},
      {{"\x10\x10\x11"}, "\x10", true},           // a held byte restarts the match
      {{"\x11\x10"}, "\x11", false},              // the held prefix waits
  };
  for (const auto& c : cases) {
    cli::DetachMatcher m("\x10\x11");
    std::string passed;
    bool detached = false;
    for (const auto& chunk : c.chunks) {
      passed += m.feed(chunk, detached);
      if (detached) break;
    }
    EXPECT_EQ(passed, c.passed);
    EXPECT_EQ(detached, c.detached);
  }
  cli::DetachMatcher none("");
  bool detached = false;
  EXPECT_EQ(none.feed("\x10\x11", detached), "\x10\x11");
  EXPECT_FALSE(detached);
}
