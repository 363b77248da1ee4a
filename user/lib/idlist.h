/* SPDX-License-Identifier: GPL-2.0 */
/* A growable list of u32 ids: slots given up and waiting for a grace
 * period (poptrie, nexthop.c), next hops to refresh. */
#ifndef XR_IDLIST_H
#define XR_IDLIST_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

struct xr_idlist {
	uint32_t *v;
	size_t n, cap;
};

static inline int xr_idlist_push(struct xr_idlist *l, uint32_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		uint32_t *p = realloc(l->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return 0;
}

static inline void xr_idlist_free(struct xr_idlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

#endif
