// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, part 1 for IPv6 (bench.h): the fast path's cost per packet
 * for a 64-byte UDP/IPv6 frame, with 1 route and with a full table, and
 * the time xr_route6_update_many takes to load that table. The frame
 * comes from the peer on in0 (2001:db8:1::2) to 2001:db8:100::9, routed
 * by 2001:db8:100::/48 via 2001:db8:2::2 on out0 (a permanent
 * neighbour), as IPv4's 203.0.113.0/24 via 198.51.100.2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include "lib/neigh6.h"
#include "lib/route6.h"
#include "pkt.h"
#include "bench.skel.h"
#include "benchlib.h"
#include "bench.h"

#define GW6 "2001:db8:2::2"

static uint32_t restore6;      /* the restore alone, ns */

static void in6(const char *s, struct xr_in6 *a)
{
	if (inet_pton(AF_INET6, s, a) != 1) {
		fprintf(stderr, "bench: bad IPv6 address %s\n", s);
		exit(1);
	}
}

size_t bench_frame6(uint8_t *f, const char *dst, uint8_t hlim)
{
	uint8_t *ip = f + IP_OFF, *udp = ip + 40, pseudo[40 + 8 + 10];
	uint16_t c;

	memset(f, 0, 64);
	memcpy(f, TE_MAC_IN, 6);
	memcpy(f + 6, TE_MAC_PEER, 6);
	f[ETH_OFF_PROTO] = 0x86;
	f[ETH_OFF_PROTO + 1] = 0xdd;
	ip[0] = 0x60;
	ip[5] = 10;                      /* payload: UDP header + 2 bytes */
	ip[6] = 17;
	ip[7] = hlim;
	in6("2001:db8:1::2", (struct xr_in6 *)(ip + 8));
	in6(dst, (struct xr_in6 *)(ip + 24));
	udp[1] = 9;
	udp[3] = 9;
	udp[5] = 10;
	memset(pseudo, 0, sizeof(pseudo));  /* addresses, length, next header */
	memcpy(pseudo, ip + 8, 32);
	pseudo[35] = 10;
	pseudo[39] = 17;
	memcpy(pseudo + 40, udp, 10);
	c = pkt_csum(pseudo, sizeof(pseudo));
	memcpy(udp + 6, &c, 2);
	return 64;
}

static void route6(const char *dst, uint8_t plen, struct xr_route6 *rt)
{
	memset(rt, 0, sizeof(*rt));
	rt->type = XR_RTN_UNICAST;
	rt->proto = XR_RTPROT_STATIC;
	rt->ifindex = T.if_out;
	rt->plen = plen;
	if (dst)
		in6(dst, &rt->dst);
	in6(GW6, &rt->gw);
}

void bench6_setup(void)
{
	struct xr_neigh n = { .state = XR_NUD_PERMANENT };
	struct xr_route6 rt;
	struct xr_in6 gw;
	uint8_t f[128];
	size_t len;

	memcpy(n.mac, TE_MAC_NH, 6);
	in6(GW6, &gw);
	route6("2001:db8:100::", 48, &rt);
	if (xr_neigh6_update(&T.m, T.if_out, &gw, &n) ||
	    xr_route6_update(&T.m, &rt)) {
		fprintf(stderr, "bench: IPv6 neighbour or route\n");
		exit(1);
	}
	len = bench_frame6(f, "2001:db8:100::9", 64);
	restore6 = measure(bpf_program__fd(skel->progs.xdp_bench_restore6), f,
			   len, XDP_DROP);
	printf("| %-34s | %9s | %7u | %7s |\n", "IPv6: restore MAC+hlim (baseline)",
	       "-", restore6, "-");
}

size_t bench6_load(const char *file)
{
	struct bench_pfx6 *p;
	struct xr_route6 *rts;
	struct timespec t0, t1;
	size_t n, i, done = 0;
	int err;

	bench_read_prefixes6(file, &p, &n);
	rts = calloc(n, sizeof(*rts));
	if (!rts)
		exit(1);
	for (i = 0; i < n; i++) {
		route6(NULL, p[i].plen, &rts[i]);
		memcpy(&rts[i].dst, p[i].a, 16);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = xr_route6_update_many(&T.m, rts, n, &done);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err || done != n) {
		fprintf(stderr, "bench: xr_route6_update_many: %s, %zu of %zu done\n",
			strerror(-err), done, n);
		exit(1);
	}
	printf("LOAD6 %zu routes through xr_route6_update_many in %.2f s\n", n,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(rts);
	free(p);
	return n;
}

void bench6_cases(const char *routes)
{
	int fwd = bpf_program__fd(skel->progs.xdp_bench_fwd6);
	uint8_t f[128];
	size_t len;

	len = bench_frame6(f, "2001:db8:100::9", 64);
	row("IPv6: forward, MAC+hlim restored", routes,
	    measure(fwd, f, len, XDP_REDIRECT), restore6);
	len = bench_frame6(f, "2001:db8:ffff::1", 64);   /* no route covers it */
	row("IPv6: route miss (to kernel)", routes,
	    measure(fwd, f, len, XDP_PASS), restore6);
	len = bench_frame6(f, "2001:db8:100::9", 1);
	row("IPv6: hop limit 1, punt to kernel", routes,
	    measure(fwd, f, len, XDP_PASS), restore6);
}
