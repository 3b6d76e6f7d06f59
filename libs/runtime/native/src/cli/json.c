/* json.c - a strict JSON reader and a JSON.stringify-compatible writer (json.h). */
#define _GNU_SOURCE
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "json_out.h"

/* Deeper than any spec; keeps the recursion bounded on hostile input. */
#define MAX_DEPTH 64

struct reader {
	const char *p;
	int depth;
};

static void skip_space(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static struct json *node(enum json_type type)
{
	struct json *v = xmalloc(sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->type = type;
	return v;
}

static int hex4(const char *p)
{
	int value = 0;
	for (int i = 0; i < 4; i++) {
		int c = p[i], digit;
		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One \uXXXX escape (a surrogate pair counts as one); -1 for a lone
 * surrogate or NUL, which a C string cannot carry as JavaScript would. */
static long unicode_escape(struct reader *r)
{
	int high = hex4(r->p);
	if (high < 0)
		return -1;
	r->p += 4;
	if (high >= 0xdc00 && high <= 0xdfff)
		return -1;
	if (high < 0xd800 || high > 0xdbff)
		return high == 0 ? -1 : high;
	if (r->p[0] != '\\' || r->p[1] != 'u')
		return -1;
	int low = hex4(r->p + 2);
	if (low < 0xdc00 || low > 0xdfff)
		return -1;
	r->p += 6;
	return 0x10000 + ((long)(high - 0xd800) << 10) + (low - 0xdc00);
}

/* A string token, decoded; NULL when malformed or not representable. */
static char *read_string(struct reader *r)
{
	if (*r->p != '"')
		return NULL;
	r->p++;
	size_t cap = 32, n = 0;
	char *out = xmalloc(cap);
	for (;;) {
		if (n + 5 > cap)
			out = xrealloc(out, cap *= 2);
		unsigned char c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			out[n] = '\0';
			return out;
		}
		if (c < 0x20) /* also the end of the text */
			break;
		r->p++;
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		char e = *r->p++;
		const char *plain = strchr("\"\\/bfnrt", e);
		if (e && plain) {
			out[n++] = "\"\\/\b\f\n\r\t"[plain - "\"\\/bfnrt"];
			continue;
		}
		if (e != 'u')
			break;
		long cp = unicode_escape(r);
		if (cp < 0)
			break;
		n += put_utf8(out + n, (uint32_t)cp);
	}
	free(out);
	return NULL;
}

/* Whether a number token is an integer JSON.stringify writes back the same:
 * no fraction or exponent, no "-0", few enough digits to be exact. */
static bool exact_integer(const char *text, size_t len)
{
	size_t digits = len - (text[0] == '-');
	if (digits == 0 || digits > 15 || strspn(text + (text[0] == '-'), "0123456789") != digits)
		return false;
	return !(text[0] == '-' && text[1] == '0');
}

static struct json *read_number(struct reader *r)
{
	const char *start = r->p;
	if (*r->p == '-')
		r->p++;
	if (*r->p == '0')
		r->p++;
	else if (*r->p >= '1' && *r->p <= '9')
		r->p += strspn(r->p, "0123456789");
	else
		return NULL;
	if (*r->p == '.') {
		r->p++;
		size_t n = strspn(r->p, "0123456789");
		if (n == 0)
			return NULL;
		r->p += n;
	}
	if (*r->p == 'e' || *r->p == 'E') {
		r->p++;
		if (*r->p == '+' || *r->p == '-')
			r->p++;
		size_t n = strspn(r->p, "0123456789");
		if (n == 0)
			return NULL;
		r->p += n;
	}
	struct json *v = node(JSON_NUMBER);
	v->text = strndup(start, (size_t)(r->p - start));
	v->integer = exact_integer(v->text, strlen(v->text));
	if (v->integer)
		v->value = strtoll(v->text, NULL, 10);
	return v;
}

static struct json *read_value(struct reader *r);

static void append(struct json *v, char *key, struct json *item)
{
	v->items = xrealloc(v->items, (v->n + 1) * sizeof(*v->items));
	v->items[v->n] = item;
	if (v->type == JSON_OBJECT) {
		v->keys = xrealloc(v->keys, (v->n + 1) * sizeof(*v->keys));
		v->keys[v->n] = key;
	}
	v->n++;
}

/* JavaScript orders keys like "0" or "42" (array indices) before the others. */
static bool index_like(const char *key)
{
	size_t n = strlen(key);
	return n > 0 && strspn(key, "0123456789") == n && (key[0] != '0' || n == 1);
}

static struct json *read_container(struct reader *r, bool object)
{
	char close = object ? '}' : ']';
	struct json *v = node(object ? JSON_OBJECT : JSON_ARRAY);
	r->p++;
	skip_space(r);
	if (*r->p == close) {
		r->p++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		if (object) {
			skip_space(r);
			key = read_string(r);
			if (!key || index_like(key) || json_get(v, key)) {
				free(key);
				goto fail;
			}
			skip_space(r);
			if (*r->p++ != ':') {
				free(key);
				goto fail;
			}
		}
		struct json *item = read_value(r);
		if (!item) {
			free(key);
			goto fail;
		}
		append(v, key, item);
		skip_space(r);
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p++ == close)
			return v;
		goto fail;
	}
fail:
	json_free(v);
	return NULL;
}

static struct json *read_value(struct reader *r)
{
	if (++r->depth > MAX_DEPTH)
		return NULL;
	skip_space(r);
	struct json *v = NULL;
	char c = *r->p;
	if (c == '{' || c == '[')
		v = read_container(r, c == '{');
	else if (c == '"') {
		char *text = read_string(r);
		if (text) {
			v = node(JSON_STRING);
			v->text = text;
		}
	} else if (!strncmp(r->p, "true", 4)) {
		r->p += 4;
		v = node(JSON_TRUE);
	} else if (!strncmp(r->p, "false", 5)) {
		r->p += 5;
		v = node(JSON_FALSE);
	} else if (!strncmp(r->p, "null", 4)) {
		r->p += 4;
		v = node(JSON_NULL);
	} else
		v = read_number(r);
	r->depth--;
	return v;
}

struct json *json_parse(const char *text)
{
	struct reader r = {text, 0};
	struct json *v = read_value(&r);
	if (!v)
		return NULL;
	skip_space(&r);
	if (*r.p) {
		json_free(v);
		return NULL;
	}
	return v;
}

void json_free(struct json *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
	free(v);
}

struct json *json_get(const struct json *v, const char *key)
{
	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return v->items[i];
	return NULL;
}

void json_set_string(struct json *v, const char *key, const char *text)
{
	struct json *value = node(JSON_STRING);
	value->text = xstrdup(text);
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key)) {
			json_free(v->items[i]);
			v->items[i] = value;
			return;
		}
	append(v, xstrdup(key), value);
}

