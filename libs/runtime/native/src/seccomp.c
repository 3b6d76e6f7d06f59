/* seccomp.c - loading the classic BPF program the TypeScript side compiled.
 *
 * There is no filter compiler here: the file is struct sock_filter[] as the
 * kernel wants it.  We only check its size and hand it over.
 */
#define _GNU_SOURCE
#include "seccomp.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define MAX_INSNS 4096

static bool loaded;

int seccomp_read(const char *path, struct berth_seccomp *s, struct berth_error **err)
{
	size_t len = 0;
	unsigned char *buf = (unsigned char *)read_file(path, &len);
	if (!buf)
		return berth_failno(err, "reading seccomp filter %s", path);
	if (len == 0 || len % sizeof(struct sock_filter) || len > MAX_INSNS * sizeof(struct sock_filter)) {
		free(buf);
		return berth_fail(err, EINVAL, "seccomp filter %s: %zu bytes is not 1..%d instructions",
				  path, len, MAX_INSNS);
	}
	s->prog = buf;
	s->len = len;
	return 0;
}

int seccomp_load(const struct berth_seccomp *s, struct berth_error **err)
{
	if (!s->prog || loaded)
		return 0;
	struct sock_fprog prog = {
		.len = (unsigned short)(s->len / sizeof(struct sock_filter)),
		.filter = (struct sock_filter *)s->prog,
	};
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, s->flags, &prog) < 0)
		return berth_failno(err, "loading seccomp filter");
	loaded = true;
	return 0;
}

bool seccomp_loaded(void) { return loaded; }
