#include "normalize.hpp"

#include "short_syntax.hpp"

namespace mocker::orchestrator::spec::detail {

namespace {

class Normalizer {
 public:
  Normalizer(const NormalizeScope& scope, LoadContext& ctx) : scope_(scope), ctx_(ctx) {}

  void document(Node& root) {
    if (!root.is_map()) return;
    if (Node* services = root.find("services"); services && services->is_map()) {
      for (auto& e : services->entries)
        if (e.value.is_map()) service(e.value, join("services", e.key));
    }
    for (const char* kind : {"networks", "volumes", "secrets", "configs"}) {
      Node* section = root.find(kind);
      if (!section || !section->is_map()) continue;
      for (auto& e : section->entries) {
        if (!e.value.is_map()) continue;
        std::string path = join(join(kind, e.key), "labels");
        if (Node* labels = e.value.find("labels")) list_to_map(*labels, path);
        if (Node* file = e.value.find("file")) resolve(*file);
      }
    }
    if (Node* inc = root.find("include")) include(*inc);
  }

 private:
  // False for values the user reset, and for values still holding ${...}.
  bool parsable(const Node& n) const {
    if (n.tag == Tag::reset || n.poisoned) return false;
    return scope_.interpolated || !n.is_scalar() || n.text.find('$') == std::string::npos;
  }

  void resolve(Node& n) {
    if (n.is_scalar() && parsable(n)) n.text = resolve_path(n.text, scope_.base_dir, scope_.home);
  }

  void service(Node& svc, const std::string& path) {
    for (auto& e : svc.entries) {
      Node& v = e.value;
      if (v.tag == Tag::reset) continue;
      const std::string& k = e.key;
      auto p = [&] { return join(path, k); };  // built only for attributes that use it
      if (k == "environment" || k == "labels" || k == "sysctls" || k == "annotations") {
        if (v.is_seq()) list_to_map(v, p());
      } else if (k == "deploy" && v.is_map()) {
        if (Node* labels = v.find("labels"); labels && labels->is_seq()) list_to_map(*labels, join(p(), "labels"));
      } else if (k == "depends_on") {
        if (v.is_seq()) depends_on(v, p());
      } else if (k == "networks") {
        if (v.is_seq()) names_to_map(v, p());
      } else if (k == "ports") {
        ports(v, p());
      } else if (k == "expose") {
        expose(v, p());
      } else if (k == "volumes") {
        volumes(v, p());
      } else if (k == "secrets" || k == "configs") {
        file_references(v);
      } else if (k == "env_file") {
        env_file(v, p());
      } else if (k == "extra_hosts") {
        extra_hosts(v, p());
      } else if (k == "dns" || k == "dns_search" || k == "tmpfs") {
        scalar_to_list(v);
      } else if (k == "build") {
        build(v);
      } else if (k == "extends") {
        extends(v);
      }
    }
  }

  static void scalar_to_list(Node& v) {
    if (!v.is_scalar()) return;
    Node item = v;
    item.tag = Tag::none;
    v.kind = Node::Kind::seq;
    v.text.clear();
    v.items = {std::move(item)};
  }

  // ["KEY=VAL", "KEY"] -> {KEY: VAL, KEY: null}
  void list_to_map(Node& v, const std::string& path) {
    if (!v.is_seq()) return;
    Node map = Node::map(v.mark);
    map.tag = v.tag;
    for (size_t i = 0; i < v.items.size(); ++i) {
      const Node& item = v.items[i];
      if (item.poisoned) continue;
      if (!item.is_scalar()) {
        ctx_.error(item.mark, index(path, i), "expected a \"KEY=VALUE\" string, got " + kind_name(item));
        continue;
      }
      size_t eq = item.text.find('=');
      std::string key = item.text.substr(0, eq);
      if (key.empty()) {
        ctx_.error(item.mark, index(path, i), "empty key in \"" + item.text + "\"");
        continue;
      }
      Node value = eq == std::string::npos ? Node::null(item.mark) : Node::scalar(item.text.substr(eq + 1), item.mark);
      value.quoted = true;
      map.erase(key);
      map.entries.push_back(Node::Entry{std::move(key), item.mark, std::move(value)});
    }
    v = std::move(map);
  }

