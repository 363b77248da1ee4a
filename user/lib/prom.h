/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus text exposition format (0.0.4): samples are added in
 * any order, then printed grouped by metric name, each name once with
 * its # HELP and # TYPE lines (docs/metrics.md). Label values and HELP
 * text are escaped as the format says.
 */
#ifndef XR_PROM_H
#define XR_PROM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct xr_prom_sample;

struct xr_prom {
	struct xr_prom_sample *s;
	size_t n, cap;
	int err;                  /* -ENOMEM once an add failed */
};

/*
 * One sample: type "counter" or "gauge", the metric's full name, its
 * HELP text (the first sample's) and a note (NULL: none; HELP ends
 * with the distinct notes of the name's samples, ", " between them),
 * the value and the labels as name, value pairs ending with NULL.
 */
void xr_prom_add(struct xr_prom *p, const char *type, const char *name,
		 const char *help, const char *note, uint64_t v, ...)
	__attribute__((sentinel));
/* Print every sample, by name (sorted; a name's samples in the order
 * added), then free them; 0, or -errno (an add failed, or writing did). */
int xr_prom_print(struct xr_prom *p, FILE *f);
void xr_prom_free(struct xr_prom *p);

/* CamelCase ("InReceives", "FragOKs", "PassL2Bcast") in snake_case
 * ("in_receives", "frag_oks", "pass_l2_bcast") into out (len bytes). */
void xr_prom_snake(const char *camel, char *out, size_t len);

#endif
