/* log_file.h - runc's --log/--log-format: errors as lines of the caller's log file. */
#ifndef BERTH_CLI_LOG_FILE_H
#define BERTH_CLI_LOG_FILE_H

#include "../error.h"

struct log_target {
	const char *file; /* NULL: stderr only */
	int json;	  /* --log-format json */
};

/* Appends `<prog>: CODE: message` as one line to the log file, as JSON
 * {"level":"error","msg":…,"time":…} (what containerd's shim reads back) or
 * as logrus text.  Best effort: a log that cannot be written loses the line,
 * the error still goes to stderr. */
void log_file_error(const struct log_target *log, const struct berth_error *e);

#endif
