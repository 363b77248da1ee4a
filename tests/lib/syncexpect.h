/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Criterion checks on what a mirror wrote (tests/lib/syncenv.h), shared
 * by the kernel-sync suites. Header only, as expect.h.
 */
#ifndef XR_TEST_SYNCEXPECT_H
#define XR_TEST_SYNCEXPECT_H

#include <errno.h>
#include <stdio.h>
#include <arpa/inet.h>
#include "expect.h"
#include "lib/nhg.h"
#include "lib/route4.h"
#include "syncenv.h"

/* pfx is a unicast route via 198.51.100.gw on out0 with metric and proto. */
static inline void se_expect_gw(struct xr_syncenv *e, const char *pfx, int gw,
				uint32_t metric, uint8_t proto)
{
	struct xr_route4 rt;
	char a[32];

	snprintf(a, sizeof(a), "198.51.100.%d", gw);
	cr_assert_eq(se_route4(e, pfx, &rt), 0, "%s not in the FIB", pfx);
	cr_assert_eq(rt.type, XR_RTN_UNICAST, "%s: type %u", pfx, rt.type);
	cr_assert_eq(rt.nhg, 0, "%s is a group", pfx);
	cr_assert_eq(rt.ifindex, e->t.if_out, "%s: ifindex %u", pfx, rt.ifindex);
	cr_assert_eq(rt.gw, pkt_addr(a), "%s: another gateway", pfx);
	cr_assert_eq(rt.metric, metric, "%s: metric %u", pfx, rt.metric);
	cr_assert_eq(rt.proto, proto, "%s: proto %u", pfx, rt.proto);
}

static inline void se_expect_absent(struct xr_syncenv *e, const char *pfx)
{
	struct xr_route4 rt;

	cr_assert_eq(se_route4(e, pfx, &rt), -ENOENT, "%s in the FIB", pfx);
}

/* pfx's group: n members on out0, gateways 198.51.100.gw[i] with
 * weights w[i]. */
static inline void se_expect_group(struct xr_syncenv *e, const char *pfx,
				   int n, const int *gw, const int *w)
{
	struct xr_nhg_info m[XR_NHG_MAX_MEMBERS];
	unsigned int got = XR_NHG_MAX_MEMBERS;
	struct xr_route4 rt;
	int seen = 0;

	cr_assert_eq(se_route4(e, pfx, &rt), 0, "%s not in the FIB", pfx);
	cr_assert_neq(rt.nhg, 0, "%s is not a group", pfx);
	cr_assert_eq(xr_nhg_read(&e->t.m, 0, rt.nhg, m, &got), 0);
	cr_assert_eq(got, (unsigned int)n, "%s: %u members, want %d", pfx, got, n);
	for (int i = 0; i < n; i++)
		for (unsigned int j = 0; j < got; j++)
			if ((int)(ntohl(m[j].spec.gw.a[0]) & 0xff) == gw[i]) {
				cr_assert_eq(m[j].spec.weight, w[i],
					     "%s: member .%d weight %u, want %d", pfx,
					     gw[i], m[j].spec.weight, w[i]);
				cr_assert_eq(m[j].spec.ifindex, e->t.if_out);
				seen++;
			}
	cr_assert_eq(seen, n, "%s: members differ", pfx);
}

/* te_spec's datagram to 203.0.113.9 from in0: forwarded to the
 * neighbour 198.51.100.2 on out0, bytes checked (TTL - 1, checksum,
 * MACs). */
static inline void se_expect_forwards(struct xr_syncenv *e)
{
	static uint8_t in[256], out[2048];
	struct pkt_spec s = te_spec();
	size_t il = pkt_build(in, &s), ol = sizeof(out);

	cr_assert_eq(te_run(&e->t, e->t.if_in, in, il, out, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

#endif
