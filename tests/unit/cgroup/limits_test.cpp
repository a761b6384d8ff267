// Limit validation and the unit conversions between cgroup versions.
#include <mocker/cgroup/limits.hpp>

#include <gtest/gtest.h>

namespace cg = mocker::engine::cgroup;
using cg::Limits;

namespace {

constexpr int64_t MiB = 1024 * 1024;

struct ValidateCase {
  const char* name;
  Limits limits;
  const char* error;  // substring of the rendered error; nullptr when valid
};

class Validate : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(Validate, AcceptsOrRejectsWithReason) {
  const auto& c = GetParam();
  auto st = cg::validate(c.limits);
  if (!c.error) {
    EXPECT_TRUE(st) << st.error().render();
    return;
  }
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().render().find(c.error), std::string::npos) << st.error().render();
}

INSTANTIATE_TEST_SUITE_P(
    Table, Validate,
    ::testing::Values(
        ValidateCase{"empty", {}, nullptr},
        ValidateCase{"typical", {.memory_bytes = 64 * MiB, .cpus = 0.5, .pids_max = 50}, nullptr},
        ValidateCase{"memory_unlimited", {.memory_bytes = -1}, nullptr},
        ValidateCase{"memory_tiny", {.memory_bytes = 4096}, "minimum memory limit is 6 MiB"},
        ValidateCase{"memory_zero", {.memory_bytes = 0}, "minimum memory limit"},
        ValidateCase{"swap_without_memory", {.memory_swap_bytes = 128 * MiB}, "set the memory limit too"},
        ValidateCase{"swap_unlimited_alone", {.memory_swap_bytes = -1}, nullptr},
        ValidateCase{"swap_below_memory", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 32 * MiB},
                     "must not be below the memory limit"},
        ValidateCase{"swap_equal_memory", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 64 * MiB}, nullptr},
        ValidateCase{"reservation_above_memory",
                     {.memory_bytes = 64 * MiB, .memory_reservation_bytes = 128 * MiB}, "must not exceed"},
        ValidateCase{"reservation_negative", {.memory_reservation_bytes = -5}, "must be -1 or positive"},
        ValidateCase{"cpus_negative", {.cpus = -1.0}, "range of CPUs is from 0.01 to"},
        ValidateCase{"cpus_too_small", {.cpus = 0.001}, "range of CPUs is from 0.01 to"},
        ValidateCase{"cpus_thousand", {.cpus = 1000.0}, "range of CPUs is from 0.01 to"},
        ValidateCase{"cpus_zero", {.cpus = 0.0}, nullptr},
        ValidateCase{"shares_one", {.cpu_shares = 1}, "between 2 and 262144"},
        ValidateCase{"shares_huge", {.cpu_shares = 300000}, "between 2 and 262144"},
        ValidateCase{"cpuset_list", {.cpuset_cpus = "0-3,5", .cpuset_mems = "0"}, nullptr},
        ValidateCase{"cpuset_empty", {.cpuset_cpus = ""}, "expected a list"},
        ValidateCase{"cpuset_garbage", {.cpuset_cpus = "0-,3"}, "expected a list"},
        ValidateCase{"mems_garbage", {.cpuset_mems = "all"}, "cpuset_mems"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ValidateCpus, AtMostTheHostsCpus) {
  struct {
    double cpus;
    int host_cpus;
    const char* error;  // the whole rendered error; nullptr when valid
  } cases[] = {
      {2.0, 2, nullptr},
      {0.01, 2, nullptr},
      {1.5, 4, nullptr},
      {2.5, 2, "check cgroup limit cpus: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available; got 2.50"},
      {-1.0, 2, "check cgroup limit cpus: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available; got -1.00"},
      {1000.0, 1, "check cgroup limit cpus: range of CPUs is from 0.01 to 1.00, as there is only 1 CPU available; got 1000.00"},
      {1000.0, 0, nullptr},
      {-1.0, 0, "check cgroup limit cpus: must be at least 0.01, got -1.00"},
  };
  for (const auto& c : cases) {
    auto st = cg::validate(Limits{.cpus = c.cpus}, c.host_cpus);
    if (!c.error) {
      EXPECT_TRUE(st) << c.cpus << " of " << c.host_cpus << ": " << st.error().render();
      continue;
    }
    ASSERT_FALSE(st) << c.cpus << " of " << c.host_cpus;
    EXPECT_EQ(st.error().render(), c.error);
  }
}

TEST(Conversions, CpusToQuota) {
  struct {
    double cpus;
    int64_t quota;
  } cases[] = {{0.5, 50000}, {1.0, 100000}, {1.5, 150000}, {0.01, 1000}, {0.0, -1}, {2.333333, 233333}};
  for (auto c : cases) EXPECT_EQ(cg::cpu_quota_us(c.cpus), c.quota) << c.cpus;
}

TEST(Conversions, SharesToWeightSpansTheRangeMonotonically) {
  EXPECT_EQ(cg::shares_to_weight(2), 1u);
  EXPECT_EQ(cg::shares_to_weight(262144), 10000u);
  uint64_t previous = 0;
  for (uint64_t shares = 2; shares <= 262144; shares *= 2) {
    uint64_t w = cg::shares_to_weight(shares);
    EXPECT_GE(w, previous) << shares;
    previous = w;
  }
}

TEST(Conversions, DefaultSwapIsTwiceTheMemory) {
  EXPECT_EQ(cg::default_memory_swap(64 * MiB), 128 * MiB);
  EXPECT_EQ(cg::default_memory_swap(-1), -1);
}

}  // namespace