void json_default_array(struct json *v, const char *key)
{
	if (!json_get(v, key))
		append(v, xstrdup(key), node(JSON_ARRAY));
}

struct json *json_new(enum json_type type)
{
	return node(type);
}

struct json *json_new_string(const char *text)
{
	struct json *v = node(JSON_STRING);
	v->text = xstrdup(text);
	return v;
}

struct json *json_new_int(long long value)
{
	struct json *v = node(JSON_NUMBER);
	if (asprintf(&v->text, "%lld", value) < 0)
		v->text = xstrdup("0");
	v->integer = true;
	v->value = value;
	return v;
}

struct json *json_new_bool(bool value)
{
	return node(value ? JSON_TRUE : JSON_FALSE);
}

void json_push(struct json *array, struct json *item)
{
	append(array, NULL, item);
}

void json_put(struct json *object, const char *key, struct json *item)
{
	append(object, xstrdup(key), item);
}

bool json_is_string(const struct json *v)
{
	return v && v->type == JSON_STRING;
}

bool json_is_bool(const struct json *v)
{
	return v && (v->type == JSON_TRUE || v->type == JSON_FALSE);
}

bool json_is_int(const struct json *v, long long min, long long max)
{
	return v && v->type == JSON_NUMBER && v->integer && v->value >= min && v->value <= max;
}

static void newline(FILE *out, int indent, int level)
{
	if (indent > 0)
		fprintf(out, "\n%*s", indent * level, "");
}

static int write_value(FILE *out, const struct json *v, int indent, bool exact, int level)
{
	switch (v->type) {
	case JSON_NULL: fputs("null", out); return 0;
	case JSON_FALSE: fputs("false", out); return 0;
	case JSON_TRUE: fputs("true", out); return 0;
	case JSON_STRING: json_string(out, v->text); return 0;
	case JSON_NUMBER:
		if (exact && !v->integer)
			return -1;
		fputs(v->text, out);
		return 0;
	case JSON_ARRAY:
	case JSON_OBJECT: break;
	}
	bool object = v->type == JSON_OBJECT;
	fputc(object ? '{' : '[', out);
	for (size_t i = 0; i < v->n; i++) {
		if (i > 0)
			fputc(',', out);
		newline(out, indent, level + 1);
		if (object) {
			json_string(out, v->keys[i]);
			fputs(indent > 0 ? ": " : ":", out);
		}
		if (write_value(out, v->items[i], indent, exact, level + 1) < 0)
			return -1;
	}
	if (v->n > 0)
		newline(out, indent, level);
	fputc(object ? '}' : ']', out);
	return 0;
}

int json_write(FILE *out, const struct json *v, int indent, bool exact)
{
	return write_value(out, v, indent, exact, 0);
}
