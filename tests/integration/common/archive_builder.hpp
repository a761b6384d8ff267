#pragma once
// Builds tar archives in memory for tests: layers, `docker save` archives and
// OCI layouts, including hostile ones (escaping paths, bad digests).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mocker::test {

class Tar {
 public:
  Tar& file(const std::string& path, const std::string& content, int mode = 0644, int uid = 0, int gid = 0);
  Tar& dir(const std::string& path, int mode = 0755);
  Tar& symlink(const std::string& path, const std::string& target);
  Tar& hardlink(const std::string& path, const std::string& target);
  Tar& fifo(const std::string& path);
  // Whiteouts as image layers spell them.
  Tar& whiteout(const std::string& dir, const std::string& name) { return file(join(dir, ".wh." + name), ""); }
  Tar& opaque(const std::string& dir) { return file(join(dir, ".wh..wh..opq"), ""); }

  std::string bytes() const;     // uncompressed tar
  std::string gzipped() const;   // gzip-compressed tar

 private:
  static std::string join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }
  struct Entry {
    std::string path, content, link;
    char type;  // f d l h p
    int mode, uid, gid;
  };
  std::vector<Entry> entries_;
};

std::string sha256_of(const std::string& data);

struct ImageSpec {
  std::vector<std::string> layers;  // uncompressed tars
  std::string config_object;        // JSON of the "config" member
  std::vector<std::string> tags;
};

std::string config_json(const ImageSpec& spec);
std::string docker_save_archive(const ImageSpec& spec);
std::string oci_layout_archive(const ImageSpec& spec, bool gzip_layers = true);

void write_file(const std::string& path, const std::string& content);

}  // namespace mocker::test
