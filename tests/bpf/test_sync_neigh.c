// SPDX-License-Identifier: GPL-2.0
/*
 * Neighbours that follow the kernel (xr_sync.flags XR_SYNC_NEIGH, set by
 * `daemon --kernel-sync` and `--fpm`): a next hop without a neighbour is
 * the kernel's to resolve, so a NoNeigh exception goes to the kernel
 * (XDP_PASS, TC_ACT_OK: no metadata, no ring buffer record) even though
 * the daemon's socket is there; other exceptions still go to the daemon.
 * Without the flag NoNeigh goes to the daemon as before. Both hooks; the
 * daemon's socket is a real AF_XDP socket bound on the link, so that the
 * verdicts (XDP_REDIRECT, TC_ACT_SHOT) are the ones a running daemon gets.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "slowpath/xsk.h"
#include "xdp_router/abi.h"
#include "pkt.h"
#include "testenv.h"

static struct xr_testenv T;
static struct xr_xsk_link L;
static uint8_t in[2048], out[2048];

static void setup(void)
{
	te_setup(&T);
	te_config6(&T);
	cr_assert_eq(xr_xsk_link_open(&L, T.if_in, 7, 1, T.m.xsks,
				      T.m.xsk_ports), 0);
}

static void teardown(void)
{
	xr_xsk_link_close(&L, T.m.xsks, T.m.xsk_ports);
	te_teardown(&T);
}

TestSuite(sync_neigh, .init = setup, .fini = teardown);

static void set_flags(uint32_t flags)
{
	struct xr_sync s = { .mode = XR_SYNC_KERNEL, .flags = flags };
	uint32_t zero = 0;

	cr_assert_eq(bpf_map_update_elem(T.m.sync, &zero, &s, BPF_ANY), 0);
}

/* A frame to a connected address nobody is known at: NoNeigh. */
static size_t no_neigh_frame(int v6)
{
	struct pkt_spec s = te_spec();
	struct pkt6_spec s6 = te_spec6();

	s.daddr = "198.51.100.77";
	s6.daddr = "2001:db8:2::77";
	return v6 ? pkt6_build(in, &s6) : pkt_build(in, &s);
}

/* Through XDP: XDP_REDIRECT into the daemon's socket (1), or XDP_PASS
 * to the kernel (0) with no metadata in front and the frame unchanged;
 * NoNeigh counted either way, PuntToKernel when the kernel got it. */
static int xdp_to_daemon(int v6)
{
	uint64_t r0 = te_counter(&T, CNT_REASON(NoNeigh));
	uint64_t k0 = te_counter(&T, CNT_OTHER(PuntToKernel));
	size_t il = no_neigh_frame(v6), ol = sizeof(out);
	uint32_t ml = 0;
	int v = te_run_meta(&T, T.if_in, in, il, out, &ol, &ml);

	cr_assert_eq(te_counter(&T, CNT_REASON(NoNeigh)), r0 + 1);
	if (v == XDP_REDIRECT) {
		cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), k0);
		return 1;
	}
	cr_assert_eq(v, XDP_PASS, "verdict %d", v);
	cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), k0 + 1);
	cr_assert_eq(ml, 0, "metadata for a frame the kernel gets");
	cr_assert_eq(ol, il);
	cr_assert(!memcmp(out, in, il), "the frame changed");
	return 0;
}

/* Through tc: TC_ACT_SHOT when the daemon's ring took it, TC_ACT_OK
 * (the kernel) with the frame untouched and PuntToKernel counted. */
static int tc_to_daemon(int v6)
{
	uint64_t k0 = te_counter(&T, CNT_OTHER(PuntToKernel));
	size_t il = no_neigh_frame(v6), ol = sizeof(out);
	int v = te_run_tc(&T, T.if_in, in, il, out, &ol);

	if (v == XDP_DROP) {
		cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), k0);
		return 1;
	}
	cr_assert_eq(v, XDP_PASS, "verdict %d", v);
	cr_assert_eq(ol, il);
	cr_assert(!memcmp(out, in, il), "the frame changed");
	cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), k0 + 1);
	return 0;
}

Test(sync_neigh, without_the_flag_no_neigh_goes_to_the_daemon)
{
	cr_assert_eq(xdp_to_daemon(0), 1);
	cr_assert_eq(xdp_to_daemon(1), 1);
	cr_assert_eq(tc_to_daemon(0), 1);
	cr_assert_eq(tc_to_daemon(1), 1);
}

Test(sync_neigh, with_the_flag_no_neigh_goes_to_the_kernel)
{
	set_flags(XR_SYNC_NEIGH);
	cr_assert_eq(xdp_to_daemon(0), 0);
	cr_assert_eq(xdp_to_daemon(1), 0);
	cr_assert_eq(tc_to_daemon(0), 0);
	cr_assert_eq(tc_to_daemon(1), 0);
}

Test(sync_neigh, a_mode_without_the_flag_changes_nothing)
{
	set_flags(0);
	cr_assert_eq(xdp_to_daemon(0), 1);
	cr_assert_eq(tc_to_daemon(1), 1);
}

/* Only NoNeigh: a TTL exceeded is the daemon's still (its ICMP error). */
Test(sync_neigh, other_exceptions_still_go_to_the_daemon)
{
	struct pkt_spec s = te_spec();
	size_t il, ol = sizeof(out);
	uint32_t ml = 0;

	set_flags(XR_SYNC_NEIGH);
	s.ttl = 1;
	il = pkt_build(in, &s);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml),
		     XDP_REDIRECT);
	ol = sizeof(out);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_DROP);
}
