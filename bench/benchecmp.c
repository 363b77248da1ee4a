// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, ECMP (issue 14; bench/bench_ecmp.sh runs `bench ecmp`):
 * what a route via a group of 4 next hops costs the fast path against
 * the same route via one, by BPF_PROG_TEST_RUN, IPv4 and IPv6 in one
 * run. 64 flows (frames to 64 destinations in the route, so the hash
 * spreads them over the members), REPEAT repetitions in all; the route
 * is switched between its two forms in place (bench_route_set) before
 * each measurement, so one run gives both, and the difference is taken
 * run by run. The members are gateways on out0 whose MACs differ in
 * the last byte: each flow's member is read from the frame that leaves.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/nhg.h"
#include "pkt.h"
#include "testenv.h"
#include "bench.skel.h"
#include "benchroute.h"
#include "bench.h"

#define NFLOWS  64
#define MEMBERS 4
#define FLEN    128
#define ERUNS   11     /* pairs of runs: the difference is small, the
			* machine shared */

/* the route (bench_route_parse) and its flows' destinations (%u: 1 ..
 * NFLOWS), IPv4's as te_config's route, IPv6's as bench6.c's */
static const struct {
	const char *route, *dst_fmt, *name;
} fam[2] = {
	{ "203.0.113.0/24=198.51.100.2,198.51.100.3,198.51.100.4,198.51.100.5",
	  "203.0.113.%u", "IPv4" },
	{ "2001:db8:100::/48=2001:db8:2::2,2001:db8:2::3,2001:db8:2::4,2001:db8:2::5",
	  "2001:db8:100::%x", "IPv6" },
};

static uint8_t frames[NFLOWS][FLEN];

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the members' neighbours on out0: TE_MAC_NH, its last byte + k */
static void members_up(const struct bench_ecmp_route *r)
{
	struct xr_neigh n = { .state = XR_NUD_PERMANENT };
	unsigned int k;
	int err;

	for (k = 0; k < r->ngw; k++) {
		memcpy(n.mac, TE_MAC_NH, 6);
		n.mac[5] = (uint8_t)(n.mac[5] + k);
		err = r->v6 ? xr_neigh6_update(&T.m, T.if_out, &r->gw[k], &n) :
			      xr_neigh4_update(&T.m, T.if_out, r->gw[k].a[0], &n);
		if (err) {
			fprintf(stderr, "bench: neighbour: %s\n", strerror(-err));
			exit(1);
		}
	}
}

/* NFLOWS frames from the peer on in0, one to each destination */
static size_t flows_build(int v6)
{
	struct pkt_spec s = { .saddr = "192.0.2.2", .payload_len = 26 };
	char dst[64];
	size_t len = 0;
	unsigned int i;

	memcpy(s.dmac, TE_MAC_IN, 6);
	memcpy(s.smac, TE_MAC_PEER, 6);
	for (i = 0; i < NFLOWS; i++) {
		snprintf(dst, sizeof(dst), fam[v6].dst_fmt, i + 1);
		s.daddr = dst;
		len = v6 ? bench_frame6(frames[i], dst, 64) : pkt_build(frames[i], &s);
	}
	return len;
}

static void route_set(const struct bench_ecmp_route *r, unsigned int members)
{
	int err = bench_route_set(&T.m, r, members);

	if (err) {
		fprintf(stderr, "bench: the %s route via %u next hop(s): %s\n",
			fam[r->v6].name, members, strerror(-err));
		exit(1);
	}
}

/* ns per packet over the flows: REPEAT / NFLOWS repetitions each */
static double flows_ns(int prog, size_t len)
{
	double sum = 0;
	unsigned int i;

	for (i = 0; i < NFLOWS; i++)
		sum += bench_run(prog, frames[i], len, REPEAT / NFLOWS, XDP_REDIRECT);
	return sum / NFLOWS;
}

/* the member each flow leaves by (the last byte of its destination
 * MAC), counted in per[] */
static void flows_spread(int prog, size_t len, unsigned int per[MEMBERS])
{
	uint8_t out[FLEN];
	unsigned int i, k;

	memset(per, 0, MEMBERS * sizeof(per[0]));
	for (i = 0; i < NFLOWS; i++) {
		struct xdp_md ctx = { .data_end = (uint32_t)len,
				      .ingress_ifindex = T.if_in };
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frames[i],
			    .data_size_in = (uint32_t)len, .data_out = out,
			    .data_size_out = sizeof(out), .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx), .repeat = 1);

		bench_restore_for(frames[i]);
		if (bpf_prog_test_run_opts(prog, &o) < 0 ||
		    o.retval != XDP_REDIRECT ||
		    (k = (uint8_t)(out[5] - TE_MAC_NH[5])) >= MEMBERS ||
		    memcmp(out, TE_MAC_NH, 5)) {
			fprintf(stderr, "bench: flow %u not forwarded to a member\n", i);
			exit(1);
		}
		per[k]++;
	}
}

