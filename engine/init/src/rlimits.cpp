#include <mocker/init/rlimits.hpp>

#include <sys/resource.h>

#include <cctype>
#include <cerrno>
#include <string>

namespace mocker::engine::init {

namespace {

struct Named {
  std::string_view name;
  int resource;
};

constexpr Named kResources[] = {
    {"as", RLIMIT_AS},           {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},       {"fsize", RLIMIT_FSIZE},       {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},   {"nproc", RLIMIT_NPROC},       {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},   {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
};

std::string words(uint64_t v) { return v == RLIM_INFINITY ? "unlimited" : std::to_string(v); }

}  // namespace

sys::Result<int> rlimit_resource(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view key = lower;
  if (key.starts_with("rlimit_")) key.remove_prefix(7);
  for (const auto& r : kResources)
    if (r.name == key) return r.resource;
  return sys::Error::invalid("rlimit", std::string(name), "unknown resource limit");
}

sys::Status validate_rlimit(const Rlimit& limit) {
  MOCKER_TRY(rlimit_resource(limit.name));
  if (limit.soft > limit.hard)
    return sys::Error::invalid("rlimit", limit.name,
                               "soft limit " + words(limit.soft) + " above hard limit " + words(limit.hard));
  return sys::ok();
}

sys::Status apply_rlimits(const std::vector<Rlimit>& limits) {
  for (const auto& limit : limits) {
    MOCKER_TRY(validate_rlimit(limit));
    int resource = MOCKER_TRY(rlimit_resource(limit.name));
    struct rlimit current {};
    if (::getrlimit(resource, &current) != 0) return sys::Error::last("getrlimit", limit.name);
    struct rlimit wanted {static_cast<rlim_t>(limit.soft), static_cast<rlim_t>(limit.hard)};
    if (::setrlimit(resource, &wanted) == 0) continue;
    if (errno == EPERM && wanted.rlim_max > current.rlim_max) {
      auto e = sys::Error::from_errno("setrlimit", limit.name, EPERM);
      e.message = "hard limit " + words(limit.hard) + " is above the current hard limit " +
                  words(current.rlim_max) + " (raising it needs CAP_SYS_RESOURCE)";
      return e;
    }
    return sys::Error::last("setrlimit", limit.name);
  }
  return sys::ok();
}

}  // namespace mocker::engine::init
