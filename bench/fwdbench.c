// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, part 2: forwarding throughput of three contenders through
 * the same router namespace, gen -> r -> sink (bench/bench.sh builds
 * the namespaces and the route tables):
 *
 *   linux       kernel forwarding (ip_forward=1, or IPv6 forwarding=1
 *               with --ipv6), no XDP on r
 *   xdp-router  this project, attached to both of r's links (native XDP)
 *   fib_lookup  a minimal bpf_fib_lookup forwarder (bench/bench_fibfwd.bpf.c)
 *   floor       a fixed rewrite and redirect, no lookup and no check: not a
 *               router, the most this harness leaves room for
 *
 * With --ipv6 --also-ipv4 FILE, xdp-router and the floor run once more
 * in each run on IPv4 frames to FILE's prefixes ("xdp-router-ipv4",
 * "floor-ipv4"): the two families' own costs from the same runs.
 *
 * The generator is BPF_PROG_TEST_RUN with live frames on gen's veth
 * (bench/bench_traffic.bpf.c); the sink counts and checks every frame. All
 * three run on one CPU: the test run raises the veth NAPI softirqs on the
 * CPU it runs on. A run in which the sink did not get exactly what the
 * generator sent, or got a frame that fails a check, is a failed run.
 *
 *   fwdbench prefixes N SEED        print N distinct random prefixes
 *   fwdbench prefixes6 N SEED TABLE print N distinct IPv6 prefixes grown
 *                                   from a real table (fwdprefix6.c)
 *   fwdbench shape KIND N SEED      a capacity shape of N prefixes:
 *                                   deep4, hosts4, deep6, hosts6
 *                                   (fwdshape.c)
 *   fwdbench run [options]          measure; prints one line a run and a
 *                                   summary (see usage())
 *   fwdbench run --ecmp4 R --ecmp6 R  a route via 1 next hop against the
 *                                   same via a group, both families in
 *                                   the same runs (fwdecmp.c)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "benchlib.h"
#include "fwdbench.h"

struct fwdbench B = { .runs = 5, .secs = 5, .warmup = 1, .ndst = 1 };

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fwdbench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fwdbench prefixes N SEED\n"
		"       fwdbench prefixes6 N SEED TABLE\n"
		"       fwdbench shape deep4|hosts4|deep6|hosts6 N SEED\n"
		"       fwdbench run --gen NS --r NS --sink NS --xdp-router BIN\n"
		"                    --scenario NAME (--dst ADDR | --prefixes FILE)\n"
		"                    [--ndst N] [--runs N] [--secs S] [--warmup S]\n"
		"                    [--churn BATCHFILE | --slow |\n"
		"                     --ipv6 [--also-ipv4 PREFIXFILE]] [--old BIN]\n"
		"       fwdbench run --gen NS --r NS --sink NS --xdp-router BIN\n"
		"                    --scenario NAME --ecmp4 PREFIX=GW,GW,...\n"
		"                    --ecmp6 PREFIX=GW,GW,... [--ndst N] [--runs N]\n"
		"                    [--secs S] [--warmup S]\n");
	exit(2);
}

static void cmd_prefixes(int argc, char **argv)
{
	unsigned long n, i;
	uint64_t *set, key;      /* open addressing, no duplicates */
	size_t cap = 1, h;
	uint32_t a;
	uint8_t p;

	if (argc != 4)
		usage();
	n = strtoul(argv[2], NULL, 10);
	bench_seed(strtoull(argv[3], NULL, 10));
	while (cap < 2 * n)
		cap <<= 1;
	set = calloc(cap, sizeof(*set));
	if (!set)
		die("out of memory");
	for (i = 0; i < n;) {
		bench_random_prefix(&a, &p);
		key = (uint64_t)a << 8 | p | 1ull << 40;
		for (h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
		     set[h] && set[h] != key; h = (h + 1) & (cap - 1))
			;
		if (set[h])
			continue;
		set[h] = key;
		printf("%u.%u.%u.%u/%u\n", a >> 24, (a >> 16) & 255,
		       (a >> 8) & 255, a & 255, p);
		i++;
	}
	free(set);
}

int main(int argc, char **argv)
{
	const char *dst = NULL;
	cpu_set_t cpus;
	int i;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "prefixes")) {
		cmd_prefixes(argc, argv);
		return 0;
	}
	if (!strcmp(argv[1], "prefixes6")) {
		cmd_prefixes6(argc, argv);
		return 0;
	}
	if (!strcmp(argv[1], "shape")) {
		cmd_shape(argc, argv);
		return 0;
	}
	if (strcmp(argv[1], "run"))
		usage();
	for (i = 2; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "--slow")) {
			B.slow = 1;
			continue;
		}
		if (!strcmp(o, "--ipv6")) {     /* IPv6 frames, table, dst */
			B.v6 = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(o, "--gen")) B.gen = v;
		else if (!strcmp(o, "--r")) B.r = v;
		else if (!strcmp(o, "--sink")) B.sink = v;
		else if (!strcmp(o, "--xdp-router")) B.xr = v;
		else if (!strcmp(o, "--scenario")) B.scenario = v;
		else if (!strcmp(o, "--dst")) dst = v;
		else if (!strcmp(o, "--prefixes")) B.prefix_file = v;
		else if (!strcmp(o, "--ndst")) B.ndst = atoi(v);
		else if (!strcmp(o, "--runs")) B.runs = atoi(v);
		else if (!strcmp(o, "--secs")) B.secs = atof(v);
		else if (!strcmp(o, "--warmup")) B.warmup = atof(v);
		else if (!strcmp(o, "--churn")) B.churn = v;
		else if (!strcmp(o, "--also-ipv4")) B.also4 = v;
		else if (!strcmp(o, "--old")) B.old = v;
		else if (!strcmp(o, "--ecmp4")) B.ecmp_arg[0] = v;
		else if (!strcmp(o, "--ecmp6")) B.ecmp_arg[1] = v;
		else usage();
	}
	if (!B.gen || !B.r || !B.sink || !B.xr || !B.scenario ||
	    (!dst && !B.prefix_file && !B.ecmp_arg[0]) || (B.v6 && B.slow) ||
	    !B.ecmp_arg[0] != !B.ecmp_arg[1] || (B.ecmp_arg[0] &&
	    (dst || B.prefix_file || B.v6 || B.slow || B.churn || B.also4)) ||
	    (B.also4 && (!B.v6 || B.churn)) ||
	    (B.old && (B.churn || B.slow || B.ecmp_arg[0])) || B.runs < 1 || B.runs > MAX_RUNS ||
	    B.ndst < 1 || B.ndst > 65536 || (B.ndst & (B.ndst - 1)))
		usage();

	/* generator, router and sink on one CPU (see the header) */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus) < 0)
		die("sched_setaffinity: %s", strerror(errno));
	libbpf_set_print(NULL);
	fwd_setup(dst);
	atexit(fwd_cleanup);
	if (B.slow)
		run_slow();
	else if (B.ecmp_arg[0])
		run_ecmp();
	else if (B.churn)
		run_churn();
	else
		run_compare();
	return 0;
}
