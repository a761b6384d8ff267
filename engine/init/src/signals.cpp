#include "signals.hpp"

#include <signal.h>
#include <sys/signalfd.h>

namespace mocker::engine::init {

sys::Result<sys::Fd> take_signals() {
  sigset_t set;
  sigfillset(&set);
  // Faults stay fatal to init itself; SIGKILL and SIGSTOP cannot be taken anyway;
  // terminal job control has no terminal here to speak of.
  for (int sig : {SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU,
                  SIGPIPE})
    sigdelset(&set, sig);
  // Init writes to pipes and sockets whose readers may be gone.
  ::signal(SIGPIPE, SIG_IGN);
  if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) return sys::Error::last("sigprocmask", "");
  int fd = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) return sys::Error::last("signalfd", "");
  return sys::Fd(fd);
}

}  // namespace mocker::engine::init
