/* logs.h - docker json-file style container log with rotation. */
#ifndef BERTH_LOGS_H
#define BERTH_LOGS_H

#include <stddef.h>

#include "error.h"

enum { STREAM_STDOUT = 1, STREAM_STDERR = 2 };

#define LOG_PARTIAL_MAX 16384 /* flush a line without newline at this size */

struct berth_log {
	int fd;
	char dir[4096];
	long long size, max_size;
	int max_files;
	char partial[3][LOG_PARTIAL_MAX];
	size_t partial_len[3];
};

int log_open(struct berth_log *l, const char *dir, long long max_size, int max_files,
	     struct berth_error **err);
/* Feed raw output; complete lines are written as JSON records. */
void log_feed(struct berth_log *l, int stream, const char *data, size_t n);
/* Write out any partial lines (at exit). */
void log_flush(struct berth_log *l);
void log_close(struct berth_log *l);

#endif
