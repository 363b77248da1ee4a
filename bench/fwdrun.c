// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench's measurements (fwdbench.h): live frames from the generator
 * through r to the sink, counted by the sink; every contender against
 * the others (run_compare), xdp-router while a batch replaces routes
 * (run_churn), and the slow path's ICMP errors (run_slow).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench_traffic.skel.h"
#include "bench_fibfwd.skel.h"
#include "fwdbench.h"

const char *cname[NCONT] = { "linux", "xdp-router", "fib_lookup", "floor",
			     "xdp-router-ipv4", "floor-ipv4", "xdp-router-nhg",
			     "xdp-router-ipv4-nhg", "dir-24-8" };


static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
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

/* ------------------------------------------------------------ traffic */

/* The CPU time this thread has had, s (schedstat: what the scheduler
 * charged it, the softirqs that ran in its context included); -1 when
 * not known. */
static double thread_cpu(void)
{
	unsigned long long ns;
	FILE *f = fopen("/proc/thread-self/schedstat", "r");
	int n = f ? fscanf(f, "%llu", &ns) : 0;

	if (f)
		fclose(f);
	return n == 1 ? (double)ns / 1e9 : -1;
}

void traffic(double secs, pid_t child, struct result *res)
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
	int prog = bpf_program__fd(B.v6 ? B.tr->progs.bench_gen6 :
				   B.tr->progs.bench_gen), status;
	double t0, t1;
	int child_done = child <= 0, k;

	counters(a);
	ns_enter(B.ns_gen);
	res->cpu = -thread_cpu();
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
	res->cpu += thread_cpu();
	ns_enter(B.ns_host);
	usleep(100 * 1000);    /* let the last softirq run drain */
	counters(b);
	res->secs = t1 - t0;
	res->sent = b[GEN_SENT] - a[GEN_SENT];
	res->ok = b[SINK_OK] - a[SINK_OK];
	res->bad = (b[SINK_BAD_TTL] - a[SINK_BAD_TTL]) +
		   (b[SINK_BAD_CSUM] - a[SINK_BAD_CSUM]) +
		   (b[SINK_BAD_MAC] - a[SINK_BAD_MAC]);
	for (k = 0; k < BENCH_ECMP_MAX; k++)
		res->memb[k] = b[SINK_MEMB0 + k] - a[SINK_MEMB0 + k];
	res->pps = (double)res->ok / res->secs;
	res->failed = res->bad || res->ok != res->sent;
}

void print_run(int run, int c, const struct result *r)
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

void stats(double *v, int n, double *min, double *med, double *max)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_dbl);
	*min = v[0];
	*max = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---------------------------------------------------------------- run */

/* what contender c adds to the harness's own cost per packet: ns above
 * the floor of the same run, the median over the runs */
double own_cost(struct result r[NCONT][MAX_RUNS], int c, int floor)
{
	double v[MAX_RUNS], mn, md, mx;
	int i;

	for (i = 0; i < B.runs; i++)
		v[i] = 1e9 / r[c][i].pps - 1e9 / r[floor][i].pps;
	stats(v, B.runs, &mn, &md, &mx);
	return md;
}

/* xdp-router against contender c, run by run: its pps over c's */
static void print_ratio(struct result r[NCONT][MAX_RUNS], const double *pps,
			int c, int failed)
{
	double v[MAX_RUNS], mn, md, mx;
	int i;

	for (i = 0; i < B.runs; i++)
		v[i] = r[C_XR][i].pps / r[c][i].pps;
	stats(v, B.runs, &mn, &md, &mx);
	printf("RESULT %-28s xdp-router/%-10s median %5.2fx  min %5.2fx  max %5.2fx"
	       "  (median pps: xdp-router %.0f, %s %.0f)%s\n",
	       B.scenario, cname[c], md, mn, mx, pps[C_XR], cname[c], pps[c],
	       failed ? "  FAILED RUNS" : "");
}

/* the previous build against this one: what xdp-router costs more per
 * packet, run by run (the floor cancels out), ns */
static void print_old_diff(struct result r[NCONT][MAX_RUNS])
{
	double v[MAX_RUNS], mn, md, mx;
	int i;

	for (i = 0; i < B.runs; i++)
		v[i] = 1e9 / r[C_XR][i].pps - 1e9 / r[C_OLD][i].pps;
	stats(v, B.runs, &mn, &md, &mx);
	printf("OLDDIFF %-27s xdp-router - %s ns/packet, run by run: median %.1f"
	       "  min %.1f  max %.1f\n", B.scenario, cname[C_OLD], md, mn, mx);
}

/* what each contender adds to the harness's own cost per packet */
static void print_costs(struct result r[NCONT][MAX_RUNS], const double *pps,
			const int *list, int n)
{
	int k, c;

	printf("COST %-30s ns/packet above the floor, median:", B.scenario);
	for (k = 0; k < n; k++) {
		c = list[k];
		if (c != C_FLOOR && c != C_FLOOR4 && c != C_XR4)
			printf("  %s %.1f", cname[c], own_cost(r, c, C_FLOOR));
	}
	if (B.also4)   /* IPv4 in the same runs, above its own floor */
		printf("  %s %.1f", cname[C_XR4], own_cost(r, C_XR4, C_FLOOR4));
	printf("  (floor itself %.1f ns)\n", 1e9 / pps[C_FLOOR]);
}

void run_compare(void)
{
	struct result r[NCONT][MAX_RUNS], w;
	double v[MAX_RUNS], mn, md, mx, pps[NCONT];
	int list[NCONT], i, k, c, failed = 0, n = contenders(list);

	printf("== %s: %d run(s) of %.0f s per contender, alternating, after a %.1f s warm-up each\n",
	       B.scenario, B.runs, B.secs, B.warmup);
	for (i = 0; i < B.runs; i++) {
		for (k = 0; k < n; k++) {
			c = list[k];
			contender_up(c);
			traffic(B.warmup, 0, &w);
			traffic(B.secs, 0, &r[c][i]);
			contender_down(c);
			print_run(i + 1, c, &r[c][i]);
			failed |= r[c][i].failed;
		}
	}
	for (k = 0; k < n; k++) {
		c = list[k];
		for (i = 0; i < B.runs; i++)
			v[i] = r[c][i].pps;
		stats(v, B.runs, &mn, &pps[c], &mx);
	}
	for (k = 0; k < n; k++)   /* xdp-router against each other */
		if (list[k] != C_XR && list[k] != C_XR4 && list[k] != C_FLOOR4)
			print_ratio(r, pps, list[k], failed);
	print_costs(r, pps, list, n);
	if (B.old)
		print_old_diff(r);
	for (i = 0; i < B.runs; i++)
		v[i] = r[C_FLOOR][i].pps / r[C_LINUX][i].pps;
	stats(v, B.runs, &mn, &md, &mx);
	printf("CEILING %-27s floor/linux          median %5.2fx  min %5.2fx  max %5.2fx"
	       "  (no router can beat the floor in this harness)\n",
	       B.scenario, md, mn, mx);
	if (failed)
		exit(2);
}

void run_churn(void)
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
void run_slow(void)
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
