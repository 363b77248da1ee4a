// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, part 1: BPF_PROG_TEST_RUN cost per packet of the fast
 * path, with 1 route and with 1,000,000 random prefixes. Runs in a
 * private network namespace (tests/lib/testenv.c). Prints one table row
 * per case: raw ns/packet, and net of the TTL/checksum restore that lets
 * a forwarded packet be run again and again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"
#include "bench.skel.h"

#define REPEAT 2000000u
#define RUNS 5

static struct bench_bpf *skel;
static struct xr_testenv T;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* median of RUNS runs of REPEAT repetitions; checks the verdict */
static uint32_t measure(int prog_fd, uint8_t *frame, size_t len, int want)
{
	uint32_t ns[RUNS];
	int i, r;

	/* restore values for this frame */
	skel->data->bench_ttl = frame[IP_OFF_TTL];
	memcpy((void *)&skel->data->bench_csum, frame + IP_OFF_CSUM, 2);
	memcpy((void *)skel->data->bench_dmac, frame, 6);
	for (i = 0; i < RUNS; i++) {
		r = te_run_repeat(prog_fd, T.if_in, frame, len, REPEAT, &ns[i]);
		if (r != want) {
			fprintf(stderr, "bench: verdict %d, want %d\n", r, want);
			exit(1);
		}
	}
	qsort(ns, RUNS, sizeof(ns[0]), cmp_u32);
	return ns[RUNS / 2];
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Internet-like lengths: mostly /24, then /22-/23, /16-/21, some longer. */
static uint8_t rnd_plen(void)
{
	uint32_t r = rnd() % 100;

	if (r < 55) return 24;
	if (r < 70) return (uint8_t)(22 + rnd() % 2);
	if (r < 90) return (uint8_t)(16 + rnd() % 6);
	if (r < 97) return (uint8_t)(8 + rnd() % 8);
	return (uint8_t)(25 + rnd() % 8);
}

static int reserved(uint32_t a)
{
	/* keep the bench's own addresses out of the random table */
	return (a >> 24) == 0 || (a >> 24) == 127 || (a >> 28) >= 14 ||
	       (a >> 17) == (0xc612u >> 1) /* 198.18/15 */ ||
	       (a >> 8) == 0xc00002 || (a >> 8) == 0xc63364 || (a >> 8) == 0xcb0071;
}

static void add_random_routes(unsigned int n)
{
	struct xr_route4 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.ifindex = T.if_out };
	unsigned int added = 0;

	rt.gw = pkt_addr("198.51.100.2");
	while (added < n) {
		uint32_t a = rnd();
		uint8_t p = rnd_plen();
		struct xr_route4 old;

		uint32_t mask = p ? ~0u << (32 - p) : 0;
		static const uint32_t probe[] = { 0xc612ffffu, 0xc6130000u, 0xc613ff01u,
						  0xcb007109u, 0xc0000202u, 0xc6336402u };
		size_t k;

		a &= mask;
		if (reserved(a) || reserved(a | ~mask))
			continue;
		for (k = 0; k < sizeof(probe) / sizeof(probe[0]); k++)
			if ((probe[k] & mask) == a)
				break;
		if (k < sizeof(probe) / sizeof(probe[0]))
			continue;     /* would cover one of the bench's own addresses */
		rt.dst = htonl(a);
		rt.plen = p;
		if (xr_fib_get_exact(&T.m, rt.dst, p, &old) == 0)
			continue;
		if (xr_fib_update(&T.m, &rt)) {
			fprintf(stderr, "bench: route update failed\n");
			exit(1);
		}
		added++;
	}
}

struct row { const char *name; uint32_t raw, net; };

static void run_cases(const char *routes, uint32_t restore)
{
	int fwd = bpf_program__fd(skel->progs.xdp_bench_fwd);
	struct pkt_spec s = { .saddr = "192.0.2.2", .daddr = "203.0.113.9",
			      .payload_len = 26 };   /* a 64-byte frame */
	uint8_t f[128];
	size_t len;
	uint32_t ns;

	memcpy(s.dmac, TE_MAC_IN, 6);
	memcpy(s.smac, TE_MAC_PEER, 6);

	len = pkt_build(f, &s);
	ns = measure(fwd, f, len, XDP_REDIRECT);
	printf("| %-34s | %9s | %7u | %7d |\n", "forward (MAC, TTL, csum restored)",
	       routes, ns, (int)ns - (int)restore);

	len = pkt_build(f, &s);
	f[IP_OFF + 12] ^= 0x01;         /* header no longer sums to zero */
	ns = measure(fwd, f, len, XDP_DROP);
	printf("| %-34s | %9s | %7u | %7d |\n", "bad checksum (drop)", routes, ns,
	       (int)ns - (int)restore);

	s.daddr = "198.19.255.1";       /* no route covers it */
	len = pkt_build(f, &s);
	ns = measure(fwd, f, len, XDP_PASS);
	printf("| %-34s | %9s | %7u | %7d |\n", "route miss (NoRoute, punt)", routes,
	       ns, (int)ns - (int)restore);
}

int main(int argc, char **argv)
{
	unsigned int nroutes = argc > 1 ? (unsigned int)atoi(argv[1]) : 1000000;
	struct pkt_spec s = { .saddr = "192.0.2.2", .daddr = "203.0.113.9",
			      .payload_len = 26 };
	uint8_t f[128];
	size_t len;
	uint32_t restore;
	struct timespec t0, t1;

	libbpf_set_print(NULL);
	memset(&T, 0, sizeof(T));
	te_setup_net();
	skel = bench_bpf__open_and_load();
	if (!skel) {
		perror("bench: load");
		return 1;
	}
	T.obj = skel->obj;
	T.prog_fd = bpf_program__fd(skel->progs.xdp_bench_fwd);
	te_config(&T);

	memcpy(s.dmac, TE_MAC_IN, 6);
	memcpy(s.smac, TE_MAC_PEER, 6);
	len = pkt_build(f, &s);
	restore = measure(bpf_program__fd(skel->progs.xdp_bench_restore), f, len,
			  XDP_DROP);

	printf("BPF_PROG_TEST_RUN, 64-byte frames, median of %d runs x %u repeats\n",
	       RUNS, REPEAT);
	printf("| %-34s | %9s | %7s | %7s |\n", "case", "routes", "ns raw", "ns net");
	printf("|------------------------------------|-----------|---------|---------|\n");
	printf("| %-34s | %9s | %7u | %7s |\n", "restore MAC+TTL+csum only (baseline)",
	       "-", restore, "-");
	run_cases("1", restore);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	add_random_routes(nroutes);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		char label[16];

		snprintf(label, sizeof(label), "%u", nroutes + 3);
		run_cases(label, restore);
	}
	fprintf(stderr, "(random table of %u prefixes built in %.2f s through the library)\n",
		nroutes, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	bench_bpf__destroy(skel);
	return 0;
}
