// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark wrappers (make bench only; not part of the router binary).
 * BPF_PROG_TEST_RUN runs every repetition on the same buffer, so a
 * forwarded packet would lose one TTL per run and become an exception
 * after 63 runs. xdp_bench_fwd puts destination MAC, TTL and checksum
 * (and the metadata a punt adds) back first, then
 * runs exactly the router's code; xdp_bench_restore measures that
 * restore alone, to be subtracted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"

volatile __u8 bench_ttl = 64;        /* set by the benchmark per case */
volatile __u16 bench_csum = 1;  /* network order, as in the header */
volatile __u8 bench_dmac[6] = { 1 };  /* the ingress MAC */

static __always_inline int restore(struct xdp_md *ctx)
{
	struct ethhdr *eth;
	struct iphdr *iph;

	/* a punt left its metadata in front of the frame: take it back
	 * (fails, changing nothing, when there is none) */
	bpf_xdp_adjust_meta(ctx, (int)sizeof(struct xr_punt_meta));
	eth = (void *)(long)ctx->data;
	iph = (void *)(eth + 1);

	if ((void *)(iph + 1) > (void *)(long)ctx->data_end)
		return -1;
	eth->h_dest[0] = bench_dmac[0]; eth->h_dest[1] = bench_dmac[1];
	eth->h_dest[2] = bench_dmac[2]; eth->h_dest[3] = bench_dmac[3];
	eth->h_dest[4] = bench_dmac[4]; eth->h_dest[5] = bench_dmac[5];
	iph->ttl = bench_ttl;
	iph->check = bench_csum;
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

char _license[] SEC("license") = "GPL";
