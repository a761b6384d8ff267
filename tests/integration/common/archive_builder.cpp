#include "archive_builder.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mocker::test {

Tar& Tar::file(const std::string& path, const std::string& content, int mode, int uid, int gid) {
  entries_.push_back({path, content, "", 'f', mode, uid, gid});
  return *this;
}
Tar& Tar::dir(const std::string& path, int mode) {
  entries_.push_back({path, "", "", 'd', mode, 0, 0});
  return *this;
}
Tar& Tar::symlink(const std::string& path, const std::string& target) {
  entries_.push_back({path, "", target, 'l', 0777, 0, 0});
  return *this;
}
Tar& Tar::hardlink(const std::string& path, const std::string& target) {
  entries_.push_back({path, "", target, 'h', 0644, 0, 0});
  return *this;
}
Tar& Tar::fifo(const std::string& path) {
  entries_.push_back({path, "", "", 'p', 0644, 0, 0});
  return *this;
}

namespace {

la_ssize_t append(struct archive*, void* out, const void* buf, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

struct Writer {
  struct archive* a = archive_write_new();
  std::string out;
  explicit Writer(bool gzip) {
    archive_write_set_format_pax_restricted(a);
    if (gzip) archive_write_add_filter_gzip(a);
    archive_write_set_bytes_per_block(a, 10240);
    if (gzip) archive_write_set_bytes_in_last_block(a, 1);  // no zero padding after the gzip stream
    if (archive_write_open(a, &out, nullptr, append, nullptr) != ARCHIVE_OK) throw std::runtime_error("archive open");
  }
  void add(const std::string& path, char type, const std::string& content, const std::string& link, int mode, int uid, int gid) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_mtime(e, 1700000000, 0);
    archive_entry_set_uid(e, uid);
    archive_entry_set_gid(e, gid);
    switch (type) {
      case 'f': archive_entry_set_filetype(e, AE_IFREG); archive_entry_set_size(e, static_cast<la_int64_t>(content.size())); break;
      case 'd': archive_entry_set_filetype(e, AE_IFDIR); break;
      case 'l': archive_entry_set_filetype(e, AE_IFLNK); archive_entry_set_symlink(e, link.c_str()); break;
      case 'h': archive_entry_set_filetype(e, AE_IFREG); archive_entry_set_hardlink(e, link.c_str()); break;
      case 'p': archive_entry_set_filetype(e, AE_IFIFO); break;
    }
    archive_entry_set_perm(e, static_cast<mode_t>(mode));
    archive_write_header(a, e);
    if (type == 'f' && !content.empty()) archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  std::string finish() {
    archive_write_close(a);
    archive_write_free(a);
    return out;
  }
};
}  // namespace

std::string Tar::bytes() const {
  Writer w(false);
  for (const auto& e : entries_) w.add(e.path, e.type, e.content, e.link, e.mode, e.uid, e.gid);
  return w.finish();
}

std::string Tar::gzipped() const {
  Writer w(true);
  for (const auto& e : entries_) w.add(e.path, e.type, e.content, e.link, e.mode, e.uid, e.gid);
  return w.finish();
}

std::string sha256_of(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  const char* d = "0123456789abcdef";
  for (unsigned i = 0; i < len; ++i) {
    hex += d[md[i] >> 4];
    hex += d[md[i] & 15];
  }
  return "sha256:" + hex;
}

std::string config_json(const ImageSpec& spec) {
  nlohmann::json diff_ids = nlohmann::json::array();
  for (const auto& l : spec.layers) diff_ids.push_back(sha256_of(l));
  nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"}, {"created", "2026-01-02T03:04:05Z"},
                           {"config", nlohmann::json::parse(spec.config_object)},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  return config.dump();
}

namespace {
std::string hex_of(const std::string& digest) { return digest.substr(7); }
}  // namespace

std::string docker_save_archive(const ImageSpec& spec) {
  Tar outer;
  std::string config = config_json(spec);
  std::string config_name = hex_of(sha256_of(config)) + ".json";
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    std::string dir = "layer" + std::to_string(i) + "-" + hex_of(sha256_of(spec.layers[i])).substr(0, 8);
    outer.dir(dir);
    outer.file(dir + "/layer.tar", spec.layers[i]);
    outer.file(dir + "/VERSION", "1.0");
    layers.push_back(dir + "/layer.tar");
  }
  outer.file(config_name, config);
  nlohmann::json manifest = nlohmann::json::array({{{"Config", config_name}, {"RepoTags", spec.tags}, {"Layers", layers}}});
  outer.file("manifest.json", manifest.dump());
  return outer.bytes();
}

std::string oci_layout_archive(const ImageSpec& spec, bool gzip_layers) {
  Tar outer;
  outer.file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  outer.dir("blobs");
  outer.dir("blobs/sha256");
  auto blob = [&](const std::string& content) {
    std::string digest = sha256_of(content);
    outer.file("blobs/sha256/" + hex_of(digest), content);
    return digest;
  };
  std::string config = config_json(spec);
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : spec.layers) {
    std::string stored = l;
    if (gzip_layers) {
      // Re-pack the layer's tar bytes through gzip by wrapping them raw.
      struct archive* a = archive_write_new();
      std::string out;
      archive_write_add_filter_gzip(a);
      archive_write_set_format_raw(a);
      archive_write_set_bytes_in_last_block(a, 1);
      archive_write_open(a, &out, nullptr, append, nullptr);
      struct archive_entry* e = archive_entry_new();
      archive_entry_set_filetype(e, AE_IFREG);
      archive_write_header(a, e);
      archive_write_data(a, l.data(), l.size());
      archive_entry_free(e);
      archive_write_close(a);
      archive_write_free(a);
      stored = out;
    }
    std::string media = gzip_layers ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar";
    layers.push_back({{"mediaType", media}, {"digest", blob(stored)}, {"size", stored.size()}});
  }
  nlohmann::json manifest = {{"schemaVersion", 2},
                             {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                             {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", blob(config)}, {"size", config.size()}}},
                             {"layers", layers}};
  std::string manifest_text = manifest.dump();
  nlohmann::json descriptor = {{"mediaType", "application/vnd.oci.image.manifest.v1+json"}, {"digest", blob(manifest_text)}, {"size", manifest_text.size()}};
  if (!spec.tags.empty()) descriptor["annotations"] = {{"io.containerd.image.name", spec.tags[0]}, {"org.opencontainers.image.ref.name", "latest"}};
  outer.file("index.json", nlohmann::json({{"schemaVersion", 2}, {"manifests", {descriptor}}}).dump());
  return outer.bytes();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace mocker::test
