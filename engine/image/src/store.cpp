#include <mocker/image/store.hpp>

#include <mocker/image/digest.hpp>
#include <mocker/storage/subvolume.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace mocker::engine::image {

namespace {
constexpr const char* kKind = "images";

bool has_tag(const Image& image, const std::string& tag) {
  return std::find(image.repo_tags.begin(), image.repo_tags.end(), tag) != image.repo_tags.end();
}
}  // namespace

nlohmann::json image_to_json(const Image& image) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : image.layers) layers.push_back({{"diff_id", l.diff_id}, {"chain_id", l.chain_id}});
  return {{"id", image.id},           {"repo_tags", image.repo_tags},   {"created", image.created},
          {"architecture", image.architecture}, {"os", image.os},      {"config", config_to_json(image.config)},
          {"layers", layers},         {"size", image.size},             {"source", image.source}};
}

Image image_from_json(const nlohmann::json& j) {
  Image image;
  image.id = j.value("id", "");
  image.repo_tags = j.value("repo_tags", std::vector<std::string>{});
  image.created = j.value("created", "");
  image.architecture = j.value("architecture", "amd64");
  image.os = j.value("os", "linux");
  image.config = config_from_json(j.value("config", nlohmann::json::object()));
  for (const auto& l : j.value("layers", nlohmann::json::array()))
    image.layers.push_back({l.value("diff_id", ""), l.value("chain_id", "")});
  image.size = j.value("size", uint64_t{0});
  image.source = j.value("source", "");
  return image;
}

std::string ImageStore::layer_path(const std::string& chain_id) const {
  return store_.layers_dir() + "/" + digest_hex(chain_id);
}

sys::Result<std::vector<Image>> ImageStore::list() const {
  auto records = MOCKER_TRY(records_.list(kKind));
  std::vector<Image> out;
  for (const auto& r : records) out.push_back(image_from_json(r));
  return out;
}

sys::Result<Image> ImageStore::resolve(const std::string& text) const {
  auto images = MOCKER_TRY(list());
  std::string hex = digest_hex(text);
  bool maybe_id = hex.size() >= 4 && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (maybe_id) {
    std::vector<const Image*> found;
    for (const auto& i : images)
      if (digest_hex(i.id).starts_with(hex)) found.push_back(&i);
    if (found.size() == 1) return *found[0];
    if (found.size() > 1) return sys::Error::invalid("resolve image", text, "ambiguous id prefix: matches " + std::to_string(found.size()) + " images");
  }
  auto ref = parse_reference(text);
  if (!ref) {
    if (maybe_id) return sys::Error::invalid("resolve image", text, "no such image");
    return std::move(ref).error();
  }
  std::string tag = ref->str();
  for (const auto& i : images)
    if (has_tag(i, tag)) return i;
  return sys::Error::invalid("resolve image", tag, "no such image")
      .with_hint("there is no pull yet: get one with `mocker import FILE -t " + tag +
                 "` (a docker save archive, an OCI layout or a rootfs tarball) or `mocker init DIR -t " + tag +
                 "` (a root filesystem directory, e.g. made by mmdebstrap)");
}

sys::Status ImageStore::save_record(Image& image) const {
  // Merge with an existing record of the same id; a tag moves to this image.
  auto existing = MOCKER_TRY(records_.read(kKind, digest_hex(image.id)));
  if (existing) {
    Image old = image_from_json(*existing);
    for (const auto& t : old.repo_tags)
      if (!has_tag(image, t)) image.repo_tags.push_back(t);
    image.created = old.created.empty() ? image.created : old.created;
  }
  auto others = MOCKER_TRY(list());
  for (auto& other : others) {
    if (other.id == image.id) continue;
    auto before = other.repo_tags.size();
    std::erase_if(other.repo_tags, [&](const std::string& t) { return has_tag(image, t); });
    if (other.repo_tags.size() != before) MOCKER_TRY(records_.write(kKind, digest_hex(other.id), image_to_json(other)));
  }
  std::sort(image.repo_tags.begin(), image.repo_tags.end());
  return records_.write(kKind, digest_hex(image.id), image_to_json(image));
}

sys::Result<Image> ImageStore::commit(Image image, const std::string& scratch_layers_dir) {
  auto lock = MOCKER_TRY(records_.lock());
  for (const auto& layer : image.layers) {
    std::string built = scratch_layers_dir + "/" + digest_hex(layer.chain_id);
    std::string final_path = layer_path(layer.chain_id);
    if (::access(built.c_str(), F_OK) != 0) continue;        // reused an existing layer
    if (::access(final_path.c_str(), F_OK) == 0) continue;   // another command stored it meanwhile
    // A snapshot, not a rename: read-only subvolumes cannot move. The scratch
    // copy goes with the scratch directory.
    MOCKER_TRY(storage::snapshot(built, final_path, storage::Access::read_only));
  }
  MOCKER_TRY(save_record(image));
  return image;
}

sys::Status ImageStore::tag(const std::string& source, const Reference& target) {
  auto lock = MOCKER_TRY(records_.lock());
  Image image = MOCKER_TRY(resolve(source));
  if (!has_tag(image, target.str())) image.repo_tags.push_back(target.str());
  return save_record(image);
}

sys::Status ImageStore::remove_unreferenced_layers() const {
  auto images = MOCKER_TRY(list());
  std::set<std::string> used;
  for (const auto& i : images)
    for (const auto& l : i.layers) used.insert(digest_hex(l.chain_id));
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(store_.layers_dir(), ec)) {
    if (used.count(e.path().filename())) continue;
    MOCKER_TRY(storage::delete_subvolume(e.path()));
  }
  return sys::ok();
}

sys::Result<std::vector<std::string>> ImageStore::remove(const std::string& text, bool force, const InUse& in_use) {
  auto lock = MOCKER_TRY(records_.lock());
  Image image = MOCKER_TRY(resolve(text));
  std::vector<std::string> report;
  auto ref = parse_reference(text);
  bool by_tag = ref && has_tag(image, ref->str());
  if (by_tag && image.repo_tags.size() > 1) {  // only the name goes
    std::erase(image.repo_tags, ref->str());
    MOCKER_TRY(records_.write(kKind, digest_hex(image.id), image_to_json(image)));
    return std::vector<std::string>{"Untagged: " + ref->str()};
  }
  if (!by_tag && image.repo_tags.size() > 1 && !force)
    return sys::Error::invalid("remove image", text, "image is referenced by " + std::to_string(image.repo_tags.size()) +
                                                       " names; remove them by name or use -f");
  if (in_use && in_use(image.id) && !force)
    return sys::Error::invalid("remove image", text, "image is in use by a container; stop and remove it first or use -f");
  for (const auto& t : image.repo_tags) report.push_back("Untagged: " + t);
  MOCKER_TRY(records_.remove(kKind, digest_hex(image.id)));
  MOCKER_TRY(remove_unreferenced_layers());
  report.push_back("Deleted: " + image.id);
  return report;
}

sys::Status ImageStore::create_rootfs(const Image& image, const std::string& dest) const {
  if (image.layers.empty()) return storage::create_subvolume(dest);
  return storage::snapshot(layer_path(image.top_chain()), dest, storage::Access::writable);
}

}  // namespace mocker::engine::image
