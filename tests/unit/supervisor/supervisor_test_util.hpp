#pragma once
// Helpers shared by the supervisor policy tests.
#include <mocker/spec/model.hpp>
#include <mocker/supervisor/health.hpp>
#include <mocker/supervisor/restart.hpp>

#include <ostream>
#include <string>

namespace mocker::orchestrator::supervisor::testing {

// Service "s" of a project whose service body is `body` (YAML lines indented by
// four spaces), loaded by the real spec loader so that the tests see what it
// produces for string tests, disable: true and x-mocker.
spec::Service load_service(const std::string& body);

// Names a parameterised case after its `name` field.
struct CaseName {
  template <typename Info>
  std::string operator()(const Info& info) const { return info.param.name; }
};

}  // namespace mocker::orchestrator::supervisor::testing

namespace mocker::orchestrator::supervisor {

// Failed expectations print the JSON form instead of raw bytes.
inline void PrintTo(const RestartRule& r, std::ostream* os) { *os << to_json(r).dump(); }
inline void PrintTo(const RestartHistory& h, std::ostream* os) { *os << to_json(h).dump(); }
inline void PrintTo(const HealthConfig& c, std::ostream* os) { *os << to_json(c).dump(); }
inline void PrintTo(const HealthState& s, std::ostream* os) { *os << to_json(s).dump(); }
inline void PrintTo(HealthStatus s, std::ostream* os) { *os << health_name(s); }

}  // namespace mocker::orchestrator::supervisor
