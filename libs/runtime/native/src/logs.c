/* logs.c - docker json-file style container log with rotation.
 *
 * One record per newline-terminated chunk:
 *   {"time":"2024-05-01T10:11:12.123456789Z","stream":"stdout","log":"hi\n"}
 * Bytes >= 0x80 are passed through untouched (UTF-8 stays UTF-8).
 */
#define _GNU_SOURCE
#include "logs.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int open_current(struct berth_log *l, struct berth_error **err)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/container.log", l->dir);
	l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (l->fd < 0)
		return berth_failno(err, "opening %s", path);
	struct stat st;
	l->size = fstat(l->fd, &st) == 0 ? st.st_size : 0;
	return 0;
}

int log_open(struct berth_log *l, const char *dir, long long max_size, int max_files,
	     struct berth_error **err)
{
	memset(l->partial_len, 0, sizeof(l->partial_len));
	snprintf(l->dir, sizeof(l->dir), "%s", dir);
	l->max_size = max_size;
	l->max_files = max_files < 1 ? 1 : max_files;
	return open_current(l, err);
}

/* container.log -> .1 -> .2 ... ; the oldest falls off the end. */
static void rotate(struct berth_log *l)
{
	char from[4200], to[4200];
	close(l->fd);
	l->fd = -1;
	if (l->max_files == 1) {
		snprintf(from, sizeof(from), "%s/container.log", l->dir);
		if (truncate(from, 0) < 0) { /* best effort: keep logging */ }
	}
	for (int i = l->max_files - 1; i >= 1; i--) {
		if (i == 1)
			snprintf(from, sizeof(from), "%s/container.log", l->dir);
		else
			snprintf(from, sizeof(from), "%s/container.log.%d", l->dir, i - 1);
		snprintf(to, sizeof(to), "%s/container.log.%d", l->dir, i);
		rename(from, to);
	}
	open_current(l, NULL);
}

static size_t json_escape(char *out, const char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\r') {
			out[o++] = '\\';
			out[o++] = 'r';
		} else if (c == '\t') {
			out[o++] = '\\';
			out[o++] = 't';
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(out + o, "\\u00", 4);
			o += 4;
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	return o;
}

static void write_record(struct berth_log *l, int stream, const char *data, size_t n)
{
	char ts[64];
	rfc3339_now(ts, sizeof(ts));
	/* Worst case every byte becomes \u00XX (6 bytes). */
	size_t cap = n * 6 + 128;
	cleanup_free char *rec = xmalloc(cap);
	size_t len = (size_t)snprintf(rec, cap, "{\"time\":\"%s\",\"stream\":\"%s\",\"log\":\"", ts,
				      stream == STREAM_STDERR ? "stderr" : "stdout");
	len += json_escape(rec + len, data, n);
	memcpy(rec + len, "\"}\n", 3);
	len += 3;

	if (l->max_size > 0 && l->size > 0 && l->size + (long long)len > l->max_size)
		rotate(l);
	if (l->fd < 0)
		return;
	if (write_all(l->fd, rec, len) > 0)
		l->size += (long long)len;
}

void log_feed(struct berth_log *l, int stream, const char *data, size_t n)
{
	char *buf = l->partial[stream];
	size_t *plen = &l->partial_len[stream];
	while (n > 0) {
		const char *nl = memchr(data, '\n', n);
		size_t take = nl ? (size_t)(nl - data) + 1 : n;
		if (take > LOG_PARTIAL_MAX - *plen)
			take = LOG_PARTIAL_MAX - *plen;
		memcpy(buf + *plen, data, take);
		*plen += take;
		data += take;
		n -= take;
		if (buf[*plen - 1] == '\n' || *plen == LOG_PARTIAL_MAX) {
			write_record(l, stream, buf, *plen);
			*plen = 0;
		}
	}
}

void log_flush(struct berth_log *l)
{
	for (int s = STREAM_STDOUT; s <= STREAM_STDERR; s++)
		if (l->partial_len[s]) {
			write_record(l, s, l->partial[s], l->partial_len[s]);
			l->partial_len[s] = 0;
		}
}

void log_close(struct berth_log *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
