// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench's ECMP measurement (fwdbench.h; issue 14): one route per
 * family (--ecmp4, --ecmp6: PREFIX=GW,GW,...), all gateways on r-h2,
 * whose neighbours' MACs are the sink's with the last byte XORed with
 * the member's index (bench/bench_ecmp.sh sets them). In every run, IPv4
 * then IPv6: xdp-router with the route via the first gateway alone,
 * xdp-router with the route via the group of all of them (switched in
 * place through the library before each, as `route replace` does), and
 * the floor. The generator sends to B.ndst random destinations inside
 * the route (flows), so the hash spreads them; the sink counts what each
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

/* One family's summary: the group against 1 next hop, run by run. */
static void ecmp_result(struct result r[NCONT][MAX_RUNS], int v6, int failed)
{
	const int *c = cont[v6];
	double d[MAX_RUNS], mn, md, mx, pps[3], v[MAX_RUNS];
	int i, j;

	for (i = 0; i < B.runs; i++)
		d[i] = 1e9 / r[c[1]][i].pps - 1e9 / r[c[0]][i].pps;
	stats(d, B.runs, &mn, &md, &mx);
	for (j = 0; j < 3; j++) {
		double a, b;

		for (i = 0; i < B.runs; i++)
			v[i] = r[c[j]][i].pps;
		stats(v, B.runs, &a, &pps[j], &b);
	}
	printf("ECMP %-28s %s group - 1 next hop: median %+.1f ns  min %+.1f  max %+.1f"
	       "  (own cost above the floor: 1 next hop %.1f ns, group %.1f ns;"
	       " median pps %.0f, %.0f, floor %.0f)%s\n",
	       B.scenario, fam_name[v6], md, mn, mx, own_cost(r, c[0], c[2]),
	       own_cost(r, c[1], c[2]), pps[0], pps[1], pps[2],
	       failed ? "  FAILED RUNS" : "");
}

void run_ecmp(void)
{
	struct result r[NCONT][MAX_RUNS], w;
	int i, v6, j, failed = 0;

	printf("== %s: %d run(s) of %.0f s per contender, alternating, after a "
	       "%.1f s warm-up each; %d flows; %u members\n", B.scenario, B.runs,
	       B.secs, B.warmup, B.ndst, B.ecmp[0].ngw);
	for (i = 0; i < B.runs; i++)
		for (v6 = 0; v6 < 2; v6++)
			for (j = 0; j < 3; j++) {
				int c = cont[v6][j];

				contender_up(c);
				traffic(B.warmup, 0, &w);
				traffic(B.secs, 0, &r[c][i]);
				contender_down(c);
				print_run(i + 1, c, &r[c][i]);
				if (c != cont[v6][2] && !spread_ok(c, &r[c][i]))
					r[c][i].failed = 1;
				failed |= r[c][i].failed;
			}
	for (v6 = 0; v6 < 2; v6++)
		ecmp_result(r, v6, failed);
	if (failed)
		exit(2);
}
