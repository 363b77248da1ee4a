// SPDX-License-Identifier: GPL-2.0
/*
 * ECMP in the fast path (bpf/lib/nhg.h), forwarding: a flow keeps its
 * member and leaves with that member's bytes, flows spread by weight,
 * a member taken out (link down, neighbour FAILED) moves only its own
 * flows and gets them back, an unresolved member's exceptions name it,
 * a free group slot is no route. The setting: test_ecmp_env.h.
 */
#include "test_ecmp_env.h"

TestSuite(ecmp, .init = setup, .fini = teardown);

/* ------------------------------------------------------- one member */

Test(ecmp, a_flow_takes_one_member_both_families)
{
	struct flow f;
	uint32_t i;
	int v6, m, k;

	group(4, W1);
	for (v6 = 0; v6 < 2; v6++)
		for (i = 0; i < 64; i++) {
			f = flow_n(v6, i);
			m = ref_member(&f, XR_MP_L3);
			for (k = 0; k < 3; k++)
				cr_assert_eq(run_both(&f), m, "v6 %d flow %u", v6, i);
		}
}

/* n flows (L3: by addresses; L4: by source port) spread over the group
 * within 10% of each member's weighted share (a fixed seed: with a drawn
 * one the smallest share, 1,250 flows, would be 3.8 standard deviations
 * from its bound). */
static void spread(int v6, uint8_t policy, unsigned int n, const uint16_t *w)
{
	unsigned int cnt[NMEMB] = { 0 }, i, wsum = 0, N = 10000;
	double share;
	struct flow f;
	int m;

	mp_seed(0x2545f491u);
	for (i = 0; i < n; i++)
		wsum += w[i];
	for (i = 0; i < N; i++) {
		f = flow_n(v6, policy == XR_MP_L4 ? 7 : i);
		f.sport = (uint16_t)(policy == XR_MP_L4 ? 1024 + i : 4000);
		m = i % 10 ? run_xdp(&f) : run_both(&f);
		cr_assert(m >= 0 && m < (int)n, "flow %u not forwarded to a member", i);
		cr_assert_eq(m, ref_member(&f, policy));
		cnt[m]++;
	}
	for (i = 0; i < n; i++) {
		share = (double)N * w[i] / wsum;
		cr_log_info("v6 %d policy %u: member %u of %u: %u flows, share %.0f",
			    v6, policy, i, n, cnt[i], share);
		cr_assert(cnt[i] >= share * 0.9 && cnt[i] <= share * 1.1,
			  "v6 %d policy %u: member %u of %u got %u flows, share %.0f",
			  v6, policy, i, n, cnt[i], share);
	}
}

Test(ecmp, flows_spread_over_two_members)
{
	group(2, W1);
	spread(0, XR_MP_L3, 2, W1);
	spread(1, XR_MP_L3, 2, W1);
}

Test(ecmp, flows_spread_over_four_members)
{
	group(4, W1);
	spread(0, XR_MP_L3, 4, W1);
	spread(1, XR_MP_L3, 4, W1);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	spread(0, XR_MP_L4, 4, W1);
	spread(1, XR_MP_L4, 4, W1);
}

Test(ecmp, flows_spread_by_weight)
{
	const uint16_t w[NMEMB] = { 1, 1, 2, 4 };

	group(4, w);
	spread(0, XR_MP_L3, 4, w);
	spread(1, XR_MP_L3, 4, w);
}

/* ------------------------------------------------- failures */

#define NFLOWS 2000

/* The member of flow i of each family (by source port under L4), the
 * same at the XDP and the tc entry. */
static void members_now(int v6, int *m)
{
	struct flow f;
	int i;

	for (i = 0; i < NFLOWS; i++) {
		f = flow_n(v6, (uint32_t)i);
		m[i] = run_both(&f);                  /* XDP and tc alike */
		cr_assert_eq(m[i], ref_member(&f, XR_MP_L3), "flow %d", i);
	}
}

/* After member k became unusable, only its flows moved (to others). */
static void only_moved(const int *before, const int *after, int k)
{
	int i, moved = 0;

	for (i = 0; i < NFLOWS; i++) {
		cr_assert_neq(after[i], k, "flow %d still on member %d", i, k);
		if (before[i] != k)
			cr_assert_eq(after[i], before[i], "flow %d moved from %d to %d",
				     i, before[i], after[i]);
		moved += before[i] == k;
	}
	cr_assert_gt(moved, NFLOWS / 8, "member %d had %d flows", k, moved);
}

