/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB against what it must be: the route table and the router's own
 * addresses (xr_addrs4) compiled afresh into a trie on plain memory,
 * then compared with the live FIB slot by slot (direct entry and what is
 * below it), the trie's allocator derived from what is reachable,
 * next-hop counts and rewrites recomputed. A check reports; a repair also
 * rewrites what differs, the way an update would (docs/fib.md "After a
 * crash"). A repair needs the state's exclusive lock.
 */
#ifndef XR_FIBREPAIR_H
#define XR_FIBREPAIR_H

#include <stddef.h>
#include <stdint.h>
#include "lib/fib4.h"
#include "lib/state.h"

/* What a check found (either family). */
struct xr_fib4_report {
	size_t routes, locals;     /* what the FIB is compiled from */
	size_t entries;            /* FIB slots (direct entries and what is
				    * below them) that differed */
	size_t nh_missing;         /* routes whose next hop had no slot */
	size_t refcnts;            /* next hops with a wrong count */
	size_t nh_leaked;          /* slots in use that no route uses */
	size_t blocks;             /* allocator pages wrong: blocks held that
				    * nothing reaches, reachable ones free */
	size_t unsound;            /* a trie whose structure was refused
				    * (built anew from the route table) */
	size_t counts;             /* nh_used that was wrong */
	size_t adj_stale;          /* rewrites not what links and neighbours say */
	size_t nhg_leaked;         /* next-hop groups held that no route uses */
	size_t nhg_refcnts;        /* next-hop groups with a wrong count */
	size_t nhg_stale;          /* buckets (or ideal owners) not what the
				    * members' weights and state make */
};

/* One route or address the FIB is compiled from (addresses: /32). */
struct xr_fib4_item {
	__be32 dst;
	uint8_t plen;
	uint8_t type;          /* enum xr_rtn */
	uint32_t ifindex;      /* the next hop's (0 unless unicast or local) */
	__be32 gw;
	uint32_t nhg;          /* a route with a next-hop group: its slot */
};

/* The FIB f against items (routes first, then the router's addresses):
 * counts what differs into *r (zeroed by the caller), and with fix makes
 * f what items compile to. Any memory: the maps, or plain buffers. */
int xr_fib4_reconcile(struct xr_fib4 *f, const struct xr_fib4_item *items,
		      size_t n, int fix, struct xr_fib4_report *r);

/* The same for the IPv6 FIB (fibrepair6.c): the routes of xr_routes6,
 * then the router's addresses of xr_addrs6 as local /128s; the report is
 * the same kind. */
struct xr_fib6_item {
	struct xr_in6 dst;
	uint8_t plen;
	uint8_t type;          /* enum xr_rtn */
	uint32_t ifindex;      /* the next hop's (0 unless unicast or local) */
	struct xr_in6 gw;
	uint32_t nhg;          /* a route with a next-hop group: its slot */
};
struct xr_fib6;
int xr_fib6_reconcile(struct xr_fib6 *f, const struct xr_fib6_item *items,
		      size_t n, int fix, struct xr_fib4_report *r);
int xr_fib6_check(const struct xr_maps *m, struct xr_fib4_report *r);
int xr_fib6_repair(const struct xr_maps *m, struct xr_fib4_report *r);

/* 0 and *r filled, or -errno. The check changes nothing. */
int xr_fib4_check(const struct xr_maps *m, struct xr_fib4_report *r);
int xr_fib4_repair(const struct xr_maps *m, struct xr_fib4_report *r);
/* How many things the report found wrong (0: consistent). */
size_t xr_fib4_report_problems(const struct xr_fib4_report *r);
/* The report as one line of "name value" pairs. */
void xr_fib4_report_format(const struct xr_fib4_report *r, char *buf,
			   size_t len);

#endif
