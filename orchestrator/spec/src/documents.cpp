#include "documents.hpp"

#include "merge.hpp"
#include "normalize.hpp"
#include "yaml_parse.hpp"

#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace mocker::orchestrator::spec::detail {

namespace fs = std::filesystem;

std::optional<std::string> read_text_file(const std::string& path, LoadContext& ctx, const Mark* at,
                                          const std::string& at_path) {
  auto report = [&](std::string message) {
    if (at) {
      ctx.error(*at, at_path, std::move(message));
    } else {
      ctx.error_in(ctx.display(path), std::move(message));
    }
  };
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    report(at ? "file " + ctx.display(path) + " not found" : "file not found");
    return std::nullopt;
  }
  // Devices and fifos could block or never end.
  if (!fs::is_regular_file(status)) {
    report(at ? ctx.display(path) + " is not a regular file" : "not a regular file");
    return std::nullopt;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > Limits::max_file_bytes) {
    report("file larger than " + std::to_string(Limits::max_file_bytes >> 20) + " MiB");
    return std::nullopt;
  }
  // Files like /proc/self/pagemap claim size 0 and never end: cap the read itself.
  auto fd = engine::sys::open_file(path, O_RDONLY | O_NONBLOCK);  // never wait on a fifo
  if (!fd) {
    report(fd.error().render());
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      report(engine::sys::Error::last("read", ctx.display(path)).render());
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > Limits::max_file_bytes) {
      report("file larger than " + std::to_string(Limits::max_file_bytes >> 20) + " MiB");
      return std::nullopt;
    }
  }
  return text;
}

namespace {

// The path to a node, rendered only when something is reported there.
struct PathStack {
  struct Segment {
    std::string_view key;
    size_t index;
    bool is_index;
  };
  std::vector<Segment> segments;
  std::string render() const {
    std::string out;
    for (const auto& s : segments) {
      if (s.is_index) {
        out += "[" + std::to_string(s.index) + "]";
      } else {
        if (!out.empty()) out += '.';
        out += s.key;
      }
    }
    return out;
  }
};

class TreeInterpolator {
 public:
  TreeInterpolator(const EnvMap& env, bool substitute, LoadContext& ctx)
      : env_(env), substitute_(substitute), ctx_(ctx), lookup_([this](const std::string& name) -> std::optional<std::string> {
          auto it = env_.find(name);
          if (it == env_.end()) return std::nullopt;
          return it->second;
        }) {}

  void walk(Node& node) {
    switch (node.kind) {
      case Node::Kind::null:
        return;
      case Node::Kind::seq:
        for (size_t i = 0; i < node.items.size(); ++i) {
          path_.segments.push_back({{}, i, true});
          walk(node.items[i]);
          path_.segments.pop_back();
        }
        return;
      case Node::Kind::map:
        for (auto& e : node.entries) {
          path_.segments.push_back({e.key, 0, false});
          walk(e.value);
          path_.segments.pop_back();
        }
        return;
      case Node::Kind::scalar:
        if (node.text.find('$') != std::string::npos) scalar(node);
        return;
    }
  }

 private:
  void scalar(Node& node) {
    for (auto& ref : variables_in(node.text)) {
      auto [it, inserted] = ctx_.variables.emplace(ref.name, ref);
      if (!inserted) {
        it->second.required = it->second.required || ref.required;
        if (!it->second.default_value) it->second.default_value = ref.default_value;
        if (!it->second.alternate) it->second.alternate = ref.alternate;
      }
    }
    if (!substitute_) return;
    Interpolation r = interpolate(node.text, lookup_);
    if (!r.ok()) {
      ctx_.error(node.mark, path_.render(), r.error);
      node.poisoned = true;  // later stages must not report the raw template again
      return;
    }
    for (const auto& name : r.unset)
      ctx_.warn("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
    node.text = std::move(r.value);
  }

  const EnvMap& env_;
  bool substitute_;
  LoadContext& ctx_;
  Lookup lookup_;
  PathStack path_;
};

}  // namespace

void interpolate_tree(Node& root, const EnvMap& env, bool substitute, LoadContext& ctx) {
  TreeInterpolator(env, substitute, ctx).walk(root);
}

std::optional<std::vector<Node>> load_file(const FileInput& file, const TreeScope& scope, LoadContext& ctx) {
  std::optional<std::string> text = file.content;
  if (!text) text = read_text_file(file.path, ctx);
  if (!text) return std::nullopt;
  int source = ctx.add_source(file.display, file.path, scope.base_dir);
  auto documents = parse_yaml(*text, source, ctx);
  if (!documents) return std::nullopt;
  std::vector<Node> out;
  bool valid = true;
  for (auto& doc : *documents) {
    if (doc.is_null()) continue;  // empty file or document
    if (!doc.is_map()) {
      ctx.error(doc.mark, "", "the top level of a compose file must be a mapping, got " + kind_name(doc));
      valid = false;
      continue;
    }
    interpolate_tree(doc, *scope.env, scope.interpolate, ctx);
    normalize_document(doc, NormalizeScope{scope.base_dir, scope.home, scope.interpolate}, ctx);
    out.push_back(std::move(doc));
  }
  if (!valid) return std::nullopt;
  return out;
}

std::optional<Node> load_tree(const std::vector<FileInput>& files, const TreeScope& scope, LoadContext& ctx) {
  Node acc = Node::map();
  bool ok = true;
  for (const auto& file : files) {
    auto documents = load_file(file, scope, ctx);
    if (!documents) {
      ok = false;
      continue;
    }
    TreeScope nested = scope;
    if (file.path != "-") nested.include_chain.push_back(file.path);
    for (auto& doc : *documents) {
      // Per document, like compose: extends sees this document's services; include
      // adds the included projects' resources; then the merge applies !reset and
      // !override against what came before.
      resolve_extends(doc, nested, ctx);
      apply_include(doc, nested, ctx);
      if (acc.mark.source < 0) acc.mark = doc.mark;
      acc = merge_documents(std::move(acc), std::move(doc));
    }
  }
  if (!ok) return std::nullopt;
  return acc;
}

}  // namespace mocker::orchestrator::spec::detail
