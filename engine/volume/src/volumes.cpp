#include <mocker/volume/volumes.hpp>

#include <mocker/storage/subvolume.hpp>
#include <mocker/sys/fault.hpp>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <regex>

namespace mocker::engine::volume {
namespace {

constexpr const char* kKind = "volumes";

std::string now_rfc3339() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json to_json(const Volume& v) {
  return {{"name", v.name}, {"mountpoint", v.mountpoint}, {"labels", v.labels}, {"created", v.created}};
}

Volume from_json(const nlohmann::json& j) {
  Volume v;
  v.name = j.value("name", "");
  v.mountpoint = j.value("mountpoint", "");
  v.labels = j.value("labels", state::Labels{});
  v.created = j.value("created", "");
  return v;
}

sys::Error no_such_volume(const std::string& name) { return sys::Error::invalid("find volume", name, "no such volume"); }

}  // namespace

bool valid_volume_name(const std::string& name) {
  static const std::regex pattern("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  return name.size() <= 255 && std::regex_match(name, pattern);
}

sys::Result<Volume> Volumes::create(const VolumeSpec& spec) {
  auto lock = MOCKER_TRY(records_.lock());
  auto existing = MOCKER_TRY(records_.read(kKind, spec.name));
  if (existing) return sys::Error::invalid("create volume", spec.name, "a volume with this name already exists");
  return create_locked(spec);
}

sys::Result<Volume> Volumes::ensure(const VolumeSpec& spec) {
  auto lock = MOCKER_TRY(records_.lock());
  auto existing = MOCKER_TRY(records_.read(kKind, spec.name));
  if (!existing) return create_locked(spec);
  Volume v = from_json(*existing);
  MOCKER_TRY(finish(v));
  return v;
}

sys::Status Volumes::repair(const std::string& name) {
  if (!valid_volume_name(name)) return sys::ok();
  auto lock = MOCKER_TRY(records_.lock());
  auto existing = MOCKER_TRY(records_.read(kKind, name));
  if (!existing) return sys::ok();
  return finish(from_json(*existing));
}

// A crash between record and subvolume leaves the record alone: finish the job.
sys::Status Volumes::finish(const Volume& v) {
  if (storage::is_subvolume(v.mountpoint)) return sys::ok();
  return std::move(storage::create_subvolume(v.mountpoint)).context("finish volume " + v.name);
}

sys::Result<Volume> Volumes::create_locked(const VolumeSpec& spec) {
  if (!valid_volume_name(spec.name)) {
    return sys::Error::invalid("create volume", spec.name,
                              "invalid name: use letters, digits, '_', '.' and '-', starting with a letter or digit");
  }
  Volume v{spec.name, path_of(spec.name), spec.labels, now_rfc3339()};
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return sys::Error::from_errno("mkdir", dir_, ec.value());
  MOCKER_TRY(records_.write(kKind, v.name, to_json(v)));
  auto st = sys::fault_point("volume.recorded");
  if (st) st = storage::create_subvolume(v.mountpoint);
  if (!st && st.error().err != EEXIST) {
    (void)records_.remove(kKind, v.name);
    return std::move(st).error().wrap("create volume " + v.name);
  }
  return v;
}

sys::Result<std::optional<Volume>> Volumes::find(const std::string& name) const {
  auto record = MOCKER_TRY(records_.read(kKind, name));
  if (!record) return std::optional<Volume>();
  return std::optional<Volume>(from_json(*record));
}

sys::Result<Volume> Volumes::get(const std::string& name) const {
  auto found = MOCKER_TRY(find(name));
  if (!found) return no_such_volume(name);
  return *found;
}

sys::Result<std::vector<Volume>> Volumes::list() const {
  auto records = MOCKER_TRY(records_.list(kKind));
  std::vector<Volume> out;
  for (const auto& r : records) out.push_back(from_json(r));
  return out;
}

sys::Status Volumes::remove(const std::string& name) {
  auto lock = MOCKER_TRY(records_.lock());
  auto record = MOCKER_TRY(records_.read(kKind, name));
  if (!record) return no_such_volume(name);
  // Data first, record last: an interrupted remove is finished by the next one.
  MOCKER_TRY(storage::delete_subvolume(path_of(name)));
  return records_.remove(kKind, name);
}

}  // namespace mocker::engine::volume
