/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the check and repair of both families' FIBs share (fibrepair.c
 * for IPv4, fibrepair6.c for IPv6): next hops of the compile, the trie
 * against a scratch one built from the route table, and the recount of
 * slots once the entries are right. Only for fibrepair*.c.
 */
#ifndef XR_FIBREPAIR_COMMON_H
#define XR_FIBREPAIR_COMMON_H

#include <stdint.h>
#include "lib/fibrepair.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"
#include "lib/poptrie.h"

/* What a check or repair of either family holds beside its compile. */
struct xr_repair {
	uint32_t *want;            /* references wanted, by slot */
	uint32_t *want_g;          /* references wanted, by next-hop group */
	int fix;
	struct xr_fib4_report *r;
};

/* For a live FIB of nslots next-hop slots: -ENOMEM (nothing held) or 0. */
int xr_repair_init(struct xr_repair *b, uint32_t nslots, int fix,
		   struct xr_fib4_report *r);
void xr_repair_free(struct xr_repair *b);

/* Before a repair: what this process gave up is unreachable, freed with
 * the rest (xr_pt_check), and its index of the slots is built anew from
 * the table. */
void xr_repair_forget(struct xr_poptrie *live, struct xr_nh_table *t,
		      struct xr_nhg_table *g);

/* The slot of a compiled route's next hop: a repair makes a missing one
 * (its count is set at the end), a check names it xr_nh_max(t). */
int xr_repair_nh(struct xr_nh_table *t, const struct xr_nh_key *k, int fix,
		 struct xr_fib4_report *r, uint32_t *id);
/* The FIB id of a compiled route, counted: its next hop's slot (as
 * xr_repair_nh), or the next-hop group nhg names, which must be in use
 * (-EUCLEAN: a route names a freed group, which no write order leaves). */
int xr_repair_id(struct xr_repair *b, struct xr_nh_table *t,
		 const struct xr_nh_key *k, uint32_t nhg, uint32_t *id);

/*
 * The live trie against rt (n routes, the later of two of one prefix
 * winning: a router's address over a route of the same /32 or /128;
 * reordered here): its structure and allocator checked (xr_pt_check;
 * a repair frees the blocks nothing reaches, and rebuilds a structure
 * that is not sound), then each slot compared with a scratch trie built
 * from rt, and with fix made what the scratch says (xr_pt_slot_copy:
 * new blocks, one store, the old ones freed after a grace period).
 */
int xr_repair_trie(struct xr_repair *b, struct xr_poptrie *live,
		   struct xr_pt_route *rt, size_t n);

/* The IPv6 FIB's items: the routes, then the router's addresses (the
 * local /128s win, as xr_fib6_local_add makes them). *out malloc'd. */
int xr_fib6_items(const struct xr_maps *m, struct xr_fib6_item **out,
		  size_t *n, struct xr_fib4_report *r);
/* After the entries: wait if a slot is to be freed, recount, rebuild
 * the slot index, and recompute the rewrites. */
int xr_repair_finish(struct xr_repair *b, struct xr_poptrie *live,
		     struct xr_nh_table *t);

#endif
