#pragma once
// The step mocker-init is in, on a page both sides map (a memfd on fd 5). init
// writes each setup step's name there before running it; the runtime reads it
// only when init dies or stops answering, to say during which step. A frame
// per step woke the runtime about twenty times per start for nothing: half the
// context switches of a `mocker run --rm true` (34 to 46, now 18 to 21).
#include <mocker/sys/result.hpp>

#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mocker::engine::init {

inline constexpr int kStepBoardFd = 5;
inline constexpr size_t kStepBoardSize = 4096;

struct StepBoard {
  std::atomic<uint32_t> seq;  // odd while init writes a name
  char name[kStepBoardSize - sizeof(std::atomic<uint32_t>)];

  // init: the step it starts now. Characters go through atomic_ref so a reader
  // racing with the write sees a torn name at worst, never undefined behaviour.
  void announce(std::string_view step) noexcept {
    seq.fetch_add(1, std::memory_order_acq_rel);
    size_t n = step.size() < sizeof name - 1 ? step.size() : sizeof name - 1;
    for (size_t i = 0; i < n; ++i) std::atomic_ref<char>(name[i]).store(step[i], std::memory_order_relaxed);
    std::atomic_ref<char>(name[n]).store('\0', std::memory_order_relaxed);
    seq.fetch_add(1, std::memory_order_release);
  }

  // runtime: the last step announced; empty when none was. A write in
  // progress is retried a few times, then read as it is.
  std::string current() const {
    std::string out;
    for (int attempt = 0; attempt < 100; ++attempt) {
      uint32_t before = seq.load(std::memory_order_acquire);
      out.clear();
      for (size_t i = 0; i < sizeof name; ++i) {
        char ch = std::atomic_ref<char>(const_cast<char&>(name[i])).load(std::memory_order_relaxed);
        if (ch == '\0') break;
        out += ch;
      }
      std::atomic_thread_fence(std::memory_order_acquire);
      if (before % 2 == 0 && seq.load(std::memory_order_relaxed) == before) break;
    }
    return out;
  }
};
static_assert(sizeof(StepBoard) <= kStepBoardSize);
static_assert(std::atomic<uint32_t>::is_always_lock_free, "shared between processes");

// A mapping of the board: the runtime creates it (create_step_board) and hands
// the memfd to init, which maps it from kStepBoardFd (map_step_board).
class StepBoardMap {
 public:
  StepBoardMap() = default;
  explicit StepBoardMap(StepBoard* board) : board_(board) {}
  StepBoardMap(StepBoardMap&& o) noexcept : board_(o.board_) { o.board_ = nullptr; }
  StepBoardMap& operator=(StepBoardMap&& o) noexcept {
    if (this != &o) {
      reset();
      board_ = o.board_;
      o.board_ = nullptr;
    }
    return *this;
  }
  ~StepBoardMap() { reset(); }

  StepBoard* get() const { return board_; }
  StepBoard* operator->() const { return board_; }
  explicit operator bool() const { return board_ != nullptr; }

 private:
  void reset() {
    if (board_) ::munmap(board_, kStepBoardSize);
    board_ = nullptr;
  }
  StepBoard* board_ = nullptr;
};

// Maps the board of an open memfd of at least kStepBoardSize bytes.
inline sys::Result<StepBoardMap> map_step_board(int fd) {
  void* p = ::mmap(nullptr, kStepBoardSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return sys::Error::last("map step board", "fd " + std::to_string(fd));
  return StepBoardMap(static_cast<StepBoard*>(p));
}

}  // namespace mocker::engine::init
