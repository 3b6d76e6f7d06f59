/* json.h - reading config.json for the native `create`, and writing JSON as
 * JSON.stringify does.
 *
 * Strict on purpose: the native create only takes a spec it can read
 * exactly as the TypeScript side's JSON.parse would, so anything JSON.parse
 * reads differently from a plain tree - a duplicated key (the last wins, at
 * the first one's place), a key that looks like an array index (JavaScript
 * lists those first), a NUL or a lone surrogate inside a string - makes the
 * parse fail, and the command goes to the TypeScript CLI (the reference).
 * The same goes for malformed JSON: the reference words that error.
 *
 * Libc only, like the rest of the core: a JSON library would be a build
 * dependency of every machine that builds Berth, for some 300 lines.
 */
#ifndef BERTH_CLI_JSON_H
#define BERTH_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	/* STRING: the decoded UTF-8; NUMBER: the token as written. */
	char *text;
	/* NUMBER: whether it is an integer written as JSON.stringify would
	 * write it back (no fraction, exponent, "-0" or more than 15 digits),
	 * and then its value. */
	bool integer;
	long long value;
	/* ARRAY and OBJECT: items (and, for an object, their keys) in order. */
	size_t n;
	struct json **items;
	char **keys;
};

/* The tree of `text` (NUL-terminated), or NULL when it is not JSON this
 * side reads exactly as JSON.parse (see above). */
struct json *json_parse(const char *text);
void json_free(struct json *v);

/* An object's member, or NULL (also when `v` is not an object). */
struct json *json_get(const struct json *v, const char *key);
/* Sets an object's member to a string: in place if present, else appended
 * (where JavaScript's assignment puts a new key). */
void json_set_string(struct json *v, const char *key, const char *text);
/* Appends `key` with an empty array when the object lacks it. */
void json_default_array(struct json *v, const char *key);

/* Building a tree to write (state.json): each takes ownership of `item`. */
struct json *json_new(enum json_type type);
struct json *json_new_string(const char *text);
struct json *json_new_int(long long value);
struct json *json_new_bool(bool value);
void json_push(struct json *array, struct json *item);
void json_put(struct json *object, const char *key, struct json *item);

bool json_is_string(const struct json *v);
bool json_is_bool(const struct json *v);
/* An integer in [min, max]. */
bool json_is_int(const struct json *v, long long min, long long max);

/* JSON.stringify(v) (indent 0) or JSON.stringify(v, null, indent). -1 when
 * a number is not an exact integer, whose text JSON.stringify might write
 * otherwise (only with `exact`; else it is written as it came). */
int json_write(FILE *out, const struct json *v, int indent, bool exact);

#endif
