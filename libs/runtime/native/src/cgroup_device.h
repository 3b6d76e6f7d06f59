/* cgroup_device.h - the cgroup v2 device policy: an eBPF program on the cgroup. */
#ifndef BERTH_CGROUP_DEVICE_H
#define BERTH_CGROUP_DEVICE_H

#include "error.h"

/* Load the BPF_PROG_TYPE_CGROUP_DEVICE program in `prog_path` (struct bpf_insn[],
 * compiled by the TypeScript side) and attach it to the cgroup directory
 * `cgroup_dir`.  The attachment lives as long as the cgroup: nothing to undo
 * but removing the cgroup. */
int cgroup_device_attach(const char *prog_path, const char *cgroup_dir, struct berth_error **err);

#endif
