#pragma once
// A privileged test with an engine on a fresh loop-backed store of its own.
#include <mocker/container/engine.hpp>
#include <mocker/test/harness.hpp>

#include <map>
#include <memory>
#include <string>

namespace mocker::test {

class EngineTest : public PrivilegedTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  void open_engine();

  engine::Engine& engine() { return *engine_; }
  std::string store_root() const { return root_dir() + "/root"; }
  std::string path(const std::string& name) const { return root_dir() + "/" + name; }

  // Every file under dir: relative path -> "type mode uid:gid content-or-target".
  static std::map<std::string, std::string> tree(const std::string& dir);
  // Nothing half-made: no image, no layer, no scratch, no subvolume.
  void expect_store_empty();
  // Nothing of any container left: no record, no container dir or subvolume.
  void expect_no_containers();
  // Every network, the default one included (fails the test if one is in use).
  void remove_networks();
  // No lease or port record, no link but lo, no nft table of ours.
  void expect_no_network_leftovers();
  // A busybox image (from busybox-static) with mocker-probe in /bin, as NAME.
  void make_busybox_image(const std::string& name = "busybox");

  uint64_t store_size_ = 1ULL << 30;
  std::unique_ptr<engine::Engine> engine_;
};

}  // namespace mocker::test
