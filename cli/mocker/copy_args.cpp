#include "copy_args.hpp"

namespace mocker::cli {

CopyOperand parse_copy_operand(const std::string& arg) {
  if (arg.starts_with("/") || arg.starts_with(".")) return {"", arg};
  size_t colon = arg.find(':');
  size_t slash = arg.find('/');
  if (colon == std::string::npos || colon == 0 || (slash != std::string::npos && slash < colon)) return {"", arg};
  std::string path = arg.substr(colon + 1);
  return {arg.substr(0, colon), path.empty() ? "/" : path};
}

}  // namespace mocker::cli
