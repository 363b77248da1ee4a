// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, part 2: forwarding throughput of three contenders through
 * the same router namespace, gen -> r -> sink (scripts/bench.sh builds
 * the namespaces and the route tables):
 *
 *   linux       kernel forwarding (ip_forward=1), no XDP on r
 *   xdp-router  this project, attached to both of r's links (native XDP)
 *   fib_lookup  a minimal bpf_fib_lookup forwarder (bpf/bench_fibfwd.bpf.c)
 *   floor       a fixed rewrite and redirect, no lookup and no check: not a
 *               router, the most this harness leaves room for
 *
 * The generator is BPF_PROG_TEST_RUN with live frames on gen's veth
 * (bpf/bench_traffic.bpf.c); the sink counts and checks every frame. All
 * three run on one CPU: the test run raises the veth NAPI softirqs on the
 * CPU it runs on. A run in which the sink did not get exactly what the
 * generator sent, or got a frame that fails a check, is a failed run.
 *
 *   fwdbench prefixes N SEED        print N distinct random prefixes
 *   fwdbench run [options]          measure; prints one line a run and a
 *                                   summary (see usage())
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench_traffic.skel.h"
#include "bench_fibfwd.skel.h"
#include "benchlib.h"

enum { GEN_SENT, SINK_OK, SINK_BAD_TTL, SINK_BAD_CSUM, SINK_BAD_MAC,
       SINK_OTHER, ICMP_OK, ICMP_BAD, BENCH_NCNT };
enum { C_LINUX, C_XR, C_FIB, C_FLOOR, NCONT };
static const char *cname[NCONT] = { "linux", "xdp-router", "fib_lookup",
				    "floor" };

#define MAX_RUNS 32

static struct {
	const char *gen, *r, *sink, *xr, *scenario, *prefix_file, *churn;
	int runs, ndst, slow;
	double secs, warmup;
	int ns_gen, ns_r, ns_sink, ns_host;
	uint32_t gen_if, rin_if, rout_if, sink_if;
	struct bench_traffic_bpf *tr;
	struct bench_fibfwd_bpf *fwd;
} B = { .runs = 5, .secs = 5, .warmup = 1, .ndst = 1 };

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fwdbench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int ns_open(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	return fd;
}

static void enter(int nsfd)
{
	if (setns(nsfd, CLONE_NEWNET) < 0)
		die("setns: %s", strerror(errno));
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		die("command failed (%d): %s", rc, cmd);
}

static uint32_t ifindex_in(int nsfd, const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };
	uint32_t idx;
	int s;

	enter(nsfd);
	idx = if_nametoindex(dev);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	if (!idx || s < 0 || ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
		die("device %s: %s", dev, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	enter(B.ns_host);
	return idx;
}

static void counters(uint64_t out[BENCH_NCNT])
{
	int ncpu = libbpf_num_possible_cpus(), fd = bpf_map__fd(B.tr->maps.bench_cnt);
	uint64_t v[512];
	uint32_t k;
	int c;

	for (k = 0; k < BENCH_NCNT; k++) {
		out[k] = 0;
		if (bpf_map_lookup_elem(fd, &k, v) < 0)
			die("counters: %s", strerror(errno));
		for (c = 0; c < ncpu && c < 512; c++)
			out[k] += v[c];
	}
}

/* ------------------------------------------------------- contenders */

static void xdp_attach(int nsfd, uint32_t ifindex, int prog_fd)
{
	int err;

	enter(nsfd);
	err = bpf_xdp_attach((int)ifindex, prog_fd, XDP_FLAGS_DRV_MODE, NULL);
	if (err && prog_fd >= 0)
		die("XDP attach on ifindex %u: %s", ifindex, strerror(-err));
	enter(B.ns_host);
}

static void contender_up(int c)
{
	switch (c) {
	case C_LINUX:
		sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=1", B.r);
		break;
	case C_XR:
		sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=0", B.r);
		sh("ip netns exec %s %s link attach r-h1 && "
		   "ip netns exec %s %s link attach r-h2", B.r, B.xr, B.r, B.xr);
		break;
	case C_FIB:
		/* bpf_fib_lookup refuses when forwarding is off on the link */
		sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=1", B.r);
		xdp_attach(B.ns_r, B.rin_if, bpf_program__fd(B.fwd->progs.bench_fibfwd));
		break;
	case C_FLOOR:
		xdp_attach(B.ns_r, B.rin_if, bpf_program__fd(B.fwd->progs.bench_floor));
		break;
	}
}

static void contender_down(int c)
{
	switch (c) {
	case C_LINUX:
		break;
	case C_XR:
		sh("ip netns exec %s %s link detach r-h1 && "
		   "ip netns exec %s %s link detach r-h2", B.r, B.xr, B.r, B.xr);
		break;
	case C_FIB:
	case C_FLOOR:
		xdp_attach(B.ns_r, B.rin_if, -1);
		break;
	}
	sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=0", B.r);
}

/* ------------------------------------------------------------ traffic */

struct result {
	double pps, secs;
	uint64_t sent, ok, bad;
	int failed;
};

/* Send for secs seconds (and, with a child running, until it is done). */
static void traffic(double secs, pid_t child, struct result *res)
{
	uint8_t frame[64] = { 0 };
	struct xdp_md ctx = { .data_end = sizeof(frame),
			      .ingress_ifindex = B.gen_if };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame, .data_size_in = sizeof(frame),
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.flags = BPF_F_TEST_XDP_LIVE_FRAMES,
		.repeat = 1 << 16);
	uint64_t a[BENCH_NCNT], b[BENCH_NCNT];
	int prog = bpf_program__fd(B.tr->progs.bench_gen), status;
	double t0, t1;
	int child_done = child <= 0;

	counters(a);
	enter(B.ns_gen);
	t0 = now();
	do {
		if (bpf_prog_test_run_opts(prog, &opts) < 0)
			die("live-frame test run: %s", strerror(errno));
		if (!child_done && waitpid(child, &status, WNOHANG) == child) {
			child_done = 1;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				die("the route churn failed");
		}
		t1 = now();
	} while (t1 - t0 < secs || !child_done);
	enter(B.ns_host);
	usleep(100 * 1000);    /* let the last softirq run drain */
	counters(b);
	res->secs = t1 - t0;
	res->sent = b[GEN_SENT] - a[GEN_SENT];
	res->ok = b[SINK_OK] - a[SINK_OK];
	res->bad = (b[SINK_BAD_TTL] - a[SINK_BAD_TTL]) +
		   (b[SINK_BAD_CSUM] - a[SINK_BAD_CSUM]) +
		   (b[SINK_BAD_MAC] - a[SINK_BAD_MAC]);
	res->pps = (double)res->ok / res->secs;
	res->failed = res->bad || res->ok != res->sent;
}