/* The route via 1 next hop and via the group, the flows spread (all on
 * member 0 and on every member) or exit */
static void spread_check(const struct bench_ecmp_route *r, int prog, size_t len,
			 unsigned int per[MEMBERS])
{
	unsigned int one[MEMBERS], k;

	route_set(r, 1);
	flows_spread(prog, len, one);
	route_set(r, MEMBERS);
	flows_spread(prog, len, per);
	for (k = 0; k < MEMBERS; k++)
		if (!per[k] || one[k] != (k ? 0u : NFLOWS)) {
			fprintf(stderr, "bench: %s: the flows did not spread over "
				"the members (member %u: %u of %u)\n",
				fam[r->v6].name, k, per[k], NFLOWS);
			exit(1);
		}
}

/* ERUNS times the route via 1 next hop, then via the group; the row */
static void ecmp_row(const char *name, const struct bench_ecmp_route *r,
		     int prog, size_t len)
{
	double one[ERUNS], grp[ERUNS], diff[ERUNS];
	unsigned int per[MEMBERS];
	char spread[64], dcol[64];
	int i;

	spread_check(r, prog, len, per);
	for (i = 0; i < ERUNS; i++) {
		route_set(r, 1);
		one[i] = flows_ns(prog, len);
		route_set(r, MEMBERS);
		grp[i] = flows_ns(prog, len);
		diff[i] = grp[i] - one[i];
	}
	route_set(r, 1);
	qsort(one, ERUNS, sizeof(one[0]), cmp_dbl);
	qsort(grp, ERUNS, sizeof(grp[0]), cmp_dbl);
	qsort(diff, ERUNS, sizeof(diff[0]), cmp_dbl);
	snprintf(spread, sizeof(spread), "%u %u %u %u", per[0], per[1], per[2], per[3]);
	snprintf(dcol, sizeof(dcol), "%+.1f ns (%+.1f .. %+.1f)", diff[ERUNS / 2],
		 diff[0], diff[ERUNS - 1]);
	printf("| %-28s | %13.1f | %13.1f | %-29s | %-16s |\n",
	       name, one[ERUNS / 2], grp[ERUNS / 2], dcol, spread);
	fflush(stdout);
}

/* both policies for one family */
static void ecmp_family(int v6)
{
	int prog = bpf_program__fd(v6 ? skel->progs.xdp_bench_fwd6 :
				   skel->progs.xdp_bench_fwd);
	struct bench_ecmp_route r;
	char name[64];
	size_t len;
	int pol, err;

	if (bench_route_parse(&r, fam[v6].route, T.if_out))
		exit(1);
	members_up(&r);
	len = flows_build(v6);
	for (pol = XR_MP_L3; pol <= XR_MP_L4; pol++) {
		err = xr_mp_cfg_set_policy(&T.m, v6, (uint8_t)pol);
		if (err) {
			fprintf(stderr, "bench: hash policy: %s\n", strerror(-err));
			exit(1);
		}
		snprintf(name, sizeof(name), "%s, %s hash%s", fam[v6].name,
			 pol == XR_MP_L3 ? "L3" : "L4", pol == XR_MP_L3 ? " (default)" : "");
		ecmp_row(name, &r, prog, len);
	}
	if (xr_mp_cfg_set_policy(&T.m, v6, XR_MP_L3))
		exit(1);
}

void bench_ecmp(void)
{
	printf("ECMP: a route via 1 next hop against the same route via a group of %d\n"
	       "(weights 1), BPF_PROG_TEST_RUN, 64-byte frames to %d destinations in the\n"
	       "route (flows), %u repeats each; ns per packet, raw (the restore included:\n"
	       "it cancels out of the difference); the two forms alternate, median of %d runs\n",
	       MEMBERS, NFLOWS, REPEAT / NFLOWS, ERUNS);
	printf("| %-28s | %13s | %13s | %-27s | %-16s |\n", "case", "ns 1 next hop",
	       "ns group of 4", "group - 1 next hop (min..max)", "flows per member");
	printf("|------------------------------|---------------|---------------|"
	       "-------------------------------|------------------|\n");
	ecmp_family(0);
	ecmp_family(1);
}
