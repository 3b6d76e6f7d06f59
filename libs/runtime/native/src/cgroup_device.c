/* cgroup_device.c - attaching the device policy to a cgroup v2 directory.
 *
 * v2 has no devices controller; the kernel runs every BPF_CGROUP_DEVICE
 * program attached to the cgroup and its ancestors, and a device access
 * needs all of them to allow it.  Like seccomp, the program is compiled on
 * the TypeScript side (src/cgroups/device-program.ts); here it is only
 * checked for size, loaded and attached.
 */
#define _GNU_SOURCE
#include "cgroup_device.h"

#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define MAX_INSNS 4096

static int bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* The verifier's log ends with why it refused, then a "processed N insns"
 * summary: keep that one line. */
static const char *verifier_reason(char *log)
{
	char *line = NULL;
	for (char *next = strtok(log, "\n"); next; next = strtok(NULL, "\n"))
		if (strncmp(next, "processed ", 10) != 0)
			line = next;
	return line ? line : "the verifier gave no reason";
}

static int prog_load(const void *insns, size_t len, char *log, size_t log_size)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)(len / sizeof(struct bpf_insn));
	attr.license = (uint64_t)(uintptr_t)"Apache-2.0";
	if (log) {
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = (uint32_t)log_size;
		attr.log_level = 1;
		log[0] = '\0';
	}
	return bpf(BPF_PROG_LOAD, &attr);
}

static int load(const void *insns, size_t len, struct berth_error **err)
{
	int fd = prog_load(insns, len, NULL, 0);
	if (fd >= 0)
		return fd;
	/* Only now ask for the verifier's log, the one useful explanation of a
	 * refusal: it traces every instruction, so it needs room (ENOSPC
	 * otherwise), and a program that loads should not pay for it. */
	int first = errno;
	static char log[256 * 1024];
	if (prog_load(insns, len, log, sizeof(log)) >= 0)
		return berth_fail(err, EIO, "loading the device program: refused once, accepted with a log");
	errno = first;
	return berth_failno(err, "loading the device program (%s)", verifier_reason(log));
}

int cgroup_device_attach(const char *prog_path, const char *cgroup_dir, struct berth_error **err)
{
	size_t len = 0;
	cleanup_free char *insns = read_file(prog_path, &len);
	if (!insns)
		return berth_failno(err, "reading device program %s", prog_path);
	if (len == 0 || len % sizeof(struct bpf_insn) || len > MAX_INSNS * sizeof(struct bpf_insn))
		return berth_fail(err, EINVAL, "device program %s: %zu bytes is not 1..%d instructions", prog_path,
				  len, MAX_INSNS);
	cleanup_fd int prog = load(insns, len, err);
	if (prog < 0)
		return -1;
	cleanup_fd int cgroup = open(cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgroup < 0)
		return berth_failno(err, "opening cgroup %s", cgroup_dir);
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	/* MULTI: an ancestor's program (a delegating manager's) keeps its say. */
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (bpf(BPF_PROG_ATTACH, &attr) < 0)
		return berth_failno(err, "attaching the device program to %s", cgroup_dir);
	return 0;
}
