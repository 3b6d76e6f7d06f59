/* util.c - small helpers shared by every part of the shim. */
#define _GNU_SOURCE
#include "util.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort(); /* OOM in a tiny shim is not recoverable */
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

char *xstrdup(const char *s)
{
	char *r = strdup(s);
	if (!r)
		abort();
	return r;
}

void strv_push(struct strv *s, const char *str)
{
	s->v = xrealloc(s->v, (s->n + 2) * sizeof(char *));
	s->v[s->n++] = xstrdup(str);
	s->v[s->n] = NULL;
}

void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

ssize_t write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, p + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

ssize_t read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t done = 0;
	while (done < n) {
		ssize_t r = read(fd, p + done, n - done);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

int write_file(const char *path, const char *data, size_t len, struct berth_error **err)
{
	cleanup_fd int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return berth_failno(err, "opening %s", path);
	if (write_all(fd, data, len) < 0)
		return berth_failno(err, "writing %s", path);
	return 0;
}

static int write_replace(const char *dir, const char *name, const char *data, size_t len,
			 bool durable, mode_t mode, struct berth_error **err)
{
	char tmp[4096], dst[4096];
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	cleanup_fd int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return berth_failno(err, "creating %s", tmp);
	if (write_all(fd, data, len) < 0 || (durable && fsync(fd) < 0)) {
		berth_failno(err, "writing %s", tmp);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, dst) < 0) {
		berth_failno(err, "renaming %s to %s", tmp, dst);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int write_file_atomic(const char *dir, const char *name, const char *data, size_t len,
		      struct berth_error **err)
{
	return write_replace(dir, name, data, len, true, 0644, err);
}

int write_file_replace(const char *dir, const char *name, const char *data, size_t len,
		       struct berth_error **err)
{
	return write_replace(dir, name, data, len, false, 0644, err);
}

int write_file_replace_mode(const char *dir, const char *name, const char *data, size_t len, mode_t mode,
			    struct berth_error **err)
{
	return write_replace(dir, name, data, len, false, mode, err);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	int r = type == FTW_DP ? rmdir(path) : unlink(path);
	return r < 0 && errno != ENOENT ? -1 : 0;
}

int remove_tree(const char *dir)
{
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT ? -1 : 0;
}

char *read_file(const char *path, size_t *len_out)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

/* Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
 * civil_from_days).  Done by hand because glibc's gmtime_r first loads
 * /etc/localtime, four syscalls on the way to writing exit.json. */
static void civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void rfc3339_now(char *buf, size_t size)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long days = ts.tv_sec / 86400, secs = ts.tv_sec % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%09ldZ", y, m, d, secs / 3600,
		 secs / 60 % 60, secs % 60, ts.tv_nsec);
}

static const char *const signames[] = {
	[SIGHUP] = "SIGHUP",	 [SIGINT] = "SIGINT",	  [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",	 [SIGTRAP] = "SIGTRAP",	  [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	 [SIGFPE] = "SIGFPE",	  [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",	 [SIGSEGV] = "SIGSEGV",	  [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	 [SIGALRM] = "SIGALRM",	  [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	 [SIGTSTP] = "SIGTSTP",	  [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",	 [SIGURG] = "SIGURG",	  [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	 [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO",	  [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *signal_name(int sig)
{
	static char rt[16];
	if (sig > 0 && sig < (int)(sizeof(signames) / sizeof(signames[0])) && signames[sig])
		return signames[sig];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		snprintf(rt, sizeof(rt), "SIGRTMIN+%d", sig - SIGRTMIN);
		return rt;
	}
	snprintf(rt, sizeof(rt), "SIG%d", sig);
	return rt;
}

/* Accepts "9", "KILL" or "SIGKILL"; returns -1 when unknown. */
int signal_parse(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && *end == '\0')
		return (n > 0 && n < 65) ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 1; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (signames[i] && strcasecmp(signames[i] + 3, s) == 0)
			return (int)i;
	return -1;
}

void close_fds_from(int from, int keep)
{
	close_fds_keeping(from, keep, -1);
}

void close_fds_keeping(int from, int keep_a, int keep_b)
{
	int keep[2] = { keep_a < keep_b ? keep_a : keep_b, keep_a < keep_b ? keep_b : keep_a };
	/* close_range is one syscall per gap; fall back to a loop on old kernels. */
	unsigned int lo = (unsigned int)from;
	bool ok = true;
	for (int i = 0; i < 2 && ok; i++) {
		if (keep[i] < from || (unsigned int)keep[i] < lo)
			continue;
		if ((unsigned int)keep[i] > lo)
			ok = syscall(SYS_close_range, lo, (unsigned int)keep[i] - 1, 0) == 0;
		lo = (unsigned int)keep[i] + 1;
	}
	if (ok && syscall(SYS_close_range, lo, ~0U, 0) == 0)
		return;
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = from; fd < max; fd++)
		if (fd != keep_a && fd != keep_b)
			close(fd);
}
