/* json_out.h - writing (never parsing) JSON, byte for byte as JSON.stringify. */
#ifndef BERTH_CLI_JSON_OUT_H
#define BERTH_CLI_JSON_OUT_H

#include <stdio.h>

/* A JSON string literal of `s` (UTF-8): the escapes JSON.stringify makes. */
void json_string(FILE *out, const char *s);

#endif
