// mocker import: plain rootfs tarballs, `docker save` archives, OCI layouts.
#include "builder.hpp"
#include "confined.hpp"
#include "layer.hpp"
#include "libarchive.hpp"
#include "stream.hpp"

#include <mocker/image/digest.hpp>
#include <mocker/image/store.hpp>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include <cerrno>
#include <set>

namespace mocker::engine::image {

namespace {

using Json = nlohmann::json;

enum class Format { rootfs, docker_archive, oci_layout };

sys::Result<Format> detect_format(const std::string& file) {
  sys::Fd fd = MOCKER_TRY(sys::open_file(file, O_RDONLY));  // errno in words, unlike libarchive's message
  const Libarchive& la = *MOCKER_TRY(libarchive());
  struct archive* a = la.archive_read_new();
  la.archive_read_support_filter_all(a);
  la.archive_read_support_format_tar(a);
  la.archive_read_support_format_gnutar(a);
  std::set<std::string> top;
  auto fail = [&](const std::string& what) {
    auto e = sys::Error::invalid(what, file, la.archive_error_string(a) ? la.archive_error_string(a) : "unreadable");
    la.archive_read_free(a);
    return e;
  };
  if (la.archive_read_open_fd(a, fd.get(), 1 << 16) != ARCHIVE_OK) return fail("open archive");
  struct archive_entry* e;
  int rc;
  while ((rc = la.archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    std::string name = la.archive_entry_pathname(e) ? la.archive_entry_pathname(e) : "";
    while (name.starts_with("./")) name = name.substr(2);
    top.insert(name);
    if (la.archive_read_data_skip(a) < ARCHIVE_WARN) return fail("read archive");
  }
  if (rc != ARCHIVE_EOF) return fail(top.empty() ? "read archive (not a tar archive?)" : "read archive");
  la.archive_read_free(a);
  if (top.count("manifest.json")) return Format::docker_archive;
  if (top.count("oci-layout") && top.count("index.json")) return Format::oci_layout;
  return Format::rootfs;
}

// A file inside the unpacked bundle, resolved without leaving it.
sys::Result<sys::Fd> open_in_bundle(int bundle_fd, const std::string& path) {
  struct open_how how {};
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd = static_cast<int>(::syscall(SYS_openat2, bundle_fd, path.c_str(), &how, sizeof how));
  if (fd < 0) return sys::Error::last("open archive member", path);
  return sys::Fd(fd);
}

sys::Result<Json> read_json_member(int bundle_fd, const std::string& path) {
  sys::Fd fd = MOCKER_TRY(open_in_bundle(bundle_fd, path));
  std::string text = MOCKER_TRY(sys::read_all(fd.get(), path));
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return sys::Error::invalid("parse", path, "not valid JSON");
  return j;
}

sys::Result<std::string> read_member(int bundle_fd, const std::string& path) {
  sys::Fd fd = MOCKER_TRY(open_in_bundle(bundle_fd, path));
  return sys::read_all(fd.get(), path);
}

struct LayerSource {
  std::string path;         // inside the bundle
  std::string blob_digest;  // expected digest of the file, when the format names one
};

struct ImagePlan {
  std::string config_bytes;
  std::vector<LayerSource> layers;
  std::vector<std::string> tags;
  std::string source;
};

class Importer {
 public:
  explicit Importer(LayerBuilder& builder) : builder_(builder) {}

  // Applies one layer from an open file onto a snapshot of the parent.
  sys::Result<std::string> build_layer(sys::Fd file, const std::string& display, const std::string& parent,
                                       const std::string& expected_diff, const std::string& expected_blob,
                                       uint64_t& size) {
    std::string work = MOCKER_TRY(builder_.begin(parent));
    auto stream = MOCKER_TRY(TarStream::open(std::move(file), display));
    auto stats = MOCKER_TRY(apply_layer(*stream, work, display));
    MOCKER_TRY(stream->finish());
    size += stats.bytes;
    if (!expected_blob.empty() && stream->blob_digest() != expected_blob)
      return sys::Error::invalid("verify layer", display, "digest " + stream->blob_digest() + " does not match " + expected_blob);
    if (!expected_diff.empty() && stream->diff_id() != expected_diff)
      return sys::Error::invalid("verify layer", display, "content digest " + stream->diff_id() + " does not match diff_id " + expected_diff);
    std::string diff = stream->diff_id();
    std::string chain = chain_id(parent, diff);
    MOCKER_TRY(builder_.finish(work, chain));
    return diff;
  }

  sys::Result<Image> from_plan(int bundle_fd, const ImagePlan& plan) {
    Json config = Json::parse(plan.config_bytes, nullptr, false);
    if (config.is_discarded() || !config.is_object())
      return sys::Error::invalid("parse image config", plan.source, "not a JSON object");
    auto diff_ids = config.value("/rootfs/diff_ids"_json_pointer, std::vector<std::string>{});
    if (diff_ids.size() != plan.layers.size())
      return sys::Error::invalid("read image", plan.source, "manifest lists " + std::to_string(plan.layers.size()) +
                                     " layers but the config has " + std::to_string(diff_ids.size()) + " diff_ids");
    Image image;
    image.id = sha256_digest(plan.config_bytes);
    image.created = config.value("created", now_rfc3339());
    image.architecture = config.value("architecture", "amd64");
    image.os = config.value("os", "linux");
    image.config = config_from_json(config.value("config", Json::object()));
    image.source = plan.source;
    std::string parent;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
      std::string chain = chain_id(parent, diff_ids[i]);
      if (!builder_.exists(chain)) {
        sys::Fd fd = MOCKER_TRY(open_in_bundle(bundle_fd, plan.layers[i].path));
        MOCKER_TRY(build_layer(std::move(fd), "layer " + std::to_string(i + 1) + " (" + plan.layers[i].path + ")",
                               parent, diff_ids[i], plan.layers[i].blob_digest, image.size));
      }
      image.layers.push_back({diff_ids[i], chain});
      parent = chain;
    }
    for (const auto& t : plan.tags) {
      auto ref = parse_reference(t);
      if (ref) image.repo_tags.push_back(ref->str());
    }
    return image;
  }

 private:
  LayerBuilder& builder_;
};

sys::Result<std::vector<ImagePlan>> docker_archive_plans(int bundle_fd) {
  Json manifest = MOCKER_TRY(read_json_member(bundle_fd, "manifest.json"));
  if (!manifest.is_array() || manifest.empty())
    return sys::Error::invalid("read", "manifest.json", "expected a non-empty JSON array");
  std::vector<ImagePlan> plans;
  for (const auto& m : manifest) {
    ImagePlan p;
    p.source = "docker-archive";
    if (!m.contains("Config") || !m["Config"].is_string())
      return sys::Error::invalid("read", "manifest.json", "entry without a Config path");
    p.config_bytes = MOCKER_TRY(read_member(bundle_fd, m["Config"].get<std::string>()));
    for (const auto& l : m.value("Layers", Json::array())) p.layers.push_back({l.get<std::string>(), ""});
    p.tags = m.value("RepoTags", std::vector<std::string>{});
    plans.push_back(std::move(p));
  }
  return plans;
}

std::string blob_path(const std::string& digest) {
  auto colon = digest.find(':');
  if (colon == std::string::npos) return "blobs/" + digest;
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

sys::Result<std::string> verified_blob(int bundle_fd, const std::string& digest) {
  std::string bytes = MOCKER_TRY(read_member(bundle_fd, blob_path(digest)));
  if (sha256_digest(bytes) != digest)
    return sys::Error::invalid("verify blob", blob_path(digest), "content does not match its digest");
  return bytes;
}

// Picks the manifest for this platform from an image index.
sys::Result<Json> select_manifest(int bundle_fd, Json descriptor, int depth = 0) {
  if (depth > 4) return sys::Error::invalid("read", "index.json", "image indexes nested too deeply");
  std::string bytes = MOCKER_TRY(verified_blob(bundle_fd, descriptor.value("digest", "")));
  Json doc = Json::parse(bytes, nullptr, false);
  if (doc.is_discarded()) return sys::Error::invalid("parse", blob_path(descriptor.value("digest", "")), "not valid JSON");
  if (!doc.contains("manifests")) return doc;
  for (const auto& m : doc["manifests"]) {
    auto platform = m.value("platform", Json::object());
    if (platform.value("os", "linux") == "linux" && platform.value("architecture", "amd64") == "amd64")
      return select_manifest(bundle_fd, m, depth + 1);
  }
  return sys::Error::invalid("read image index", blob_path(descriptor.value("digest", "")), "no linux/amd64 image in it");
}

sys::Result<std::vector<ImagePlan>> oci_layout_plans(int bundle_fd) {
  Json index = MOCKER_TRY(read_json_member(bundle_fd, "index.json"));
  std::vector<ImagePlan> plans;
  for (const auto& d : index.value("manifests", Json::array())) {
    Json manifest = MOCKER_TRY(select_manifest(bundle_fd, d));
    ImagePlan p;
    p.source = "oci-layout";
    std::string config_digest = manifest.value("/config/digest"_json_pointer, std::string());
    p.config_bytes = MOCKER_TRY(verified_blob(bundle_fd, config_digest));
    for (const auto& l : manifest.value("layers", Json::array())) {
      std::string digest = l.value("digest", "");
      p.layers.push_back({blob_path(digest), digest});
    }
    auto annotations = d.value("annotations", Json::object());
    std::string name = annotations.value("io.containerd.image.name", annotations.value("org.opencontainers.image.ref.name", ""));
    if (name.find(':') != std::string::npos || name.find('/') != std::string::npos) p.tags.push_back(name);
    plans.push_back(std::move(p));
  }
  if (plans.empty()) return sys::Error::invalid("read", "index.json", "no images in the layout");
  return plans;
}

sys::Result<Image> import_rootfs(Importer& importer, const std::string& file, const ImageConfig& changed,
                                 bool has_changes) {
  sys::Fd fd = MOCKER_TRY(sys::open_file(file, O_RDONLY));
  Image image;
  std::string diff = MOCKER_TRY(importer.build_layer(std::move(fd), file, "", "", "", image.size));
  image.layers.push_back({diff, diff});
  image.source = "rootfs-tarball";
  image.created = now_rfc3339();
  image.config = changed;
  // Without changes the config (and so the id) is what it always was.
  Json config = {{"architecture", "amd64"}, {"os", "linux"}, {"config", has_changes ? config_to_json(changed) : Json::object()},
                 {"rootfs", {{"type", "layers"}, {"diff_ids", {diff}}}}};
  image.id = sha256_digest(config.dump());
  return image;
}

}  // namespace

sys::Result<std::vector<Image>> ImageStore::import_archive(const std::string& file, const std::optional<Reference>& tag,
                                                          const std::vector<std::string>& changes) {
  std::string context = "import " + file;
  ImageConfig changed = MOCKER_TRY(std::move(apply_changes({}, changes)).context(context));
  Format format = MOCKER_TRY(std::move(detect_format(file)).context(context));
  if (format != Format::rootfs && !changes.empty())
    return sys::Error::invalid("import", file, "--change applies to a rootfs tarball; this archive carries its own image config");
  auto scratch = MOCKER_TRY(store_.make_scratch());
  LayerBuilder builder(*this, scratch.path());
  MOCKER_TRY(builder.prepare());
  Importer importer(builder);
  std::vector<Image> built;
  if (format == Format::rootfs) {
    built.push_back(MOCKER_TRY(std::move(import_rootfs(importer, file, changed, !changes.empty())).context(context)));
  } else {
    std::string bundle = scratch.path() + "/bundle";
    auto stream = MOCKER_TRY(TarStream::open(MOCKER_TRY(sys::open_file(file, O_RDONLY)), file));
    if (::mkdir(bundle.c_str(), 0700) != 0) return sys::Error::last("create directory", bundle);
    MOCKER_TRY(std::move(apply_layer(*stream, bundle, file)).context(context));
    sys::Fd bundle_fd = MOCKER_TRY(sys::open_file(bundle, O_PATH | O_DIRECTORY));
    auto plans = MOCKER_TRY(std::move(format == Format::docker_archive ? docker_archive_plans(bundle_fd.get())
                                                                       : oci_layout_plans(bundle_fd.get()))
                                .context(context));
    for (const auto& plan : plans)
      built.push_back(MOCKER_TRY(std::move(importer.from_plan(bundle_fd.get(), plan)).context(context)));
  }
  if (tag) built.front().repo_tags.push_back(tag->str());
  std::vector<Image> saved;
  for (auto& image : built) saved.push_back(MOCKER_TRY(commit(std::move(image), builder.dir())));
  return saved;
}

}  // namespace mocker::engine::image