static void print_run(int run, int c, const struct result *r)
{
	printf("  run %d %-10s %10.0f pps  sent %10llu  delivered %10llu  bad %llu%s\n",
	       run, cname[c], r->pps, (unsigned long long)r->sent,
	       (unsigned long long)r->ok, (unsigned long long)r->bad,
	       r->failed ? "  FAILED" : "");
	fflush(stdout);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(double *v, int n, double *min, double *med, double *max)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_dbl);
	*min = v[0];
	*max = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* --------------------------------------------------------------- setup */

/* n destinations: a random address inside each of n random prefixes of
 * the table file, or the one address given. */
static void load_dsts(const char *spec)
{
	int fd = bpf_map__fd(B.tr->maps.gen_dsts);
	uint32_t *pfx = NULL, i, npfx = 0, cap = 0;
	uint8_t *len = NULL;
	char line[64];
	FILE *f;

	if (!B.prefix_file) {
		struct in_addr a;

		if (inet_pton(AF_INET, spec, &a) != 1)
			die("bad destination \"%s\"", spec);
		for (i = 0; i < (uint32_t)B.ndst; i++)
			if (bpf_map_update_elem(fd, &i, &a.s_addr, BPF_ANY))
				die("gen_dsts: %s", strerror(errno));
		return;
	}
	f = fopen(B.prefix_file, "r");
	if (!f)
		die("%s: %s", B.prefix_file, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *slash = strchr(line, '/');
		struct in_addr a;

		if (!slash)
			continue;
		*slash = '\0';
		if (inet_pton(AF_INET, line, &a) != 1)
			die("bad prefix \"%s\" in %s", line, B.prefix_file);
		if (npfx == cap) {
			cap = cap ? cap * 2 : 1024;
			pfx = realloc(pfx, cap * sizeof(*pfx));
			len = realloc(len, cap);
			if (!pfx || !len)
				die("out of memory");
		}
		pfx[npfx] = ntohl(a.s_addr);
		len[npfx++] = (uint8_t)atoi(slash + 1);
	}
	fclose(f);
	if (!npfx)
		die("no prefixes in %s", B.prefix_file);
	bench_seed(7);
	for (i = 0; i < (uint32_t)B.ndst; i++) {
		uint32_t k = bench_rnd() % npfx;
		uint32_t host = len[k] == 32 ? 0 : bench_rnd() & (~0u >> len[k]);
		__be32 d = htonl(pfx[k] | host);

		if (bpf_map_update_elem(fd, &i, &d, BPF_ANY))
			die("gen_dsts: %s", strerror(errno));
	}
	free(pfx);
	free(len);
}

