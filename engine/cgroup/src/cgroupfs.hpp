#pragma once
// File access shared by both backends: every cgroup setting is a small text file.
#include <mocker/cgroup/limits.hpp>
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::cgroup::cgfs {

std::string join(const std::string& dir, std::string_view name);

// Writes value to dir/file. The error names the file and the value; an empty
// dir means the controller is not mounted, and the error says so.
sys::Status write(const std::string& dir, std::string_view file, std::string_view value);
// Contents of dir/file without surrounding whitespace.
sys::Result<std::string> read(const std::string& dir, std::string_view file);
bool exists(const std::string& dir, std::string_view file = {});

// "N" or "max"; v1 prints its "unlimited" as a huge page-aligned number, so
// anything from 2^62 up also reads as Stats::unlimited.
std::optional<uint64_t> parse_u64(std::string_view text);
// The value of "key N" in a flat-keyed file (memory.events, cpu.stat, ...).
std::optional<uint64_t> parse_keyed(std::string_view text, std::string_view key);
std::vector<std::string> split_words(std::string_view text);

// Reads a number; a missing file reads as fallback (a controller not in use).
sys::Result<uint64_t> read_u64_or(const std::string& dir, std::string_view file, uint64_t fallback);
sys::Result<uint64_t> read_keyed_or(const std::string& dir, std::string_view file,
                                    std::string_view key, uint64_t fallback);

// mkdir -p of rel below root; appends each directory it made to created.
sys::Status make_dirs(const std::string& root, const std::string& rel,
                      std::vector<std::string>& created);
// dir and every directory below it, deepest first; missing dir gives none.
std::vector<std::string> subtree_deepest_first(const std::string& dir);
// rmdir that treats a missing directory as removed; retries EBUSY briefly,
// since the kernel may still be letting the last task go.
sys::Status remove_dir(const std::string& dir);

// Pids in dir/cgroup.procs of dir and every group below it.
sys::Result<std::vector<pid_t>> read_procs(const std::string& dir);

}  // namespace mocker::engine::cgroup::cgfs
