/* text_line.h - writing PLAN.md's lines (plans and state.txt): TAB between
 * fields, and the three escapes \\, \t, \n inside one. */
#ifndef BERTH_CLI_TEXT_LINE_H
#define BERTH_CLI_TEXT_LINE_H

#include <stdio.h>

/* Writes "name TAB field TAB ... \n"; the field list ends with NULL. */
void text_line(FILE *out, const char *name, ...) __attribute__((sentinel));
/* One more field of a line begun with text_begin; text_end ends it. */
void text_begin(FILE *out, const char *name);
void text_field(FILE *out, const char *field);
void text_end(FILE *out);

#endif
