/* caps.c - bounding, effective, permitted, inheritable and ambient sets.
 *
 * Order (see process_apply): caps_prepare drops the bounding set while we
 * still hold CAP_SETPCAP and sets PR_SET_KEEPCAPS when the uid will change
 * to non-zero; setgroups/setresgid/setresuid follow (they need CAP_SETGID
 * and CAP_SETUID, still effective); caps_apply then sets the three capset
 * sets from the permitted set keepcaps preserved, and the ambient set last
 * (raising an ambient bit needs it permitted and inheritable).
 */
#define _GNU_SOURCE
#include "caps.h"

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

int caps_parse_mask(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (strlen(s) != 16)
		return -1;
	for (const char *c = s; *c; c++) {
		int d;
		if (*c >= '0' && *c <= '9')
			d = *c - '0';
		else if (*c >= 'a' && *c <= 'f')
			d = *c - 'a' + 10;
		else if (*c >= 'A' && *c <= 'F')
			d = *c - 'A' + 10;
		else
			return -1;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* The running kernel's highest capability; bits above it are ignored. */
static int last_cap(void)
{
	cleanup_free char *s = read_file("/proc/sys/kernel/cap_last_cap", NULL);
	int n = s ? atoi(s) : 0;
	if (n <= 0 || n > 63) {
		/* /proc not readable: probe the bounding set instead. */
		n = 0;
		while (n < 63 && prctl(PR_CAPBSET_READ, n + 1, 0, 0, 0) >= 0)
			n++;
	}
	return n;
}

int caps_prepare(const struct berth_caps *c, uid_t target_uid, struct berth_error **err)
{
	int last = last_cap();
	for (int n = 0; n <= last; n++) {
		if (c->bounding & (1ULL << n))
			continue;
		if (prctl(PR_CAPBSET_DROP, n, 0, 0, 0) < 0 && errno != EINVAL)
			return berth_failno(err, "dropping capability %d from the bounding set", n);
	}
	if (target_uid != 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return berth_failno(err, "setting keepcaps");
	return 0;
}

int caps_apply(const struct berth_caps *c, struct berth_error **err)
{
	int last = last_cap();
	uint64_t known = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
	uint64_t eff = c->effective & known, perm = c->permitted & known, inh = c->inheritable & known;
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2] = {
		{ .effective = (uint32_t)eff, .permitted = (uint32_t)perm, .inheritable = (uint32_t)inh },
		{ .effective = (uint32_t)(eff >> 32),
		  .permitted = (uint32_t)(perm >> 32),
		  .inheritable = (uint32_t)(inh >> 32) },
	};
	if (syscall(SYS_capset, &hdr, data) < 0) {
		int saved = errno;
		struct __user_cap_data_struct cur[2];
		/* Name what we were asked for but do not hold ourselves. */
		if (saved == EPERM && syscall(SYS_capget, &hdr, cur) == 0) {
			uint64_t have = (uint64_t)cur[0].permitted | ((uint64_t)cur[1].permitted << 32);
			if (perm & ~have)
				return berth_fail(err, EPERM,
						  "setting capabilities (capset): the runtime itself lacks %016llx",
						  (unsigned long long)(perm & ~have));
		}
		return berth_fail(err, saved, "setting capabilities (capset)");
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return berth_failno(err, "clearing the ambient capabilities");
	for (int n = 0; n <= last; n++)
		if ((c->ambient & (1ULL << n)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, n, 0, 0) < 0)
			return berth_failno(err, "raising ambient capability %d", n);
	return 0;
}
