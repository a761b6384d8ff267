#pragma once
// --filter as docker reads it: KEY=VALUE terms; terms with the same key are
// alternatives (any may match), different keys must all match. The matching
// rules of each key are pure functions here; the commands say which keys they
// take and what each is compared with.
#include <mocker/sys/result.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mocker::cli {

// Key -> the values given for it.
using Filters = std::map<std::string, std::vector<std::string>>;

// `allowed`: the keys the command knows; another key is an error naming it.
engine::sys::Result<Filters> parse_filters(const std::vector<std::string>& terms, const std::set<std::string>& allowed);

// Every key has a value for which `test(key, value)` holds.
bool filters_match(const Filters& filters, const std::function<bool(const std::string& key, const std::string& value)>& test);

// label=KEY or label=KEY=VALUE.
bool label_matches(const std::map<std::string, std::string>& labels, const std::string& term);
// name=TEXT: docker takes a regular expression found anywhere in the name
// (a leading "/" of docker's names is ignored); an invalid one matches as text.
bool name_matches(const std::string& name, const std::string& pattern);
// reference=PATTERN: a shell glob over "repo" or "repo:tag" ("busy*", "*:latest").
bool reference_matches(const std::string& repo_tag, const std::string& pattern);
// ancestor=IMAGE: the image as named (a missing tag means latest) or a prefix of its id.
bool ancestor_matches(const std::string& image, const std::string& image_id, const std::string& wanted);
// true/false/1/0, as dangling= takes them; nullopt for anything else.
std::optional<bool> parse_bool(const std::string& text);

}  // namespace mocker::cli
