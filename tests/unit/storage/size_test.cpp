#include <mocker/storage/store.hpp>

#include <gtest/gtest.h>

using mocker::engine::storage::parse_size;

TEST(StoreSize, ParsesUnits) {
  const std::pair<const char*, uint64_t> cases[] = {
      {"1024", 1024}, {"1k", 1024}, {"64G", 64ULL << 30}, {"512M", 512ULL << 20},
      {"2gb", 2ULL << 30}, {"1T", 1ULL << 40}, {"", 0}, {"G", 0}, {"12Q", 0}, {"-1", 0}};
  for (const auto& [text, bytes] : cases) EXPECT_EQ(parse_size(text), bytes) << text;
}
