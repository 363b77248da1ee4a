/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer, in the manner of iproute2's
 * json_writer: output is written as it is produced, no tree is built.
 */
#ifndef XR_JSON_H
#define XR_JSON_H

#include <stdint.h>
#include <stdio.h>

#define XR_JSON_DEPTH 16

struct xr_json {
	FILE *f;
	int depth;
	int count[XR_JSON_DEPTH];
};

void xj_init(struct xr_json *j, FILE *f);
/* key is NULL inside arrays and for the outermost value. */
void xj_obj_open(struct xr_json *j, const char *key);
void xj_obj_close(struct xr_json *j);
void xj_arr_open(struct xr_json *j, const char *key);
void xj_arr_close(struct xr_json *j);
void xj_str(struct xr_json *j, const char *key, const char *val);
void xj_u64(struct xr_json *j, const char *key, uint64_t val);
void xj_bool(struct xr_json *j, const char *key, int val);
void xj_null(struct xr_json *j, const char *key);
/* Ends the document with a newline. */
void xj_end(struct xr_json *j);

#endif
