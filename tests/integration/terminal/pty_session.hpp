#pragma once
// A CLI run on a real terminal: the test holds the master side of a new pty,
// the program gets the terminal side as its stdin, stdout, stderr and
// controlling terminal (no shell in between). Every wait is bounded.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mocker::test {

class PtySession {
 public:
  // Starts argv[0] (a path) in `dir` with exactly `env`, on a terminal of rows x cols.
  PtySession(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& dir,
             uint16_t rows, uint16_t cols);
  ~PtySession();
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  // Reads until `text` is in the output (true), or the time is up or the
  // program closed the terminal (false).
  bool wait_for(const std::string& text, int timeout_ms = 30000);
  // What a user types.
  void type(const std::string& bytes);
  // The terminal window changes size (the program gets SIGWINCH).
  void resize(uint16_t rows, uint16_t cols);
  // Reads to the end and reaps the program: its exit status (128+N for a
  // signal), or -1 when it did not exit in time (it is killed then).
  int finish(int timeout_ms = 30000);
  // Whether the program exited within the time, without reaping it.
  bool exited_within(int timeout_ms);

  const std::string& output() const { return output_; }

 private:
  // One bounded read; false when the terminal is closed on the other side.
  bool read_some(int timeout_ms);

  int master_ = -1;
  pid_t pid_ = -1;
  int status_ = -1;
  std::string output_;
};

}  // namespace mocker::test
