/* log_file.c - runc's --log/--log-format for the native fast path
 * (src/cli/log-file.ts is the TypeScript CLI's twin: same lines). */
#define _GNU_SOURCE
#include "log_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "../util.h"
#include "cli.h"
#include "json_out.h"

void log_file_error(const struct log_target *log, const struct berth_error *e)
{
	if (!log->file)
		return;
	char ts[64], msg[BERTH_ERRMSG_MAX + 128];
	rfc3339_now(ts, sizeof(ts));
	snprintf(msg, sizeof(msg), CLI_PROG ": %s: %s", e->code ? e->code : berth_errno_name(e->errnum), e->msg);
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	/* O_APPEND: one write per line, so lines of several writers never mix. */
	int fd = open(log->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char *line = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&line, &len);
	if (out) {
		if (log->json) {
			fputs("{\"level\":\"error\",\"msg\":", out);
			json_string(out, msg);
			fputs(",\"time\":", out);
			json_string(out, ts);
			fputs("}\n", out);
		} else {
			fprintf(out, "time=\"%s\" level=error msg=", ts);
			json_string(out, msg); /* logrus quotes with Go's %q: the same escapes for text */
			fputc('\n', out);
		}
		fclose(out);
		write_all(fd, line, len);
		free(line);
	}
	close(fd);
}
