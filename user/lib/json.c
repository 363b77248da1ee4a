// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include "lib/json.h"

void xj_init(struct xr_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void member(struct xr_json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (key) {
		put_string(j->f, key);
		fputc(':', j->f);
	}
}

static void open_(struct xr_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < XR_JSON_DEPTH)
		j->count[++j->depth] = 0;
}

static void close_(struct xr_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void xj_obj_open(struct xr_json *j, const char *key) { open_(j, key, '{'); }
void xj_obj_close(struct xr_json *j) { close_(j, '}'); }
void xj_arr_open(struct xr_json *j, const char *key) { open_(j, key, '['); }
void xj_arr_close(struct xr_json *j) { close_(j, ']'); }

void xj_str(struct xr_json *j, const char *key, const char *val)
{
	member(j, key);
	put_string(j->f, val);
}

void xj_u64(struct xr_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void xj_bool(struct xr_json *j, const char *key, int val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void xj_null(struct xr_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void xj_end(struct xr_json *j)
{
	j->depth = 0;          /* the next document (a batch's next line) */
	j->count[0] = 0;       /* starts afresh, with no comma */
	fputc('\n', j->f);
	fflush(j->f);
}