static void setup(const char *dst)
{
	uint8_t gen_mac[6], rin_mac[6], rout_mac[6], sink_mac[6];
	uint32_t k;

	B.ns_host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	B.ns_gen = ns_open(B.gen);
	B.ns_r = ns_open(B.r);
	B.ns_sink = ns_open(B.sink);
	B.gen_if = ifindex_in(B.ns_gen, "eth0", gen_mac);
	B.rin_if = ifindex_in(B.ns_r, "r-h1", rin_mac);
	B.rout_if = ifindex_in(B.ns_r, "r-h2", rout_mac);
	B.sink_if = ifindex_in(B.ns_sink, "eth0", sink_mac);

	B.tr = bench_traffic_bpf__open();
	if (!B.tr)
		die("open the traffic programs");
	memcpy((void *)B.tr->rodata->gen_smac, gen_mac, 6);
	memcpy((void *)B.tr->rodata->gen_dmac, rin_mac, 6);
	memcpy((void *)B.tr->rodata->sink_mac, sink_mac, 6);
	memcpy((void *)B.tr->rodata->sink_router_mac, rout_mac, 6);
	B.tr->rodata->gen_saddr = inet_addr("198.18.1.2");
	B.tr->rodata->gen_ndst_mask = (uint32_t)B.ndst - 1;
	if (B.slow)
		B.tr->rodata->gen_ttl = 1;
	if (bench_traffic_bpf__load(B.tr))
		die("load the traffic programs");
	load_dsts(dst);

	B.fwd = bench_fibfwd_bpf__open();
	if (!B.fwd)
		die("open the bpf_fib_lookup forwarder");
	memcpy((void *)B.fwd->rodata->floor_dmac, sink_mac, 6);
	memcpy((void *)B.fwd->rodata->floor_smac, rout_mac, 6);
	B.fwd->rodata->floor_port = B.rout_if;
	if (bench_fibfwd_bpf__load(B.fwd))
		die("load the bpf_fib_lookup forwarder");
	/* a devmap resolves the ifindex in the caller's namespace: r's */
	k = B.rout_if;
	enter(B.ns_r);
	if (bpf_map_update_elem(bpf_map__fd(B.fwd->maps.fwd_ports), &k, &k, BPF_ANY))
		die("fwd_ports: %s", strerror(errno));
	enter(B.ns_host);

	xdp_attach(B.ns_sink, B.sink_if, bpf_program__fd(B.tr->progs.bench_sink));
}

static void cleanup(void)
{
	if (B.tr)
		xdp_attach(B.ns_sink, B.sink_if, -1);
	if (B.tr && B.slow)
		xdp_attach(B.ns_gen, B.gen_if, -1);
}

/* ---------------------------------------------------------------- run */

static void run_compare(void)
{
	struct result r[NCONT][MAX_RUNS], w;
	double v[MAX_RUNS], mn, md, mx, pps[NCONT];
	int i, c, failed = 0;

	printf("== %s: %d run(s) of %.0f s per contender, alternating, after a %.1f s warm-up each\n",
	       B.scenario, B.runs, B.secs, B.warmup);
	for (i = 0; i < B.runs; i++) {
		for (c = 0; c < NCONT; c++) {
			contender_up(c);
			traffic(B.warmup, 0, &w);
			traffic(B.secs, 0, &r[c][i]);
			contender_down(c);
			print_run(i + 1, c, &r[c][i]);
			failed |= r[c][i].failed;
		}
	}
	for (c = 0; c < NCONT; c++) {
		for (i = 0; i < B.runs; i++)
			v[i] = r[c][i].pps;
		stats(v, B.runs, &mn, &pps[c], &mx);
	}
	for (c = 0; c < NCONT; c++) {  /* xdp-router against each other */
		if (c == C_XR)
			continue;
		for (i = 0; i < B.runs; i++)
			v[i] = r[C_XR][i].pps / r[c][i].pps;
		stats(v, B.runs, &mn, &md, &mx);
		printf("RESULT %-28s xdp-router/%-10s median %5.2fx  min %5.2fx  max %5.2fx"
		       "  (median pps: xdp-router %.0f, %s %.0f)%s\n",
		       B.scenario, cname[c], md, mn, mx, pps[C_XR], cname[c], pps[c],
		       failed ? "  FAILED RUNS" : "");
	}
	/* what each contender adds to the harness's own cost per packet */
	printf("COST %-30s ns/packet above the floor, median:", B.scenario);
	for (c = 0; c < C_FLOOR; c++) {
		for (i = 0; i < B.runs; i++)
			v[i] = 1e9 / r[c][i].pps - 1e9 / r[C_FLOOR][i].pps;
		stats(v, B.runs, &mn, &md, &mx);
		printf("  %s %.1f", cname[c], md);
	}
	printf("  (floor itself %.1f ns)\n", 1e9 / pps[C_FLOOR]);
	for (i = 0; i < B.runs; i++)
		v[i] = r[C_FLOOR][i].pps / r[C_LINUX][i].pps;
	stats(v, B.runs, &mn, &md, &mx);
	printf("CEILING %-27s floor/linux          median %5.2fx  min %5.2fx  max %5.2fx"
	       "  (no router can beat the floor in this harness)\n",
	       B.scenario, md, mn, mx);
	if (failed)
		exit(2);
}

