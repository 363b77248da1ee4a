/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Criterion checks on the bytes of frames, shared by the BPF suites.
 * Header only: the C files of tests/lib are linked into the benchmark too,
 * which does not link Criterion.
 */
#ifndef XR_TEST_EXPECT_H
#define XR_TEST_EXPECT_H

#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>         /* XDP_REDIRECT */
#include "pkt.h"
#include "testenv.h"
#include "lib/counters.h"   /* xr_counter_name */

/* The IPv4 header checksum of frame f equals a full recompute, and the
 * header sums to zero. */
static inline void expect_ip_csum(const uint8_t *f)
{
	uint16_t csum = (uint16_t)(f[IP_OFF_CSUM] << 8 | f[IP_OFF_CSUM + 1]);

	cr_assert_eq(csum, pkt_ip_csum_recompute(f),
		     "checksum %04x, full recompute %04x", csum,
		     pkt_ip_csum_recompute(f));
	cr_assert_eq(pkt_csum(f + IP_OFF, (size_t)(f[IP_OFF] & 0xf) * 4), 0);
}

/* Runs in[0..il) on t's ingress link, expects act and the counter idx
 * to move by exactly one; anything not forwarded comes back as it went
 * in. */
static inline void expect_run(struct xr_testenv *t, const uint8_t *in,
			      size_t il, int act, uint32_t idx)
{
	static uint8_t out[2048];
	uint64_t before = te_counter(t, idx);
	size_t ol = sizeof(out);
	int r = te_run(t, t->if_in, in, il, out, &ol);

	cr_assert_eq(r, act, "verdict %d, want %d", r, act);
	cr_assert_eq(te_counter(t, idx), before + 1, "counter %s did not move by 1",
		     xr_counter_name(idx));
	if (act != XDP_REDIRECT) {
		cr_assert_eq(ol, il, "length changed: %zu -> %zu", il, ol);
		cr_assert(!memcmp(in, out, il), "frame changed");
	}
}

/* A frame in forwarded as out (ol bytes): MACs (dmac, out0's), TTL - 1,
 * checksum by full recompute, length 14 + tot_len, everything else
 * unchanged. */
static inline void expect_forwarded(const uint8_t *in, const uint8_t *out,
				    size_t ol, const uint8_t dmac[6])
{
	uint16_t tot = (uint16_t)(in[IP_OFF + 2] << 8 | in[IP_OFF + 3]);

	cr_assert_eq(ol, 14u + tot, "length %zu, want %u", ol, 14u + tot);
	cr_assert(!memcmp(out, dmac, 6), "destination MAC is not the neighbour's");
	cr_assert(!memcmp(out + 6, TE_MAC_OUT, 6), "source MAC is not out0's");
	cr_assert_eq(out[IP_OFF_TTL], in[IP_OFF_TTL] - 1, "TTL %u, want %u",
		     out[IP_OFF_TTL], in[IP_OFF_TTL] - 1);
	expect_ip_csum(out);
	/* all other IP header bytes and the payload are untouched */
	cr_assert(!memcmp(out + 12, in + 12, IP_OFF_TTL - 12));
	cr_assert(!memcmp(out + IP_OFF_TTL + 1, in + IP_OFF_TTL + 1, 1));
	cr_assert(!memcmp(out + IP_OFF_CSUM + 2, in + IP_OFF_CSUM + 2,
			  14u + tot - (IP_OFF_CSUM + 2)));
}

/* An IPv6 frame in forwarded as out (ol bytes): MACs (dmac, out0's),
 * hop limit - 1, length 14 + 40 + payload length (padding trimmed),
 * every other byte unchanged (traffic class, flow label, extension
 * headers, payload; IPv6 has no header checksum). */
static inline void expect_forwarded6(const uint8_t *in, const uint8_t *out,
				     size_t ol, const uint8_t dmac[6])
{
	uint16_t plen = (uint16_t)(in[IP6_OFF_PLEN] << 8 | in[IP6_OFF_PLEN + 1]);
	size_t want = 14u + 40u + plen;

	cr_assert_eq(ol, want, "length %zu, want %zu", ol, want);
	cr_assert(!memcmp(out, dmac, 6), "destination MAC is not the neighbour's");
	cr_assert(!memcmp(out + 6, TE_MAC_OUT, 6), "source MAC is not out0's");
	cr_assert_eq(out[IP6_OFF_HLIM], in[IP6_OFF_HLIM] - 1, "hop limit %u, want %u",
		     out[IP6_OFF_HLIM], in[IP6_OFF_HLIM] - 1);
	cr_assert(!memcmp(out + 12, in + 12, IP6_OFF_HLIM - 12));
	cr_assert(!memcmp(out + IP6_OFF_HLIM + 1, in + IP6_OFF_HLIM + 1,
			  want - (IP6_OFF_HLIM + 1)));
}

#endif
