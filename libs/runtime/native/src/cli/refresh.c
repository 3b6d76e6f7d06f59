/* refresh.c - liveness from /proc, the shim's files, the freezer. */
#define _GNU_SOURCE
#include "refresh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static bool proc_stat(long pid, char *state, unsigned long long *start)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	cleanup_free char *text = read_file(path, NULL);
	if (!text)
		return false;
	/* comm may hold spaces and ')': the fixed fields follow the last ')'. */
	char *p = strrchr(text, ')');
	if (!p || p[1] != ' ')
		return false;
	p += 2;
	*state = *p;
	for (int field = 0; field < 19; field++) {
		p = strchr(p, ' ');
		if (!p)
			return false;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return true;
}

bool identity_alive(const struct identity *p)
{
	char state;
	unsigned long long start;
	if (!p->set || !proc_stat(p->pid, &state, &start))
		return false;
	return state != 'Z' && state != 'X' && start == p->start;
}

/* `<dir>/<name>` holding a pid: that process as it is now (refresh-status.ts pidFile). */
struct identity identity_of(long pid)
{
	struct identity id = {0};
	char state;
	if (proc_stat(pid, &state, &id.start)) {
		id.pid = pid;
		id.set = true;
	}
	return id;
}

struct identity identity_from_file(const char *dir, const char *name)
{
	struct identity id = {0};
	char path[4200], state;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cleanup_free char *text = read_file(path, NULL);
	if (!text)
		return id;
	char *begin = text, *end;
	while (*begin == ' ' || *begin == '\t' || *begin == '\n' || *begin == '\r')
		begin++;
	errno = 0;
	long pid = strtol(begin, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (errno || *end || end == begin || pid <= 0 || !(*begin >= '0' && *begin <= '9'))
		return id;
	if (proc_stat(pid, &state, &id.start)) {
		id.pid = pid;
		id.set = true;
	}
	return id;
}

static bool exists_in(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Any failure to read counts as not frozen, as refreshStatus's catch does. */
static bool frozen(const struct sidecar *s)
{
	if (!s->freezer_version)
		return false;
	cleanup_free char *text = read_file(s->freezer_path, NULL);
	if (!text)
		return false;
	if (s->freezer_version == 1) {
		char *begin = text, *end = text + strlen(text);
		while (*begin == ' ' || *begin == '\n' || *begin == '\t')
			begin++;
		while (end > begin && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t'))
			end--;
		return end - begin == 6 && !strncmp(begin, "FROZEN", 6);
	}
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, "frozen 1", 8) && (line[8] == '\n' || line[8] == '\0'))
			return true;
	return false;
}

static char *status_file(const char *dir)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/status", dir);
	char *text = read_file(path, NULL);
	if (text) {
		size_t n = strlen(text);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
			text[--n] = '\0';
	}
	return text;
}

int refresh(const struct sidecar *s, bool lost_ok, struct fresh *out)
{
	memset(out, 0, sizeof(*out));
	out->status = s->status;
	out->init = s->init;
	out->shim = s->shim;
	if (!strcmp(s->status, "stopped"))
		return 0;
	/* Still being made by a live process: that process owns it. */
	if (!strcmp(s->status, "creating") && s->creator.set && identity_alive(&s->creator))
		return 0;
	if (exists_in(s->dir, "exit.json")) {
		out->status = "stopped";
		return 0;
	}
	/* A create that died after starting the shim left a container worth adopting. */
	if (!out->shim.set)
		out->shim = identity_from_file(s->dir, "shim.pid");
	if (out->shim.set && identity_alive(&out->shim)) {
		cleanup_free char *file = status_file(s->dir);
		if (!out->init.set)
			out->init = identity_from_file(s->dir, "init.pid");
		/* Never step back: `start` may have answered before the shim rewrote its file. */
		bool started = (file && !strcmp(file, "running")) || !strcmp(s->status, "running") ||
			       !strcmp(s->status, "paused") || exists_in(s->dir, "started");
		out->status = started ? (frozen(s) ? "paused" : "running") : "created";
		return 0;
	}
	out->status = "stopped";
	/* The shim may have written exit.json and exited between our two looks;
	 * a handed-off container never has one: its end is simply stopped. */
	if (s->handoff || exists_in(s->dir, "exit.json"))
		return 0;
	out->lost = true;
	return lost_ok ? 0 : CLI_REFERENCE;
}

static int compare_pids(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int cgroup_pids(const struct sidecar *s, long **pids, size_t *n)
{
	size_t cap = 16;
	*pids = xmalloc(cap * sizeof(long));
	*n = 0;
	for (size_t i = 0; i < s->procs.n; i++) {
		cleanup_free char *text = read_file(s->procs.v[i], NULL);
		if (!text) {
			if (errno == ENOENT)
				continue;
			return -1;
		}
		for (char *p = text; *p;) {
			char *end;
			long pid = strtol(p, &end, 10);
			if (end == p)
				break;
			if (*n == cap)
				*pids = xrealloc(*pids, (cap *= 2) * sizeof(long));
			(*pids)[(*n)++] = pid;
			p = end;
			while (*p == '\n')
				p++;
		}
	}
	qsort(*pids, *n, sizeof(long), compare_pids);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (kept == 0 || (*pids)[kept - 1] != (*pids)[i])
			(*pids)[kept++] = (*pids)[i];
	*n = kept;
	return 0;
}
