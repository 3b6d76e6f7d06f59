/* text_line.c - PLAN.md's line syntax, written (text_line.h). */
#include "text_line.h"

#include <stdarg.h>

void text_begin(FILE *out, const char *name)
{
	fputs(name, out);
}

void text_field(FILE *out, const char *field)
{
	fputc('\t', out);
	for (const char *p = field; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else
			fputc(*p, out);
	}
}

void text_end(FILE *out)
{
	fputc('\n', out);
}

void text_line(FILE *out, const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	text_begin(out, name);
	for (const char *field; (field = va_arg(ap, const char *));)
		text_field(out, field);
	va_end(ap);
	text_end(out);
}