  void names_to_map(Node& v, const std::string& path) {
    Node map = Node::map(v.mark);
    map.tag = v.tag;
    for (size_t i = 0; i < v.items.size(); ++i) {
      const Node& item = v.items[i];
      if (item.poisoned) continue;
      if (!item.is_scalar() || item.text.empty()) {
        ctx_.error(item.mark, index(path, i), "expected a name, got " + kind_name(item));
        continue;
      }
      if (!map.find(item.text)) map.entries.push_back(Node::Entry{item.text, item.mark, Node::null(item.mark)});
    }
    v = std::move(map);
  }

  void depends_on(Node& v, const std::string& path) {
    if (!v.is_seq()) return;
    names_to_map(v, path);
    for (auto& e : v.entries) {
      Node dep = Node::map(e.key_mark);
      dep.set("condition", Node::scalar("service_started", e.key_mark));
      dep.set("required", Node::scalar("true", e.key_mark));
      e.value = std::move(dep);
    }
  }

  void ports(Node& v, const std::string& path) {
    if (!v.is_seq()) return;
    std::vector<Node> out;
    for (size_t i = 0; i < v.items.size(); ++i) {
      Node& item = v.items[i];
      if (item.poisoned) continue;
      if (item.is_scalar() && parsable(item)) {
        std::string error;
        if (auto expanded = parse_port_short(item.text, item.mark, error)) {
          for (auto& n : *expanded) out.push_back(std::move(n));
        } else {
          ctx_.error(item.mark, index(path, i), error);
        }
      } else if (item.is_map()) {
        long_port(item, index(path, i), out);
      } else {
        out.push_back(std::move(item));
      }
    }
    v.items = std::move(out);
  }

  // Long syntax: default protocol, and a container port range expanded like the short form.
  void long_port(Node& item, const std::string& path, std::vector<Node>& out) {
    if (!item.find("protocol")) item.set("protocol", Node::scalar("tcp", item.mark));
    const Node* target = item.find("target");
    if (!target || !target->is_scalar() || target->text.find('-') == std::string::npos || !parsable(*target)) {
      out.push_back(std::move(item));
      return;
    }
    std::string spec = target->text;
    if (const Node* published = item.find("published"); published && published->is_scalar())
      spec = published->text + ":" + spec;
    std::string error;
    auto expanded = parse_port_short(spec, item.mark, error);
    if (!expanded) {
      ctx_.error(target->mark, join(path, "target"), error);
      return;
    }
    for (auto& n : *expanded) {
      Node copy = item;
      copy.set("target", std::move(*n.find("target")));
      if (Node* pub = n.find("published")) copy.set("published", std::move(*pub));
      out.push_back(std::move(copy));
    }
  }

  void expose(Node& v, const std::string& path) {
    if (!v.is_seq()) return;
    std::vector<Node> out;
    for (size_t i = 0; i < v.items.size(); ++i) {
      Node& item = v.items[i];
      if (item.poisoned) continue;
      if (!item.is_scalar() || !parsable(item)) {
        out.push_back(std::move(item));
        continue;
      }
      std::string error;
      if (auto ports = parse_expose(item.text, error)) {
        for (auto& p : *ports) out.push_back(Node::scalar(std::move(p), item.mark));
      } else {
        ctx_.error(item.mark, index(path, i), error);
      }
    }
    v.items = std::move(out);
  }

  void volumes(Node& v, const std::string& path) {
    if (!v.is_seq()) return;
    std::vector<Node> out;
    for (size_t i = 0; i < v.items.size(); ++i) {
      Node& item = v.items[i];
      if (item.poisoned) continue;
      if (item.is_scalar() && parsable(item)) {
        std::string error;
        if (auto long_form = parse_volume_short(item.text, item.mark, scope_.base_dir, scope_.home, error)) {
          out.push_back(std::move(*long_form));
        } else {
          ctx_.error(item.mark, index(path, i), error);  // reported once: the entry is dropped
        }
        continue;
      }
      if (item.is_map()) {
        const Node* type = item.find("type");
        Node* source = item.find("source");
        if (type && type->is_scalar() && type->text == "bind" && source) resolve(*source);
      }
      out.push_back(std::move(item));
    }
    v.items = std::move(out);
  }

