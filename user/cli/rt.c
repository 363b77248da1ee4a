// SPDX-License-Identifier: GPL-2.0
/*
 * The route tables of both families behind one struct (struct xr_rt,
 * lib/overlay.h): the CLI checks and prints routes the same way for
 * IPv4 and IPv6 and calls the family's library (route4.h, route6.h)
 * only here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "lib/tables.h"

/* What struct xr_route4, struct xr_route6 and struct xr_rt share. */
#define RT_COMMON(d, s)                                                   \
	do {                                                              \
		(d)->plen = (s)->plen;                                    \
		(d)->type = (s)->type;                                    \
		(d)->proto = (s)->proto;                                  \
		(d)->ifindex = (s)->ifindex;                              \
		(d)->nhg = (s)->nhg;                                      \
		(d)->metric = (s)->metric;                                \
	} while (0)

/* The three addresses of a family's route (alen bytes each) into rt. */
static void addrs_from(struct xr_rt *rt, int family, const void *dst,
		       const void *gw, const void *src, size_t alen)
{
	memset(rt, 0, sizeof(*rt));
	rt->dst.family = rt->gw.family = rt->prefsrc.family = family;
	memcpy(rt->dst.b, dst, alen);
	memcpy(rt->gw.b, gw, alen);
	memcpy(rt->prefsrc.b, src, alen);
}

/* ... and back. */
static void addrs_to(const struct xr_rt *rt, void *dst, void *gw, void *src,
		     size_t alen)
{
	memcpy(dst, rt->dst.b, alen);
	memcpy(gw, rt->gw.b, alen);
	memcpy(src, rt->prefsrc.b, alen);
}

void xr_anyrt_from4(const struct xr_route4 *r, struct xr_rt *rt)
{
	addrs_from(rt, AF_INET, &r->dst, &r->gw, &r->prefsrc, sizeof(r->dst));
	RT_COMMON(rt, r);
}

void xr_anyrt_from6(const struct xr_route6 *r, struct xr_rt *rt)
{
	addrs_from(rt, AF_INET6, &r->dst, &r->gw, &r->prefsrc, sizeof(r->dst));
	RT_COMMON(rt, r);
}

void xr_anyrt_to4(const struct xr_rt *rt, struct xr_route4 *r)
{
	memset(r, 0, sizeof(*r));
	addrs_to(rt, &r->dst, &r->gw, &r->prefsrc, sizeof(r->dst));
	RT_COMMON(r, rt);
}

void xr_anyrt_to6(const struct xr_rt *rt, struct xr_route6 *r)
{
	memset(r, 0, sizeof(*r));
	addrs_to(rt, &r->dst, &r->gw, &r->prefsrc, sizeof(r->dst));
	RT_COMMON(r, rt);
}

int xr_anyrt_get(const struct xr_maps *m, const struct xr_inaddr *dst,
	      uint8_t plen, struct xr_rt *rt)
{
	struct xr_route4 r4;
	struct xr_route6 r6;
	int err;

	if (dst->family == AF_INET6) {
		err = xr_route6_get(m, &dst->v6, plen, &r6);
		if (!err)
			xr_anyrt_from6(&r6, rt);
		return err;
	}
	err = xr_route4_get(m, dst->v4, plen, &r4);
	if (!err)
		xr_anyrt_from4(&r4, rt);
	return err;
}

int xr_anyrt_exists(const struct xr_maps *m, const struct xr_inaddr *dst,
		 uint8_t plen)
{
	return dst->family == AF_INET6 ? xr_route6_exists(m, &dst->v6, plen) :
					 xr_route4_exists(m, dst->v4, plen);
}

int xr_anyrt_update(const struct xr_maps *m, const struct xr_rt *rt)
{
	struct xr_route4 r4;
	struct xr_route6 r6;

	if (rt->dst.family == AF_INET6) {
		xr_anyrt_to6(rt, &r6);
		return xr_route6_update(m, &r6);
	}
	xr_anyrt_to4(rt, &r4);
	return xr_route4_update(m, &r4);
}

int xr_anyrt_delete(const struct xr_maps *m, const struct xr_inaddr *dst,
		 uint8_t plen)
{
	return dst->family == AF_INET6 ? xr_route6_delete(m, &dst->v6, plen) :
					 xr_route4_delete(m, dst->v4, plen);
}

/* n routes of one family, the family's route table written in batches;
 * *done of them applied. */
int xr_anyrt_update_many(const struct xr_maps *m, const struct xr_rt *rts,
		      size_t n, size_t *done)
{
	int v6 = n && rts[0].dst.family == AF_INET6;
	void *r = malloc(n * (v6 ? sizeof(struct xr_route6) :
				   sizeof(struct xr_route4)));
	size_t i;
	int err;

	*done = 0;
	if (!r)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (v6)
			xr_anyrt_to6(&rts[i], (struct xr_route6 *)r + i);
		else
			xr_anyrt_to4(&rts[i], (struct xr_route4 *)r + i);
	}
	err = v6 ? xr_route6_update_many(m, r, n, done) :
		   xr_route4_update_many(m, r, n, done);
	free(r);
	return err;
}

typedef void (*rt_from_fn)(const void *r, struct xr_rt *rt);

/* The n routes a family's dump gave (esz bytes each), converted; r freed. */
static int convert(void *r, size_t n, size_t esz, rt_from_fn from,
		   struct xr_rt **out)
{
	size_t i;

	*out = calloc(n ? n : 1, sizeof(**out));
	for (i = 0; *out && i < n; i++)
		from((const char *)r + i * esz, &(*out)[i]);
	free(r);
	return *out ? 0 : -ENOMEM;
}

int xr_anyrt_dump(const struct xr_maps *m, int family, struct xr_rt **out,
	       size_t *n)
{
	struct xr_route4 *r4 = NULL;
	struct xr_route6 *r6 = NULL;
	int err;

	*n = 0;
	*out = NULL;
	if (family == AF_INET6) {
		err = xr_route6_dump(m, &r6, n);
		return err ? err : convert(r6, *n, sizeof(*r6),
					   (rt_from_fn)xr_anyrt_from6, out);
	}
	err = xr_route4_dump(m, &r4, n);
	return err ? err : convert(r4, *n, sizeof(*r4), (rt_from_fn)xr_anyrt_from4,
				   out);
}

int xr_anyrt_list(const struct xr_maps *m, int family, struct xr_anyrt_list *l)
{
	l->v6 = family == AF_INET6;
	l->n = 0;
	l->r = NULL;
	return l->v6 ? xr_route6_dump(m, (struct xr_route6 **)&l->r, &l->n) :
		       xr_route4_dump(m, (struct xr_route4 **)&l->r, &l->n);
}

void xr_anyrt_at(const struct xr_anyrt_list *l, size_t i, struct xr_rt *rt)
{
	if (l->v6)
		xr_anyrt_from6((const struct xr_route6 *)l->r + i, rt);
	else
		xr_anyrt_from4((const struct xr_route4 *)l->r + i, rt);
}
