#pragma once
// .env files: comments, `export`, unquoted / 'literal' / "escaped" values, values
// spanning lines inside quotes, ${VAR} expansion in unquoted and double-quoted values.
#include <mocker/spec/diagnostic.hpp>
#include <mocker/spec/interpolate.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mocker::orchestrator::spec {

using EnvList = std::vector<std::pair<std::string, std::string>>;

// Parses `text` (named `file` in diagnostics). A variable referenced in a value is
// taken from `lookup` first, then from the entries above it. A bare `KEY` line takes
// its value from `lookup` and is skipped when that has none. Errors are appended to
// `errors`; the entries parsed before the error are returned.
EnvList parse_dotenv(std::string_view text, const std::string& file, const Lookup& lookup,
                     Diagnostics& errors);

// `format: raw`: every line is KEY=VALUE taken literally; only blank lines and
// lines starting with '#' are skipped.
EnvList parse_dotenv_raw(std::string_view text);

}  // namespace mocker::orchestrator::spec