/* Member k out (by cmd_out, the library told), then back (cmd_back). */
static void out_and_back(int k, void (*out_fn)(int), void (*back_fn)(int))
{
	static int before[2][NFLOWS], after[NFLOWS];
	int v6;

	for (v6 = 0; v6 < 2; v6++)
		members_now(v6, before[v6]);
	out_fn(k);
	for (v6 = 0; v6 < 2; v6++) {
		group_read(v6);
		members_now(v6, after);
		only_moved(before[v6], after, k);
	}
	back_fn(k);
	for (v6 = 0; v6 < 2; v6++) {
		group_read(v6);
		members_now(v6, after);
		cr_assert(!memcmp(before[v6], after, sizeof(after)),
			  "v6 %d: not every flow came back", v6);
	}
}

static void link_set(int k, const char *state)
{
	te_sh("ip link set mp%d %s", k, state);
	cr_assert_eq(xr_iface_sync(&T.m, if_mp[k], XR_MODE_NATIVE), 0);
}

static void link_down(int k) { link_set(k, "down"); }
static void link_up(int k) { link_set(k, "up"); }

Test(ecmp, a_link_down_moves_only_its_flows)
{
	group(4, W1);
	out_and_back(1, link_down, link_up);
}

static void neigh_failed(int k) { neigh_state(k, XR_NUD_FAILED); }
static void neigh_back(int k) { neigh_state(k, XR_NUD_REACHABLE); }

Test(ecmp, a_failed_neighbour_moves_only_its_flows)
{
	const uint16_t w[NMEMB] = { 1, 1, 2, 4 };

	group(4, w);
	out_and_back(3, neigh_failed, neigh_back);
}

/* ------------------------------------------------- exceptions */

/* A member whose gateway is not resolved yet keeps its flows; they are
 * NoNeigh exceptions whose metadata names the member's next hop, which
 * the slow path resolves (IPv4: its gateway in nexthop; IPv6: 0 there,
 * xr_punt_meta_route6). */
static void unresolved(int v6)
{
	struct xr_punt_meta m;
	uint32_t ml, i;
	size_t il, ol;
	struct flow f;
	int seen = 0;

	for (i = 0; i < 200; i++) {
		f = flow_n(v6, i);
		if (ref_member(&f, XR_MP_L3) != 2) {
			cr_assert_neq(run_xdp(&f), -1);
			continue;
		}
		il = build(in, &f);
		ol = sizeof(out);
		cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
		cr_assert_eq(ml, sizeof(m));
		memcpy(&m, out, sizeof(m));
		cr_assert_eq(m.reason, XR_REASON_NoNeigh);
		cr_assert_eq(m.nh_id, v6 ? nh6[2] : nh4[2], "v6 %d flow %u", v6, i);
		cr_assert_eq(m.out_ifindex, if_mp[2]);
		cr_assert_eq(m.nexthop, v6 ? 0 : pkt_addr("10.14.2.2"));
		cr_assert_eq(m.rt_type, XR_RTN_UNICAST);
		cr_assert_eq(m.plen, v6 ? 16 : 24);
		seen++;
	}
	cr_assert_gt(seen, 20);
}

Test(ecmp, an_unresolved_member_punts_with_its_own_id)
{
	struct xr_xsk_port p = { .base = 3, .queues = 1 };

	cr_assert_eq(bpf_map_update_elem(T.m.xsk_ports, &T.if_in, &p, BPF_ANY), 0);
	group(4, W1);
	neigh_state(2, XR_NUD_INCOMPLETE);
	group_read(0);
	group_read(1);
	unresolved(0);
	unresolved(1);
}

/* A FIB entry naming a free slot is no route, in either family. */
static void free_slot(int v6)
{
	struct flow f = flow_n(v6, 1);
	struct xr_nhg g = G[v6];
	size_t il, ol = sizeof(out);
	uint32_t c = v6 ? CNT_MIB6(Ip6InNoRoutes) : CNT_MIB(InNoRoutes);
	uint64_t nr, r = te_counter(&T, CNT_REASON(NoRoute));

	g.nmemb = 0;
	cr_assert_eq(bpf_map_update_elem(v6 ? T.m.fib6_nhg : T.m.fib4_nhg,
					 &gid[v6], &g, BPF_ANY), 0);
	nr = te_counter(&T, c);
	il = build(in, &f);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(te_counter(&T, c), nr + 1, "v6 %d", v6);
	cr_assert_eq(te_counter(&T, CNT_REASON(NoRoute)), r + 1, "v6 %d", v6);
}

Test(ecmp, a_free_slot_is_no_route)
{
	group(2, W1);
	free_slot(0);
	free_slot(1);
}
