#include <mocker/init/oom_score.hpp>

#include <mocker/sys/fd.hpp>

#include <fcntl.h>

#include <charconv>
#include <string>

namespace mocker::engine::init {

namespace {
constexpr const char* kOomScoreAdj = "/proc/self/oom_score_adj";
}

int workload_oom_score_adj(int init_adj) {
  int adj = init_adj + kWorkloadOomScoreBias;
  return adj > 1000 ? 1000 : (adj < -1000 ? -1000 : adj);
}

sys::Status raise_oom_score() {
  std::string text = MOCKER_TRY(sys::read_file(kOomScoreAdj));
  int inherited = 0;
  size_t start = text.find_first_not_of(" ");
  if (start == std::string::npos) return sys::Error::invalid("read", kOomScoreAdj, "empty");
  auto [end, ec] = std::from_chars(text.data() + start, text.data() + text.size(), inherited);
  if (ec != std::errc{}) return sys::Error::invalid("read", kOomScoreAdj, "not a number: " + text);
  int wanted = workload_oom_score_adj(inherited);
  if (wanted == inherited) return sys::ok();
  sys::Fd fd = MOCKER_TRY(sys::open_file(kOomScoreAdj, O_WRONLY));
  return sys::write_all(fd.get(), std::to_string(wanted), kOomScoreAdj);
}

}  // namespace mocker::engine::init
