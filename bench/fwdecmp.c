// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench's ECMP measurement (fwdbench.h; issue 14): one route per
 * family (--ecmp4, --ecmp6: PREFIX=GW,GW,...), all gateways on r-h2,
 * whose neighbours' MACs are the sink's with the last byte XORed with
 * the member's index (bench/bench_ecmp.sh sets them). In every run, IPv4
 * then IPv6: xdp-router with the route via the first gateway alone,
 * xdp-router with the route via the group of all of them (switched in
 * place through the library, as `route replace` does), and the floor.
 * The two forms take turns every SLICE seconds, so that both see the
 * same load from the rest of the machine, and the rates are per second
 * of the CPU time the pipeline had (per_cpu). The generator sends to B.ndst
 * random destinations inside the route (flows), so the hash spreads
 * them; the sink counts what each
 * member delivered, and a run in which the group's flows did not spread
 * (a member under half its share) or the single next hop's did (any
 * frame not by the first gateway) fails.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_traffic.skel.h"
#include "fwdbench.h"

#define SLICE 0.25             /* s: each form of the route in turn */
#define MAX_PAIRS (MAX_RUNS * 64)

/* per family: the group's ns per packet minus 1 next hop's, slice pair
 * by slice pair (a slice the machine took from us moves one pair, not
 * the median) */
static double pair_diff[2][MAX_PAIRS];
static int npairs[2];

static const char *const fam_name[2] = { "IPv4", "IPv6" };
/* per family: 1 next hop, the group, the floor */
static const int cont[2][3] = { { C_XR4, C_XR4_NHG, C_FLOOR4 },
				{ C_XR, C_XR_NHG, C_FLOOR } };

/* The routes of --ecmp4 and --ecmp6 on r-h2, the sink told how many
 * member MACs to take (before the traffic programs load). */
void ecmp_setup(void)
{
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		struct bench_ecmp_route *r = &B.ecmp[v6];

		if (bench_route_parse(r, B.ecmp_arg[v6], B.rout_if))
			exit(2);
		if (r->v6 != v6 || r->ngw < 2 || r->ngw != B.ecmp[0].ngw)
			die("--ecmp%s: %s: want an %s route with 2 to %d gateways, "
			    "as many as --ecmp4's", v6 ? "6" : "4", B.ecmp_arg[v6],
			    fam_name[v6], BENCH_ECMP_MAX);
	}
	B.tr->rodata->sink_nmac = (uint8_t)B.ecmp[0].ngw;
}

static int is_nhg(int c)
{
	return c == C_XR_NHG || c == C_XR4_NHG;
}

/* The route of contender c's family via 1 next hop or via the group,
 * written in r's state. */
void ecmp_route(int c)
{
	const struct bench_ecmp_route *r = &B.ecmp[!contender_v4(c)];
	struct xr_state st;
	int err;

	ns_enter(B.ns_r);
	err = xr_state_open(&st, XR_STATE_LOCK_EX);
	if (!err) {
		err = bench_route_set(&st.m, r, is_nhg(c) ? r->ngw : 1);
		xr_state_close(&st);
	}
	ns_enter(B.ns_host);
	if (err)
		die("the %s route via %s: %s", fam_name[r->v6],
		    is_nhg(c) ? "the group" : "1 next hop", strerror(-err));
}

/* Whether the frames of contender c went where they should: the group's
 * spread, each member at least half its share; the rest all by member
 * 0. Prints the shares of the group. */
static int spread_ok(int c, const struct result *res)
{
	unsigned int k, n = B.ecmp[0].ngw;
	int ok = 1;

	if (!is_nhg(c))
		return res->memb[0] == res->ok;
	printf("        members:");
	for (k = 0; k < n; k++) {
		double share = res->ok ? (double)res->memb[k] / (double)res->ok : 0;

		printf(" %.1f%%", 100 * share);
		ok &= share * n >= 0.5;
	}
	printf("%s\n", ok ? "" : "  NOT SPREAD");
	return ok;
}

/* One family's summary: the group against 1 next hop, the median of
 * the slice pairs' differences and their quartiles; the own costs and
 * packet rates of the runs beside. */
