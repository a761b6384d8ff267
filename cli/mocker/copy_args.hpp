#pragma once
// How `cp` reads its two operands: CONTAINER:PATH, a host path, or "-".
#include <string>

namespace mocker::cli {

struct CopyOperand {
  std::string container;  // empty: a host path (or "-")
  std::string path;
};

// docker's rule: a ":" before any "/" makes CONTAINER:PATH; a path that
// starts with "/" or "." is on the host even if it holds a ":".
CopyOperand parse_copy_operand(const std::string& arg);

}  // namespace mocker::cli
