#pragma once
// Short syntaxes of the compose format, parsed into the long-form trees they mean.
// Each returns nullopt and leaves a message in `error` when the text is invalid.
#include "tree.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::orchestrator::spec::detail {

// "[HOST_IP:][HOST_PORTS:]CONTAINER_PORTS[/PROTOCOL]" -> one long-form mapping per
// container port: {target, published?, host_ip?, protocol}.
std::optional<std::vector<Node>> parse_port_short(std::string_view text, Mark mark, std::string& error);

// "PORTS[/PROTOCOL]" -> "80", "81/udp", ... one per port.
std::optional<std::vector<std::string>> parse_expose(std::string_view text, std::string& error);

// "[SOURCE:]TARGET[:MODE]" -> {type, source?, target, read_only?, bind?, volume?}.
// Relative bind sources are resolved against base_dir ("~" against home).
std::optional<Node> parse_volume_short(std::string_view text, Mark mark, const std::string& base_dir,
                                       const std::string& home, std::string& error);

// "host:ip" or "host=ip" -> {host, ip}; the ip may itself contain ':' (IPv6).
std::optional<std::pair<std::string, std::string>> parse_extra_host(std::string_view text);

// Shell-like word splitting for command and entrypoint strings.
std::optional<std::vector<std::string>> split_command(std::string_view text, std::string& error);

// Absolute, lexically normal path: "~" expands to home, relative paths join base_dir.
std::string resolve_path(std::string_view path, const std::string& base_dir, const std::string& home);

}  // namespace mocker::orchestrator::spec::detail
