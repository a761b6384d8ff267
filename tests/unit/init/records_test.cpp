#include <mocker/init/records.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

TEST(Timestamp, FormatsUtcWithNineDigits) {
  EXPECT_EQ(init::format_timestamp({0, 0}), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(init::format_timestamp({1795374000, 123456789}), "2026-11-22T19:00:00.123456789Z");
}

struct ParseCase {
  const char* text;
  time_t sec;
  long nsec;
};

TEST(Timestamp, ParsesRfc3339Variants) {
  const ParseCase cases[] = {
      {"2026-11-22T19:00:00.123456789Z", 1795374000, 123456789},
      {"2026-11-22T19:00:00Z", 1795374000, 0},
      {"2026-11-22T19:00:00.5Z", 1795374000, 500000000},
      {"2026-11-22T20:00:00+01:00", 1795374000, 0},
      {"2026-11-22T18:30:00.000000001-00:30", 1795374000, 1},
  };
  for (const auto& c : cases) {
    auto ts = init::parse_timestamp(c.text);
    ASSERT_TRUE(ts) << c.text;
    EXPECT_EQ(ts->tv_sec, c.sec) << c.text;
    EXPECT_EQ(ts->tv_nsec, c.nsec) << c.text;
  }
  for (const char* bad : {"", "2026-11-22", "2026-11-22T19:00:00", "2026-13-22T19:00:00Z", "2026-11-22T19:00:00.Z",
                          "2026-11-22T19:00:00Zjunk"})
    EXPECT_FALSE(init::parse_timestamp(bad)) << bad;
}

TEST(LogRecord, FormatsLikeDockersJsonFile) {
  init::LogRecord r{"hello \"world\"\n", "stdout", "2026-11-22T19:00:00.123456789Z"};
  EXPECT_EQ(init::format_log_record(r),
            R"({"log":"hello \"world\"\n","stream":"stdout","time":"2026-11-22T19:00:00.123456789Z"})");
}

TEST(LogRecord, ParsesWhatItFormats) {
  init::LogRecord r{"tab\tand \x01 control\n", "stderr", "2026-11-22T19:00:00.000000000Z"};
  auto back = init::parse_log_record(init::format_log_record(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->log, r.log);
  EXPECT_EQ(back->stream, r.stream);
  EXPECT_EQ(back->time, r.time);
}

TEST(LogRecord, InvalidUtf8IsReplacedNotFatal) {
  init::LogRecord r{"bad \xff byte", "stdout", "t"};
  auto back = init::parse_log_record(init::format_log_record(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->log, "bad \xEF\xBF\xBD byte");
}

TEST(LogRecord, RejectsOtherShapes) {
  for (const char* bad : {"", "{}", "[1]", R"({"log":1,"stream":"stdout","time":"t"})", R"({"log":"x","stream":"stdout"})"})
    EXPECT_FALSE(init::parse_log_record(bad)) << bad;
}

TEST(ExitRecord, FormatsAndParses) {
  init::ExitRecord r{137, 9, true, "2026-11-22T19:00:00.000000001Z"};
  std::string text = init::format_exit_record(r);
  EXPECT_EQ(text, R"({"exit_code":137,"signal":9,"oom_killed":true,"finished_at":"2026-11-22T19:00:00.000000001Z"})"
                  "\n");
  auto back = init::parse_exit_record(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->exit_code, 137);
  EXPECT_EQ(back->signal, 9);
  EXPECT_TRUE(back->oom_killed);
  EXPECT_EQ(back->finished_at, r.finished_at);
  for (const char* bad : {"", "{}", R"({"exit_code":"1","signal":0,"oom_killed":false,"finished_at":""})"})
    EXPECT_FALSE(init::parse_exit_record(bad)) << bad;
}

}  // namespace
