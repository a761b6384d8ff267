// extends: a service starts from another service (same file or another file) and
// overrides it by the merge rules. Chains resolve recursively; cycles are errors.
#include "documents.hpp"
#include "merge.hpp"

#include <filesystem>
#include <map>

namespace mocker::orchestrator::spec::detail {

namespace {

class ExtendsResolver {
 public:
  ExtendsResolver(const TreeScope& scope, LoadContext& ctx) : scope_(scope), ctx_(ctx) {}

  void resolve(Node& root) {
    Node* services = root.find("services");
    if (!services || !services->is_map()) return;
    std::string file_key = "\x01self";  // the document itself; no file loads it twice
    // Targets are chosen first: resolving one may take (move out) the node of another,
    // which from then on is read from the memo. Results are written back at the end.
    std::vector<size_t> targets;
    for (size_t i = 0; i < services->entries.size(); ++i) {
      const Node& v = services->entries[i].value;
      if (v.is_map() && v.find("extends")) targets.push_back(i);
    }
    std::vector<std::pair<size_t, const Node*>> resolved;
    for (size_t i : targets) {
      std::vector<Frame> stack;
      std::string name = services->entries[i].key;
      if (const Node* n = service(file_key, *services, name, "", stack)) resolved.emplace_back(i, n);
    }
    // The memo is done with: its results can be moved out.
    for (auto& [i, node] : resolved) services->entries[i].value = std::move(*const_cast<Node*>(node));
  }

 private:
  struct Frame {
    std::string key;
    std::string label;  // "web" or "web (common.yml)"
  };

  // The service with its extends applied: a node of the document, or a result kept in
  // the memo; nullptr when it cannot be resolved (reported).
  const Node* service(const std::string& file_key, Node& services, const std::string& name,
                      const std::string& file_label, std::vector<Frame>& stack) {
    std::string key = file_key + '\n' + name;
    std::string label = file_label.empty() ? name : name + " (" + file_label + ")";
    if (auto it = memo_.find(key); it != memo_.end()) return it->second ? &*it->second : nullptr;
    Node* svc = services.find(name);
    if (!svc) return nullptr;  // the caller reports the missing base
    const Node* ext = svc->is_map() ? svc->find("extends") : nullptr;
    if (!ext) return svc;
    if (ext->poisoned) return nullptr;  // its interpolation failed, reported
    std::string path = "services." + name + ".extends";
    for (size_t i = 0; i < stack.size(); ++i) {
      if (stack[i].key != key) continue;
      std::string cycle;
      for (size_t j = i; j < stack.size(); ++j) cycle += stack[j].label + " -> ";
      ctx_.error(ext->mark, path, "extends cycle: " + cycle + label);
      return nullptr;
    }
    if (static_cast<int>(stack.size()) >= Limits::max_chain) {
      ctx_.error(ext->mark, path, "extends chain longer than " + std::to_string(Limits::max_chain));
      return nullptr;
    }
    if (!ext->is_map()) {
      ctx_.error(ext->mark, path, "expected a service name or a mapping, got " + kind_name(*ext));
      return nullptr;
    }
    const Node* base_name = ext->find("service");
    if (base_name && base_name->poisoned) return nullptr;
    if (!base_name || !base_name->is_scalar() || base_name->text.empty()) {
      ctx_.error(ext->mark, path, "extends needs a service name");
      return nullptr;
    }
    for (const auto& e : ext->entries) {
      if (e.key != "service" && e.key != "file")
        ctx_.error(e.key_mark, path, "unknown attribute \"" + e.key + "\"");
    }
    std::string base_key = file_key;
    std::string base_label = file_label;
    Node* base_services = &services;
    if (const Node* file = ext->find("file"); file && !file->is_null()) {
      if (file->poisoned) return nullptr;
      if (!file->is_scalar()) {
        ctx_.error(file->mark, path + ".file", "expected a path, got " + kind_name(*file));
        return nullptr;
      }
      base_services = other_file(file->text, *file, path + ".file");
      if (!base_services) return nullptr;
      base_key = file->text;
      base_label = std::filesystem::path(file->text).filename().string();
    }
    if (!base_services->find(base_name->text)) {
      ctx_.error(base_name->mark, path + ".service",
                 "service \"" + base_name->text + "\" to extend is not defined" +
                     (base_label.empty() ? std::string() : " in " + base_label));
      return nullptr;
    }
    stack.push_back(Frame{key, label});
    const Node* base = service(base_key, *base_services, base_name->text, base_label, stack);
    stack.pop_back();
    if (!base) {
      memo_.emplace(key, std::nullopt);
      return nullptr;
    }
    // Many services extending one large base multiply it: bound what is copied.
    copied_ += count_nodes(*base);
    if (copied_ > Limits::max_extends_nodes) {
      if (!budget_reported_) ctx_.error(ext->mark, path, "extends copies more than " +
                                                             std::to_string(Limits::max_extends_nodes) + " nodes");
      budget_reported_ = true;
      memo_.emplace(key, std::nullopt);
      return nullptr;
    }
    // Later lookups of this service go through the memo, so its node can be taken.
    Node local = std::move(*svc);
    local.erase("extends");
    std::vector<std::string> merge_path{"services", name};
    auto& slot = memo_[key];
    slot = merge_nodes(*base, std::move(local), merge_path);
    return &*slot;
  }

  // The services mapping of another file, loaded once.
  Node* other_file(const std::string& path, const Node& at, const std::string& at_path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      if (!ctx_.count_file_load(at.mark, at_path)) return nullptr;
      TreeScope scope = scope_;
      scope.base_dir = std::filesystem::path(path).parent_path().string();
      std::optional<Node> merged;
      if (auto text = read_text_file(path, ctx_, &at.mark, at_path)) {
        if (auto docs = load_file(FileInput{path, ctx_.display(path), std::move(text)}, scope, ctx_)) {
          merged = Node::map();
          for (auto& doc : *docs) merged = merge_documents(std::move(*merged), std::move(doc));
        }
      }
      it = files_.emplace(path, std::move(merged)).first;
    }
    if (!it->second) return nullptr;
    Node* services = it->second->find("services");
    if (!services || !services->is_map()) {
      ctx_.error(at.mark, at_path, "no services defined in " + ctx_.display(path));
      return nullptr;
    }
    return services;
  }

  static size_t count_nodes(const Node& n) {
    size_t total = 1;
    for (const auto& i : n.items) total += count_nodes(i);
    for (const auto& e : n.entries) total += count_nodes(e.value);
    return total;
  }

  const TreeScope& scope_;
  LoadContext& ctx_;
  size_t copied_ = 0;
  bool budget_reported_ = false;
  std::map<std::string, std::optional<Node>> files_;
  std::map<std::string, std::optional<Node>> memo_;
};

}  // namespace

void resolve_extends(Node& root, const TreeScope& scope, LoadContext& ctx) {
  ExtendsResolver(scope, ctx).resolve(root);
}

}  // namespace mocker::orchestrator::spec::detail
