#pragma once
// Value syntaxes of the compose format: durations, byte sizes, port ranges.
#include <mocker/spec/model.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mocker::orchestrator::spec {

// Go duration syntax as compose uses it: "1h30m", "1.5s", "500ms", "10us", "0".
std::optional<Duration> parse_duration(std::string_view text);
// Canonical form that parse_duration reads back: "1m30s", "1s500ms", "0s".
std::string format_duration(Duration d);

// "1024", "512k", "1.5g", "2GB" (binary multiples, like docker). Non-negative.
std::optional<int64_t> parse_bytes(std::string_view text);

struct PortRange {
  uint16_t start = 0;
  uint16_t end = 0;
  uint32_t size() const { return uint32_t(end) - start + 1; }
};
// "80" or "8000-8010"; port 0 is rejected unless allow_zero.
std::optional<PortRange> parse_port_range(std::string_view text, bool allow_zero = false);
std::string format_port_range(uint16_t start, uint16_t end);

std::optional<Protocol> parse_protocol(std::string_view text);

}  // namespace mocker::orchestrator::spec
