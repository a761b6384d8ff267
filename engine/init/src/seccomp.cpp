#include <mocker/init/seccomp.hpp>

#include <mocker/sys/fd.hpp>

#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string_view>

namespace mocker::engine::init {

namespace {

// Blocked outright with EPERM: kernel modules, mounts and namespaces, keyrings,
// tracing other processes, clock changes, reboot, swap, raw I/O and a few relics.
constexpr std::string_view kBlocked[] = {
    "acct",          "add_key",          "bpf",           "clock_adjtime",  "clock_settime",
    "settimeofday",  "stime",            "create_module", "delete_module",  "finit_module",
    "init_module",   "get_kernel_syms",  "query_module",  "kexec_file_load", "kexec_load",
    "keyctl",        "request_key",      "lookup_dcookie", "mount",         "umount",
    "umount2",       "move_mount",       "open_tree",     "fsopen",         "fsconfig",
    "fsmount",       "fspick",           "mount_setattr", "nfsservctl",     "open_by_handle_at",
    "perf_event_open", "pivot_root",     "process_vm_readv", "process_vm_writev", "ptrace",
    "kcmp",          "quotactl",         "quotactl_fd",   "reboot",         "setns",
    "swapon",        "swapoff",          "_sysctl",       "unshare",        "uselib",
    "userfaultfd",   "vm86",             "vm86old",       "iopl",           "ioperm",
    "syslog",        "vhangup",          "fanotify_init",
};

// clone() with any of these is refused: no new namespaces from inside.
constexpr uint64_t kNamespaceFlags[] = {CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,   CLONE_NEWUSER,
                                        CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP};

// personality() values that change nothing dangerous: PER_LINUX, PER_LINUX32,
// UNAME26 with either, and the query.
constexpr uint64_t kSafePersonalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

struct Release {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Filter = std::unique_ptr<void, Release>;

sys::Error seccomp_error(const std::string& what, int rc) {
  return sys::Error::from_errno("seccomp", what, rc < 0 ? -rc : EINVAL);
}

sys::Status add(scmp_filter_ctx ctx, uint32_t action, int nr, const std::string& what, unsigned count = 0,
                scmp_arg_cmp cmp = {}) {
  int rc = count == 0 ? seccomp_rule_add(ctx, action, nr, 0) : seccomp_rule_add(ctx, action, nr, 1, cmp);
  if (rc < 0) return seccomp_error("add rule for " + what, rc);
  return sys::ok();
}

sys::Status add_blocked(scmp_filter_ctx ctx) {
  for (auto name : kBlocked) {
    std::string n(name);
    int nr = seccomp_syscall_resolve_name(n.c_str());
    if (nr == __NR_SCMP_ERROR) continue;  // unknown to this libseccomp: nothing to block
    MOCKER_TRY(add(ctx, SCMP_ACT_ERRNO(EPERM), nr, n));
  }
  return sys::ok();
}

sys::Status add_clone(scmp_filter_ctx ctx) {
  for (uint64_t flag : kNamespaceFlags)
    MOCKER_TRY(add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), "clone", 1,
                   SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)));
  // clone3 passes its flags in memory seccomp cannot read: ENOSYS makes libc fall
  // back to clone(), which is checked above.
  return add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), "clone3");
}

sys::Status add_personality(scmp_filter_ctx ctx) {
  // libseccomp refuses rules whose action is the default (allow), so the safe
  // values use LOG (allowed, and logged only if the audit policy says so); equality
  // tests are placed before the catch-all range test, so they win.
  for (uint64_t v : kSafePersonalities)
    MOCKER_TRY(add(ctx, SCMP_ACT_LOG, SCMP_SYS(personality), "personality", 1, SCMP_A0(SCMP_CMP_EQ, v)));
  return add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(personality), "personality", 1, SCMP_A0(SCMP_CMP_GE, 0));
}

sys::Status add_block_devices(scmp_filter_ctx ctx) {
  MOCKER_TRY(add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mknod), "mknod", 1,
                 SCMP_A1(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK)));
  return add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mknodat), "mknodat", 1,
             SCMP_A2(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK));
}

sys::Result<Filter> build_filter() {
  Filter f(seccomp_init(SCMP_ACT_ALLOW));
  if (!f) return sys::Error::invalid("seccomp", "init", "cannot create a filter");
  // 32-bit and x32 entry points get the same rules; libseccomp maps the names.
  for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
    if (seccomp_arch_native() != SCMP_ARCH_X86_64) break;
    int rc = seccomp_arch_add(f.get(), arch);
    if (rc < 0 && rc != -EEXIST) return seccomp_error("add architecture", rc);
  }
  // The caller decides about no_new_privs; libseccomp would otherwise set it.
  if (int rc = seccomp_attr_set(f.get(), SCMP_FLTATR_CTL_NNP, 0); rc < 0) return seccomp_error("set attribute", rc);
  MOCKER_TRY(add_blocked(f.get()));
  MOCKER_TRY(add_clone(f.get()));
  MOCKER_TRY(add_personality(f.get()));
  MOCKER_TRY(add_block_devices(f.get()));
  return f;
}

}  // namespace

sys::Status load_default_seccomp() {
  Filter f = MOCKER_TRY(build_filter());
  if (int rc = seccomp_load(f.get()); rc < 0) return seccomp_error("load filter", rc);
  return sys::ok();
}

sys::Result<std::string> default_seccomp_text() {
  Filter f = MOCKER_TRY(build_filter());
  int fd = ::memfd_create("seccomp-pfc", MFD_CLOEXEC);
  if (fd < 0) return sys::Error::last("memfd_create", "seccomp-pfc");
  sys::Fd owned(fd);
  if (int rc = seccomp_export_pfc(f.get(), fd); rc < 0) return seccomp_error("export filter", rc);
  if (::lseek(fd, 0, SEEK_SET) < 0) return sys::Error::last("lseek", "seccomp-pfc");
  return sys::read_all(fd, "seccomp-pfc");
}

}  // namespace mocker::engine::init
