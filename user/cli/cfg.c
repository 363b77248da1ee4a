// SPDX-License-Identifier: GPL-2.0
/*
 * Items of a configuration (cfg.h): the list, the keys that order and
 * identify them, and whether a wanted item says what a running one is.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cfg.h"
#include "lib/err.h"

struct xr_cfg_item *xr_cfg_push(struct xr_cfg *c, int kind)
{
	struct xr_cfg_item *v;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;

		v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			xr_err("out of memory");
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	v = &c->v[c->n++];
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	return v;
}

void xr_cfg_free(struct xr_cfg *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].hops);
		free(c->v[i].obj);
		free(c->v[i].prog);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* The items out for which out(arg, item) holds; how many. */
size_t xr_cfg_drop_if(struct xr_cfg *c, xr_cfg_pred out, const void *arg)
{
	size_t i, k = 0, n = c->n;

	for (i = 0; i < n; i++) {
		if (!out(arg, &c->v[i])) {
			c->v[k++] = c->v[i];
			continue;
		}
		free(c->v[i].hops);
		free(c->v[i].obj);
		free(c->v[i].prog);
	}
	c->n = k;
	return n - k;
}

static int cmp_u(unsigned long a, unsigned long b)
{
	return a < b ? -1 : a > b;
}

/* An address of the item's family: its bytes in network order. */
static int cmp_addr(const struct xr_inaddr *a, const struct xr_inaddr *b)
{
	int c = cmp_u((unsigned long)a->family, (unsigned long)b->family);

	return c ? c : memcmp(a->b, b->b, a->family == AF_INET6 ? 16 : 4);
}

int xr_cfg_key_cmp(const struct xr_cfg_item *a, const struct xr_cfg_item *b)
{
	int c = cmp_u(a->kind, b->kind);

	if (c)
		return c;
	switch (a->kind) {
	case XR_CFG_POLICY:
		return cmp_u((unsigned long)a->family, (unsigned long)b->family);
	case XR_CFG_PROTO:
		c = cmp_u(a->pkind, b->pkind);
		return c ? c : cmp_u(a->pkey, b->pkey);
	case XR_CFG_NEIGH:
		c = cmp_addr(&a->addr, &b->addr);
		return c ? c : cmp_u(a->ifindex, b->ifindex);
	case XR_CFG_ROUTE:
		c = cmp_addr(&a->addr, &b->addr);
		return c ? c : cmp_u(a->plen, b->plen);
	default:                 /* links and their settings */
		return cmp_u(a->ifindex, b->ifindex);
	}
}

static int qcmp(const void *a, const void *b)
{
	return xr_cfg_key_cmp(a, b);
}

void xr_cfg_sort(struct xr_cfg *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), qcmp);
}

/* A wanted link 0 (a file's via GW without dev) is any link. */
static int same_dev(uint32_t want, uint32_t run)
{
	return !want || want == run;
}

static int hop_in(const struct xr_cfg_hop *w, const struct xr_cfg_item *r,
		  uint64_t *used)
{
	unsigned int j;

	for (j = 0; j < r->nhops; j++)
		if (!(*used >> j & 1) && xr_inaddr_eq(&w->gw, &r->hops[j].gw) &&
		    same_dev(w->ifindex, r->hops[j].ifindex) &&
		    w->weight == r->hops[j].weight) {
			*used |= 1ull << j;
			return 1;
		}
	return 0;
}

/* The members as a set: the group's order is its own. */
static int same_hops(const struct xr_cfg_item *w, const struct xr_cfg_item *r)
{
	uint64_t used = 0;
	unsigned int k;

	if (w->nhops != r->nhops)
		return 0;
	for (k = 0; k < w->nhops; k++)
		if (!hop_in(&w->hops[k], r, &used))
			return 0;
	return 1;
}

static int same_route(const struct xr_cfg_item *w, const struct xr_cfg_item *r)
{
	if (w->type != r->type)
		return 0;
	if (w->nhops || r->nhops)
		return same_hops(w, r);
	return xr_inaddr_eq(&w->gw, &r->gw) && same_dev(w->ifindex, r->ifindex);
}

/* A handler: the same object path and program (a file's proto add
 * without prog: the object's only one, whichever runs). The object's
 * content is not compared. */
static int same_proto(const struct xr_cfg_item *w, const struct xr_cfg_item *r)
{
	return !strcmp(w->obj, r->obj) &&
	       (!w->prog || !r->prog || !strcmp(w->prog, r->prog));
}

int xr_cfg_same(const struct xr_cfg_item *w, const struct xr_cfg_item *r)
{
	switch (w->kind) {
	case XR_CFG_ROUTE:
		return same_route(w, r);
	case XR_CFG_PROTO:
		return same_proto(w, r);
	case XR_CFG_NEIGH:
		return !memcmp(w->mac, r->mac, 6);
	default:
		return w->val == r->val;
	}
}

const char *xr_cfg_kind_name(int kind)
{
	static const char *const names[XR_CFG_NKINDS] = {
		[XR_CFG_LINK] = "link", [XR_CFG_LINKSET] = "link_set",
		[XR_CFG_POLICY] = "hash_policy", [XR_CFG_PROTO] = "proto",
		[XR_CFG_NEIGH] = "neigh", [XR_CFG_ROUTE] = "route",
	};

	return kind >= 0 && kind < XR_CFG_NKINDS ? names[kind] : "?";
}
