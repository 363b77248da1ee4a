// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, part 1: BPF_PROG_TEST_RUN cost per packet of the fast
 * path, with 1 route and with 1,000,000 random prefixes; the IPv6 cases
 * (bench6.c) with 1 route and with the IPv6 table of a file (argv[2]).
 * `bench ecmp`: the ECMP table only (benchecmp.c).
 * Runs in a private network namespace (tests/lib/testenv.c). Prints one
 * table row per case: raw ns/packet, and net of the TTL/checksum restore
 * that lets a forwarded packet be run again and again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/proto.h"
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"
#include "bench.skel.h"
#include "benchlib.h"
#include "bench.h"


struct bench_bpf *skel;
struct xr_testenv T;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void bench_restore_for(const uint8_t *frame)
{
	int v6 = frame[ETH_OFF_PROTO] == 0x86 && frame[ETH_OFF_PROTO + 1] == 0xdd;

	/* IPv6: the hop limit, byte 7; IPv4: TTL and checksum */
	skel->data->bench_ttl = frame[v6 ? IP_OFF + 7 : IP_OFF_TTL];
	memcpy((void *)&skel->data->bench_csum, frame + IP_OFF_CSUM, 2);
	memcpy((void *)skel->data->bench_dmac, frame, 6);
}

uint32_t bench_run(int prog_fd, const uint8_t *frame, size_t len,
		   uint32_t repeat, int want)
{
	uint32_t ns;
	int r;

	bench_restore_for(frame);
	r = te_run_repeat(prog_fd, T.if_in, frame, len, repeat, &ns);
	if (r != want) {
		fprintf(stderr, "bench: verdict %d, want %d\n", r, want);
		exit(1);
	}
	return ns;
}

/* median of RUNS runs of REPEAT repetitions; checks the verdict */
uint32_t measure(int prog_fd, uint8_t *frame, size_t len, int want)
{
	uint32_t ns[RUNS];
	int i;

	for (i = 0; i < RUNS; i++)
		ns[i] = bench_run(prog_fd, frame, len, REPEAT, want);
	qsort(ns, RUNS, sizeof(ns[0]), cmp_u32);
	return ns[RUNS / 2];
}

static void add_random_routes(unsigned int n)
{
	struct xr_route4 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.ifindex = T.if_out };
	unsigned int added = 0;

	rt.gw = pkt_addr("198.51.100.2");
	bench_seed(1);
	while (added < n) {
		uint32_t a;
		uint8_t p;

		bench_random_prefix(&a, &p);
		rt.dst = htonl(a);
		rt.plen = p;
		if (xr_route4_exists(&T.m, rt.dst, p))
			continue;
		if (xr_route4_update(&T.m, &rt)) {
			fprintf(stderr, "bench: route update failed\n");
			exit(1);
		}
		added++;
	}
}

void row(const char *name, const char *routes, uint32_t ns, uint32_t restore)
{
	printf("| %-34s | %9s | %7u | %7d |\n", name, routes, ns,
	       (int)ns - (int)restore);
}

/* Publish (or withdraw) a slow-path socket slot for the ingress link. */
static void port_set(int on)
{
	struct xr_xsk_port p = { .base = 0, .queues = on ? 1 : 0 };

	if (bpf_map_update_elem(T.m.xsk_ports, &T.if_in, &p, BPF_ANY)) {
		fprintf(stderr, "bench: xr_xsk_ports\n");
		exit(1);
	}
}

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
	row("forward (MAC, TTL, csum restored)", routes, ns, restore);

	len = pkt_build(f, &s);
	f[IP_OFF + 12] ^= 0x01;         /* header no longer sums to zero */
	ns = measure(fwd, f, len, XDP_DROP);
	row("bad checksum (drop)", routes, ns, restore);

	s.daddr = "198.19.255.1";       /* no route covers it */
	len = pkt_build(f, &s);
	ns = measure(fwd, f, len, XDP_PASS);
	row("route miss (NoRoute, to kernel)", routes, ns, restore);

	/* the punt itself: TTL 1, without and with a slow-path socket slot
	 * (the metadata header is written and the XSKMAP redirect tried;
	 * no socket is bound here, so it ends in XDP_PASS either way) */
	s.daddr = "203.0.113.9";
	s.ttl = 1;
	len = pkt_build(f, &s);
	s.ttl = 0;
	ns = measure(fwd, f, len, XDP_PASS);
	row("TTL 1, punt to kernel (no daemon)", routes, ns, restore);
	port_set(1);
	ns = measure(fwd, f, len, XDP_PASS);
	port_set(0);
	row("TTL 1, punt with metadata to XSK", routes, ns, restore);

	/* a protocol handler asking for transit UDP that hands every
	 * datagram back (bpf/handlers/ipprobe.bpf.o on protocol 17): the
	 * dispatch, two tail calls, the router's path resumed */
	{
		struct xr_proto_req r = { .kind = XR_PROTO_IP, .key = 17,
					  .obj = "build/handlers/ipprobe.bpf.o" };

		if (xr_proto_add(&T.m, NULL, &r))
			exit(1);
		len = pkt_build(f, &s);
		ns = measure(fwd, f, len, XDP_REDIRECT);
		row("forward via a transit handler", routes, ns, restore);
		if (xr_proto_del(&T.m, NULL, XR_PROTO_IP, 17))
			exit(1);
	}
}

int main(int argc, char **argv)
{
	int ecmp = argc > 1 && !strcmp(argv[1], "ecmp");   /* that table only */
	unsigned int nroutes = argc > 1 ? (unsigned int)atoi(argv[1]) : 1000000;
	const char *table6 = argc > 2 ? argv[2] : NULL;   /* IPv6 prefixes */
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
	if (ecmp) {
		bench_ecmp();
		bench_bpf__destroy(skel);
		return 0;
	}

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
	if (table6) {
		bench6_setup();
		bench6_cases("1");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	add_random_routes(nroutes);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		char label[16];

		snprintf(label, sizeof(label), "%u", nroutes + 3);
		run_cases(label, restore);
		if (table6) {
			snprintf(label, sizeof(label), "%zu", bench6_load(table6) + 1);
			bench6_cases(label);
		}
	}
	fprintf(stderr, "(random table of %u prefixes built in %.2f s through the library)\n",
		nroutes, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	bench_bpf__destroy(skel);
	return 0;
}