  static void file_references(Node& v) {
    if (!v.is_seq()) return;
    for (auto& item : v.items) {
      if (!item.is_scalar()) continue;
      Node ref = Node::map(item.mark);
      ref.set("source", Node::scalar(item.text, item.mark));
      item = std::move(ref);
    }
  }

  void env_file(Node& v, const std::string& path) {
    scalar_to_list(v);
    if (!v.is_seq()) return;
    for (size_t i = 0; i < v.items.size(); ++i) {
      Node& item = v.items[i];
      if (item.is_scalar()) {
        Node entry = Node::map(item.mark);
        entry.set("path", Node::scalar(item.text, item.mark));
        item = std::move(entry);
      }
      if (!item.is_map()) {
        ctx_.error(item.mark, index(path, i), "expected a path or a mapping, got " + kind_name(item));
        continue;
      }
      if (Node* p = item.find("path")) resolve(*p);
    }
  }

  void extra_hosts(Node& v, const std::string& path) {
    std::vector<Node> out;
    if (v.is_map()) {
      for (auto& e : v.entries) {
        if (e.value.is_seq()) {
          for (const auto& ip : e.value.items)
            if (ip.is_scalar()) out.push_back(Node::scalar(e.key + "=" + ip.text, ip.mark));
        } else if (e.value.is_scalar()) {
          out.push_back(Node::scalar(e.key + "=" + e.value.text, e.value.mark));
        } else {
          ctx_.error(e.value.mark, join(path, e.key), "expected an IP address, got " + kind_name(e.value));
        }
      }
    } else if (v.is_seq()) {
      for (size_t i = 0; i < v.items.size(); ++i) {
        Node& item = v.items[i];
        if (item.poisoned) continue;
        if (!item.is_scalar() || !parsable(item)) {
          out.push_back(std::move(item));
          continue;
        }
        if (auto host = parse_extra_host(item.text)) {
          out.push_back(Node::scalar(host->first + "=" + host->second, item.mark));
        } else {
          ctx_.error(item.mark, index(path, i), "invalid extra host \"" + item.text + "\": expected HOST=IP");
        }
      }
    } else {
      return;
    }
    Tag tag = v.tag;
    v = Node::seq(v.mark);
    v.tag = tag;
    v.items = std::move(out);
  }

  static bool is_url(const std::string& s) {
    return s.find("://") != std::string::npos || s.rfind("git@", 0) == 0 || s.rfind("github.com/", 0) == 0;
  }

  void build(Node& v) {
    if (v.is_scalar()) {
      Tag tag = v.tag;
      Node context = v;
      v = Node::map(v.mark);
      v.tag = tag;
      v.set("context", std::move(context));
    }
    if (!v.is_map()) return;
    Node* context = v.find("context");
    if (!context) context = &v.set("context", Node::scalar(".", v.mark));
    if (context->is_scalar() && !is_url(context->text)) resolve(*context);
  }

  void extends(Node& v) {
    if (v.poisoned) return;
    if (v.is_scalar()) {
      Tag tag = v.tag;
      Node service = v;
      v = Node::map(v.mark);
      v.tag = tag;
      v.set("service", std::move(service));
    }
    if (!v.is_map()) return;
    if (Node* file = v.find("file")) resolve(*file);
  }

  // Long form with absolute paths: [{path: [...], project_directory?, env_file?: [...]}]
  void include(Node& v) {
    if (!v.is_seq()) return;
    for (auto& item : v.items) {
      if (item.is_scalar()) {
        Node entry = Node::map(item.mark);
        entry.set("path", item);
        item = std::move(entry);
      }
      if (!item.is_map()) continue;
      for (const char* key : {"path", "env_file"}) {
        Node* list = item.find(key);
        if (!list) continue;
        scalar_to_list(*list);
        if (list->is_seq())
          for (auto& p : list->items) resolve(p);
      }
      if (Node* dir = item.find("project_directory")) resolve(*dir);
    }
  }

  const NormalizeScope& scope_;
  LoadContext& ctx_;
};

}  // namespace

void normalize_document(Node& root, const NormalizeScope& scope, LoadContext& ctx) {
  Normalizer(scope, ctx).document(root);
}

}  // namespace mocker::orchestrator::spec::detail
