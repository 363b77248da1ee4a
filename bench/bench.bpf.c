// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark wrappers (make bench only; not part of the router binary).
 * BPF_PROG_TEST_RUN runs every repetition on the same buffer, so a
 * forwarded packet would lose one TTL per run and become an exception
 * after 63 runs. xdp_bench_fwd puts destination MAC, TTL and checksum
 * (and the metadata a punt adds) back first, then
 * runs exactly the router's code; xdp_bench_restore measures that
 * restore alone, to be subtracted. The *6 programs do the same for an
 * IPv6 frame (destination MAC and hop limit).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"

volatile __u8 bench_ttl = 64;        /* set by the benchmark per case */
volatile __u16 bench_csum = 1;  /* network order, as in the header */
volatile __u8 bench_dmac[6] = { 1 };  /* the ingress MAC */

/* the frame's Ethernet header, the metadata a punt left in front of it
 * taken back first (fails, changing nothing, when there is none) */
static __always_inline struct ethhdr *restore_eth(struct xdp_md *ctx,
						  __u32 l3_len)
{
	struct ethhdr *eth;

	bpf_xdp_adjust_meta(ctx, (int)sizeof(struct xr_punt_meta));
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) + l3_len > (void *)(long)ctx->data_end)
		return NULL;
	eth->h_dest[0] = bench_dmac[0]; eth->h_dest[1] = bench_dmac[1];
	eth->h_dest[2] = bench_dmac[2]; eth->h_dest[3] = bench_dmac[3];
	eth->h_dest[4] = bench_dmac[4]; eth->h_dest[5] = bench_dmac[5];
	return eth;
}

static __always_inline int restore(struct xdp_md *ctx)
{
	struct ethhdr *eth = restore_eth(ctx, sizeof(struct iphdr));
	struct iphdr *iph;

	if (!eth)
		return -1;
	iph = (void *)(eth + 1);
	iph->ttl = bench_ttl;
	iph->check = bench_csum;
	return 0;
}

/* IPv6: the destination MAC and the hop limit (no header checksum) */
static __always_inline int restore6(struct xdp_md *ctx)
{
	struct ethhdr *eth = restore_eth(ctx, sizeof(struct ipv6hdr));
	struct ipv6hdr *ip6;

	if (!eth)
		return -1;
	ip6 = (void *)(eth + 1);
	ip6->hop_limit = bench_ttl;
	return 0;
}

SEC("xdp")
int xdp_bench_fwd(struct xdp_md *ctx)
{
	if (restore(ctx))
		return XDP_ABORTED;
	return xr_xdp_main(ctx, 0);
}

SEC("xdp")
int xdp_bench_restore(struct xdp_md *ctx)
{
	if (restore(ctx))
		return XDP_ABORTED;
	return XDP_DROP;
}

SEC("xdp")
int xdp_bench_fwd6(struct xdp_md *ctx)
{
	if (restore6(ctx))
		return XDP_ABORTED;
	return xr_xdp_main(ctx, 0);
}

SEC("xdp")
int xdp_bench_restore6(struct xdp_md *ctx)
{
	if (restore6(ctx))
		return XDP_ABORTED;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