static void ecmp_result(struct result r[NCONT][MAX_RUNS], int v6, int failed)
{
	const int *c = cont[v6];
	double *d = pair_diff[v6], mn, md, mx, pps[3], v[MAX_RUNS];
	int i, j, n = npairs[v6];

	stats(d, n, &mn, &md, &mx);
	for (j = 0; j < 3; j++) {
		for (i = 0; i < B.runs; i++)
			v[i] = r[c[j]][i].pps;
		stats(v, B.runs, &mn, &pps[j], &mx);
	}
	printf("ECMP %-28s %s group - 1 next hop: median %+.1f ns  quartiles %+.1f %+.1f"
	       "  (%d pairs of %.2f s; own cost above the floor: 1 next hop %.1f ns,"
	       " group %.1f ns; median pps %.0f, %.0f, floor %.0f)%s\n",
	       B.scenario, fam_name[v6], md, d[n / 4], d[(3 * n) / 4], n, SLICE,
	       own_cost(r, c[0], c[2]), own_cost(r, c[1], c[2]), pps[0], pps[1],
	       pps[2], failed ? "  FAILED RUNS" : "");
}

/* Packets per second of the sending thread's CPU time: generator,
 * router and sink all run in its context (softirqs on its CPU), so the
 * time the machine gives to others, which makes pps per wall second
 * move by tens of percent on a shared machine, is left out. */
static void per_cpu(struct result *r)
{
	if (r->cpu <= 0 || !r->ok)
		die("no CPU time or no packet (/proc/thread-self/schedstat)");
	r->pps = (double)r->ok / r->cpu;
}

/* acc plus one slice s */
static void add(struct result *acc, const struct result *s)
{
	int k;

	acc->secs += s->secs;
	acc->cpu += s->cpu;
	acc->sent += s->sent;
	acc->ok += s->ok;
	acc->bad += s->bad;
	for (k = 0; k < BENCH_ECMP_MAX; k++)
		acc->memb[k] += s->memb[k];
	acc->failed |= s->failed;
	per_cpu(acc);
}

/* One run of one family: xdp-router attached, the route via 1 next hop
 * and via the group in turns, SLICE seconds each time, B.secs in all
 * for each (they share whatever else the machine does); then the floor.
 * Prints them; 1 when a measurement failed. */
static int ecmp_run(int v6, int run, struct result r[NCONT][MAX_RUNS])
{
	const int *c = cont[v6];
	int k, j, failed = 0, nslice = (int)(B.secs / SLICE + 0.5);
	struct result w, s;

	nslice = nslice < 1 ? 1 : nslice;
	memset(&r[c[0]][run], 0, sizeof(r[0][0]));
	memset(&r[c[1]][run], 0, sizeof(r[0][0]));
	contender_up(c[0]);
	traffic(B.warmup, 0, &w);
	for (k = 0; k < nslice; k++) {
		double ns[2];

		for (j = 0; j < 2; j++) {
			ecmp_route(c[j]);
			traffic(B.secs / nslice, 0, &s);
			per_cpu(&s);
			add(&r[c[j]][run], &s);
			ns[j] = 1e9 / s.pps;
		}
		if (npairs[v6] < MAX_PAIRS)
			pair_diff[v6][npairs[v6]++] = ns[1] - ns[0];
	}
	contender_down(c[0]);
	contender_up(c[2]);
	traffic(B.warmup, 0, &w);
	traffic(B.secs, 0, &r[c[2]][run]);
	per_cpu(&r[c[2]][run]);
	contender_down(c[2]);
	for (j = 0; j < 3; j++) {
		print_run(run + 1, c[j], &r[c[j]][run]);
		if (j < 2 && !spread_ok(c[j], &r[c[j]][run]))
			r[c[j]][run].failed = 1;
		failed |= r[c[j]][run].failed;
	}
	return failed;
}

void run_ecmp(void)
{
	struct result r[NCONT][MAX_RUNS];
	int i, v6, failed = 0;

	printf("== %s: %d run(s); in each, per family, xdp-router with the route via "
	       "1 next hop and via the group of %u in turns (%.2f s at a time, %.0f s "
	       "each in all), then the floor; %d flows; pps per second of CPU time\n",
	       B.scenario, B.runs, B.ecmp[0].ngw, SLICE, B.secs, B.ndst);
	for (i = 0; i < B.runs; i++)
		for (v6 = 0; v6 < 2; v6++)
			failed |= ecmp_run(v6, i, r);
	for (v6 = 0; v6 < 2; v6++)
		ecmp_result(r, v6, failed);
	if (failed)
		exit(2);
}
