#pragma once
// --format as docker reads it: `json` (one JSON object per line), `table`
// (the command's own table), or a Go-template subset, optionally prefixed by
// `table ` (a header line, columns aligned at tabs). The subset: `{{.}}`,
// `{{.Field.Sub}}`, `{{json .X}}`, `{{index .Map "key"}}`, `{{.Label "key"}}`,
// `{{join .List ", "}}`, `{{upper .X}}`, `{{lower .X}}`, `{{len .X}}`, `{{- -}}`
// trimming; `\t` and `\n` written in the flag become a tab and a newline.
// Pure: the data is JSON, the result text.
#include <mocker/sys/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mocker::cli {

struct OutputFormat {
  enum class Kind { table, json, custom };
  Kind kind = Kind::table;
  bool with_header = false;  // custom: "table {{...}}"
  std::string text;          // custom: the template, escapes resolved
};

OutputFormat parse_format(const std::string& flag);

// One row through the template (no newline added).
engine::sys::Result<std::string> render_template(const std::string& text, const nlohmann::json& data);

// Rows through a format: json lines, or the template per row; for "table ..."
// the header (the template rendered over `headers`, field name -> column title)
// and the rows with their tab-separated columns aligned. Kind::table is the
// caller's own rendering and must not reach here.
engine::sys::Result<std::string> render_rows(const OutputFormat& format, const std::vector<nlohmann::json>& rows,
                                             const nlohmann::json& headers);

}  // namespace mocker::cli
