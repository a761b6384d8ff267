#pragma once
// Who the workload runs as, resolved from the container's own /etc/passwd and
// /etc/group (never the host's, never NSS).
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::init {

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary
  std::string home = "/";
};

// `user` is "", "uid", "uid:gid", "name", "name:group" (either half numeric or a
// name). A name must exist in the files; a number need not. Supplementary groups
// come from /etc/group membership only when no group was given (as docker does).
sys::Result<Credentials> resolve_user(std::string_view user, std::string_view passwd_text,
                                      std::string_view group_text);

}  // namespace mocker::engine::init
