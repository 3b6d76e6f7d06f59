/* error.c - implementation of the error contract (see error.h). */
#define _GNU_SOURCE
#include "error.h"

#include <stdarg.h>
#include <string.h>

static struct berth_error *ensure(struct berth_error **err)
{
	if (*err == NULL) {
		*err = calloc(1, sizeof(**err));
		if (*err == NULL)
			abort(); /* cannot even report: nothing sane left to do */
	}
	return *err;
}

static int vfail(struct berth_error **err, int errnum, const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	struct berth_error *e = ensure(err);
	e->errnum = errnum ? errnum : EIO;
	e->code = NULL;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return -1;
}

int berth_fail(struct berth_error **err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int berth_failno(struct berth_error **err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	vfail(err, saved, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int berth_fail_code(struct berth_error **err, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, EIO, fmt, ap);
	va_end(ap);
	if (err)
		(*err)->code = code;
	return -1;
}

int berth_context(struct berth_error **err, const char *fmt, ...)
{
	if (err == NULL || *err == NULL)
		return -1;
	char prefix[BERTH_ERRMSG_MAX], old[BERTH_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, (*err)->msg, sizeof(old));
	/* Truncation is fine here: the errno name is what gets parsed. */
	size_t cap = sizeof((*err)->msg), n = strnlen(prefix, cap - 1);
	memcpy((*err)->msg, prefix, n);
	if (n + 2 < cap) {
		memcpy((*err)->msg + n, ": ", 2);
		n += 2;
	}
	size_t rest = strnlen(old, cap - 1 - n);
	memcpy((*err)->msg + n, old, rest);
	(*err)->msg[n + rest] = '\0';
	return -1;
}

const char *berth_errno_name(int errnum)
{
	/* glibc >= 2.32 knows every name; "EIO" keeps the line parseable. */
	const char *n = strerrorname_np(errnum);
	return n ? n : "EIO";
}

void berth_error_print(const struct berth_error *e)
{
	berth_error_print_as("berth", e);
}

void berth_error_print_as(const char *prog, const struct berth_error *e)
{
	/* Message text must stay on one line for the parser. */
	char clean[BERTH_ERRMSG_MAX];
	size_t i;
	for (i = 0; e->msg[i] && i + 1 < sizeof(clean); i++)
		clean[i] = (e->msg[i] == '\n') ? ' ' : e->msg[i];
	clean[i] = '\0';
	fprintf(stderr, "%s: %s: %s\n", prog, e->code ? e->code : berth_errno_name(e->errnum), clean);
	fflush(stderr);
}

int berth_error_exit(struct berth_error *e)
{
	if (e)
		berth_error_print(e);
	free(e);
	return 1;
}
