// SPDX-License-Identifier: GPL-2.0
/*
 * Gateways in use, kept fresh (docs/kernel-sync.md, "Neighbours and the
 * fast path"). The fast path forwards to a gateway without the kernel
 * seeing a datagram, so the kernel's entry, once STALE, would stay so: a
 * dead next hop never found, a live one never confirmed. Every 15 s the
 * daemon does for each STALE entry that is the gateway of a next hop in
 * use (xr_fib4_nh, xr_fib6_nh: unicast, a gateway, routes counted) what
 * the kernel's own use of it would: NTF_USE (sync/ksync.h), which starts
 * DELAY and then unicast probes; what comes of it is mirrored. Bounded:
 * at most PROBE_LOOKUPS entries looked at and PROBE_KICKS kicks a round,
 * the next round going on where this one stopped.
 */
#include <string.h>
#include <sys/socket.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/clock.h"
#include "sync/ksync.h"
#include "slowpath/follow.h"
#include "slowpath/follow_src.h"

#define PROBE_EVERY_NS (15ull * 1000000000ull)
#define PROBE_LOOKUPS  4096
#define PROBE_KICKS    256

struct round {
	struct xr_follow *f;
	int family;
	unsigned int lookups, kicks;
};

static int round_full(const struct round *r)
{
	return r->lookups >= PROBE_LOOKUPS || r->kicks >= PROBE_KICKS;
}

/* Slot id of a next-hop array (mapped): its link and gateway when it is
 * a unicast next hop with a gateway that routes use. */
static int nh_gw(const void *mem, int v6, uint32_t id, uint32_t *ifindex,
		 struct xr_in6 *gw)
{
	static const struct xr_in6 none;

	if (v6) {
		const struct xr_nh6 *nh = (const struct xr_nh6 *)mem + id;

		if (nh->type != XR_RTN_UNICAST || !nh->refcnt)
			return 0;
		*ifindex = nh->ifindex;
		*gw = nh->gw;
	} else {
		const struct xr_nh4 *nh = (const struct xr_nh4 *)mem + id;

		if (nh->type != XR_RTN_UNICAST || !nh->refcnt)
			return 0;
		*ifindex = nh->ifindex;
		*gw = (struct xr_in6){ { nh->gw } };
	}
	return memcmp(gw, &none, sizeof(none)) != 0;
}

/* The gateway's entry, kicked when the kernel has it STALE. */
static void gw_probe(struct round *r, uint32_t ifindex, const struct xr_in6 *gw)
{
	const struct xr_maps *m = &r->f->st->m;
	struct xr_neigh n;
	int err = r->family == AF_INET ? xr_neigh4_get(m, ifindex, gw->a[0], &n)
				       : xr_neigh6_get(m, ifindex, gw, &n);

	r->lookups++;
	if (err || n.state != XR_NUD_STALE)
		return;
	r->kicks++;
	if (!xr_ksync_neigh_kick(r->f->ks, r->family, ifindex, gw))
		r->f->s.counters[XR_SYNC_NeighProbes]++;
}

/* One family's next hops (the state's mapped array mem, NULL: not
 * mapped) from *cur (slot 0 is none), while the round has room; *cur
 * where the next round goes on. */
static void family_round(struct round *r, const void *mem, uint32_t max,
			 uint32_t *cur)
{
	uint32_t i, id = *cur, ifindex;
	struct xr_in6 gw;

	if (!mem)
		return;
	for (i = 0; i < max && !round_full(r); i++, id = (id + 1) % max)
		if (id && nh_gw(mem, r->family == AF_INET6, id, &ifindex, &gw))
			gw_probe(r, ifindex, &gw);
	*cur = id;
}

void xr_follow_probe(struct xr_follow *f)
{
	const struct xr_maps *m = &f->st->m;
	uint64_t now = xr_mono_ns();
	struct round r = { .f = f, .family = AF_INET };

	if (!f->ks || now < f->probe_ns)
		return;
	f->probe_ns = now + PROBE_EVERY_NS;
	family_round(&r, m->fib ? m->fib->nh.nh : NULL, XR_MAX_NH4,
		     &f->probe_cur[0]);
	r.family = AF_INET6;
	family_round(&r, m->fib6 ? m->fib6->nh.nh6 : NULL, XR_MAX_NH6,
		     &f->probe_cur[1]);
}
