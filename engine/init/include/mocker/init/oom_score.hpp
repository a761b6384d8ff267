#pragma once
// The OOM killer's choice inside a container. Memory no process maps (files
// in /dev/shm or another tmpfs) counts for no process's badness, so on a
// memory-limited container init could be the largest process left and be
// killed, losing the exit record. Workload processes therefore run with an
// oom_score_adj above init's: raising one's own needs no privilege, while
// lowering init's would need CAP_SYS_RESOURCE.
#include <mocker/sys/result.hpp>

namespace mocker::engine::init {

// Added to init's oom_score_adj for workload processes. One unit is a
// thousandth of the memory limit, so a full 1000 outweighs an init of any
// size up to the limit itself: inside the container the workload is always
// chosen first (init is about 1 MiB, but far larger in a sanitizer build).
// Host-wide, container workloads are then the first choice too, as
// Kubernetes makes its best-effort pods.
inline constexpr int kWorkloadOomScoreBias = 1000;

// The workload's oom_score_adj for an init at init_adj (within -1000..1000).
int workload_oom_score_adj(int init_adj);

// In the workload's child: raises /proc/self/oom_score_adj from init's value.
sys::Status raise_oom_score();

}  // namespace mocker::engine::init
