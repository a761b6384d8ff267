#pragma once
// Variable substitution in compose values and .env files: $VAR, ${VAR},
// ${VAR:-d}, ${VAR-d}, ${VAR:?msg}, ${VAR?msg}, ${VAR:+r}, ${VAR+r}, nesting, $$.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::orchestrator::spec {

using Lookup = std::function<std::optional<std::string>(const std::string& name)>;

struct Interpolation {
  std::string value;
  std::vector<std::string> unset;  // referenced without a default and not set
  std::string error;               // non-empty: the template is invalid or a required variable is missing
  bool ok() const { return error.empty(); }
};

// strict: a '$' that starts no valid reference is an error (compose files);
// otherwise it is kept literally (.env files).
Interpolation interpolate(std::string_view text, const Lookup& lookup, bool strict = true);

struct VariableRef {
  std::string name;
  bool required = false;
  std::optional<std::string> default_value;  // ${VAR:-d} / ${VAR-d}
  std::optional<std::string> alternate;      // ${VAR:+r} / ${VAR+r}
};

// The references in text, outermost first, without evaluating anything.
std::vector<VariableRef> variables_in(std::string_view text);

}  // namespace mocker::orchestrator::spec
