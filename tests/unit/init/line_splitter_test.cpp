#include <mocker/init/line_splitter.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

struct Case {
  const char* name;
  std::vector<std::string> chunks;
  std::vector<std::string> records;  // the flushed rest last
};

TEST(LineSplitter, CutsAtNewlinesAndFullBuffers) {
  const Case cases[] = {
      {"one line", {"hello\n"}, {"hello\n"}},
      {"two in one chunk", {"a\nb\n"}, {"a\n", "b\n"}},
      {"line over chunks", {"he", "llo", "\nwor", "ld\n"}, {"hello\n", "world\n"}},
      {"partial at the end", {"done\nhalf"}, {"done\n", "half"}},
      {"empty lines", {"\n\n"}, {"\n", "\n"}},
      {"long line split at 8", {"abcdefghijkl\n"}, {"abcdefgh", "ijkl\n"}},
      {"exactly full", {"abcdefgh"}, {"abcdefgh"}},
      {"newline right after a full chunk", {"abcdefgh", "\n"}, {"abcdefgh", "\n"}},
      {"nothing", {}, {}},
  };
  for (const auto& c : cases) {
    init::LineSplitter s(8);
    std::vector<std::string> got;
    for (const auto& chunk : c.chunks)
      for (auto& r : s.feed(chunk)) got.push_back(r);
    if (auto rest = s.flush()) got.push_back(*rest);
    EXPECT_EQ(got, c.records) << c.name;
    EXPECT_FALSE(s.flush()) << c.name;
  }
}

}  // namespace