static void run_churn(void)
{
	struct result r;
	pid_t pid;

	printf("== %s: xdp-router under traffic while %s is applied\n",
	       B.scenario, B.churn);
	contender_up(C_XR);
	traffic(B.warmup, 0, &r);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		cpu_set_t cpus;
		char cmd[1024];

		/* the control plane on the other CPU, as it would run */
		CPU_ZERO(&cpus);
		CPU_SET(1, &cpus);
		sched_setaffinity(0, sizeof(cpus), &cpus);
		snprintf(cmd, sizeof(cmd), "ip netns exec %s %s -batch %s",
			 B.r, B.xr, B.churn);
		_exit(system(cmd) == 0 ? 0 : 1);
	}
	traffic(0, pid, &r);
	contender_down(C_XR);
	print_run(1, C_XR, &r);
	printf("RESULT %-28s lost %llu of %llu packets (bad %llu) while the batch ran "
	       "(%.2f s)\n", B.scenario,
	       (unsigned long long)(r.sent > r.ok ? r.sent - r.ok : 0),
	       (unsigned long long)r.sent, (unsigned long long)r.bad, r.secs);
	if (r.failed)
		exit(2);
}

/*
 * The slow path's throughput: every generated frame has TTL 1, so the
 * fast path punts each one to `xdp-router daemon` (already running in r,
 * without rate limits), which answers with time exceeded. Counted on the
 * generator's link: errors that arrive intact, per second.
 */
static void run_slow(void)
{
	uint64_t a[BENCH_NCNT], b[BENCH_NCNT];
	double v[MAX_RUNS], off[MAX_RUNS], mn, md, mx, omd;
	struct result r;
	int i, failed = 0;

	printf("== %s: %d run(s) of %.0f s, TTL=1 frames at the generator's pace\n",
	       B.scenario, B.runs, B.secs);
	xdp_attach(B.ns_gen, B.gen_if, bpf_program__fd(B.tr->progs.bench_icmp_sink));
	contender_up(C_XR);
	traffic(B.warmup, 0, &r);
	for (i = 0; i < B.runs; i++) {
		counters(a);
		traffic(B.secs, 0, &r);
		usleep(200 * 1000);   /* the daemon's last answers */
		counters(b);
		v[i] = (double)(b[ICMP_OK] - a[ICMP_OK]) / r.secs;
		off[i] = (double)r.sent / r.secs;
		printf("  run %d  offered %10.0f punts/s  answered %9.0f errors/s  bad %llu\n",
		       i + 1, off[i], v[i], (unsigned long long)(b[ICMP_BAD] - a[ICMP_BAD]));
		if (b[ICMP_BAD] != a[ICMP_BAD] || b[ICMP_OK] == a[ICMP_OK])
			failed = 1;
	}
	contender_down(C_XR);
	stats(off, B.runs, &mn, &omd, &mx);
	stats(v, B.runs, &mn, &md, &mx);
	printf("RESULT %-28s time exceeded built and sent: median %.0f/s  min %.0f  max %.0f"
	       "  (offered %.0f punts/s)%s\n", B.scenario, md, mn, mx, omd,
	       failed ? "  FAILED" : "");
	if (failed)
		exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fwdbench prefixes N SEED\n"
		"       fwdbench run --gen NS --r NS --sink NS --xdp-router BIN\n"
		"                    --scenario NAME (--dst ADDR | --prefixes FILE)\n"
		"                    [--ndst N] [--runs N] [--secs S] [--warmup S]\n"
		"                    [--churn BATCHFILE | --slow]\n");
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
	if (strcmp(argv[1], "run"))
		usage();
	for (i = 2; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "--slow")) {
			B.slow = 1;
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
		else usage();
	}
	if (!B.gen || !B.r || !B.sink || !B.xr || !B.scenario ||
	    (!dst && !B.prefix_file) || B.runs < 1 || B.runs > MAX_RUNS ||
	    B.ndst < 1 || B.ndst > 65536 || (B.ndst & (B.ndst - 1)))
		usage();

	/* generator, router and sink on one CPU (see the header) */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus) < 0)
		die("sched_setaffinity: %s", strerror(errno));
	libbpf_set_print(NULL);
	setup(dst);
	atexit(cleanup);
	if (B.slow)
		run_slow();
	else if (B.churn)
		run_churn();
	else
		run_compare();
	return 0;
}
