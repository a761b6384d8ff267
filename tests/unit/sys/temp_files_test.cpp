#include <mocker/sys/temp_files.hpp>

#include <gtest/gtest.h>

namespace sys = mocker::engine::sys;

TEST(TempFileWriter, ReadsThePidOfWriteFileAtomicNamesOnly) {
  struct Case {
    const char* name;
    pid_t writer;
  } cases[] = {
      {"abc.json.tmp.1234.987", 1234},
      {"a.tmp.b.json.tmp.5.0", 5},
      {"abc.json", 0},
      {"abc.json.tmp.", 0},
      {"abc.json.tmp.1234", 0},
      {"abc.json.tmp.1234.", 0},
      {"abc.json.tmp..5", 0},
      {"abc.json.tmp.-3.5", 0},
      {"abc.json.tmp.12x.5", 0},
      {"abc.json.tmp.12.5x", 0},
      {"abc.json.tmp.0.5", 0},
      {"abc.json.tmp.99999999999999999999.5", 0},
  };
  for (const auto& c : cases) EXPECT_EQ(sys::temp_file_writer(c.name), c.writer) << c.name;
}
