// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, kernel sync (bench/bench_ksync.sh; issue 15): how long the
 * router's table takes to hold a list of IPv4 routes that the kernel (or
 * zebra over FPM) already has.
 *
 *   ksyncwait PREFIXES --since T --gw A[,B] [--pid P] [--timeout S]
 *
 * run in the router's namespace. PREFIXES: one CIDR a line. T: the
 * moment the source had them all (CLOCK_REALTIME, seconds, as `date
 * +%s.%N` prints it). Every prefix must be in the route table (the table
 * `route show` lists; the FIB is written before it) with one of the
 * gateways given; with --pid, the daemon P must also have said (xr_sync:
 * pid, synced_ns) that its first full dump is committed, which is when a
 * restarted daemon is done over a table already there. Prints the seconds from T to the moment the last one
 * was seen, that moment (as T is given), and the mirror's counters
 * (xr_sync). Exit 1 on timeout, with
 * how many were missing.
 *
 * It holds the state's maps without the lock (as the daemon does), so
 * the mirror's writes are never held up by it, and it polls cheaply
 * (every millisecond): 64 of the missing prefixes, spread over the list,
 * are looked up first, and only when half of them have arrived is the
 * whole missing list walked again (and shortened), so that the walks
 * cost about twice one walk of the list in all (a walk of 1,000,000 is
 * about half a second of one CPU).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

#define KW_MAX_GW   8
#define KW_SAMPLE   64
#define KW_POLL_US  1000

struct kw {
	struct xr_route4_key *miss;    /* not seen yet */
	size_t nmiss, total;
	__be32 gw[KW_MAX_GW];
	unsigned int ngw;
	int fd;                        /* routes4 */
	int sync_fd;                   /* xr_sync */
	__u32 pid;                     /* --pid; 0: none */
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksyncwait: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_prefix(const char *s, struct xr_route4_key *k)
{
	char buf[32], *slash;
	unsigned int plen;
	__be32 a;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash || sscanf(slash + 1, "%u", &plen) != 1 || plen > 32)
		return -1;
	*slash = 0;
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	k->prefixlen = plen;
	k->addr = plen ? a & htonl(~0u << (32 - plen)) : 0;
	return 0;
}

static void read_prefixes(struct kw *w, const char *file)
{
	FILE *f = fopen(file, "r");
	char line[64];
	size_t cap = 1 << 16;

	if (!f)
		die("%s: cannot open", file);
	w->miss = malloc(cap * sizeof(*w->miss));
	while (w->miss && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (w->nmiss == cap)
			w->miss = realloc(w->miss, (cap *= 2) * sizeof(*w->miss));
		if (w->miss && parse_prefix(line, &w->miss[w->nmiss++]))
			die("bad prefix \"%s\"", line);
	}
	fclose(f);
	if (!w->miss || !w->nmiss)
		die("%s: no prefix in it", file);
	w->total = w->nmiss;
}

static void parse_gws(struct kw *w, const char *list)
{
	char buf[256], *save = NULL, *t;

	snprintf(buf, sizeof(buf), "%s", list);
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (w->ngw == KW_MAX_GW || inet_pton(AF_INET, t, &w->gw[w->ngw]) != 1)
			die("bad gateway list \"%s\"", list);
		w->ngw++;
	}
}

/* Whether k is in the route table, via one of the gateways. */
static int present(const struct kw *w, const struct xr_route4_key *k)
{
	struct xr_route4 rt;
	unsigned int i;

	if (bpf_map_lookup_elem(w->fd, k, &rt) || rt.dst != k->addr ||
	    rt.plen != k->prefixlen || rt.type != XR_RTN_UNICAST)
		return 0;
	for (i = 0; i < w->ngw; i++)
		if (rt.gw == w->gw[i])
			return 1;
	return 0;
}

/* Whether at least half of KW_SAMPLE missing prefixes, spread over the
 * list (all of them when fewer), have arrived: worth a sweep. */
static int sample_arrived(const struct kw *w)
{
	size_t i, seen = 0, got = 0, step = w->nmiss / KW_SAMPLE + 1;

	for (i = 0; i < w->nmiss; i += step, seen++)
		got += present(w, &w->miss[i]);
	return got && 2 * got >= seen;
}

/* Drop what has arrived from the missing list. */
static void sweep(struct kw *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->nmiss; i++)
		if (!present(w, &w->miss[i]))
			w->miss[n++] = w->miss[i];
	w->nmiss = n;
}

static void open_state(struct kw *w, struct xr_state *st)
{
	int err = xr_state_open(st, 0);

	if (err)
		die("no router state here: %s", strerror(-err));
	xr_state_unlock(st);        /* never hold up the mirror's writes */
	w->fd = st->m.routes4;
	w->sync_fd = st->m.sync;
}

/* Whether daemon --pid has committed its first full dump. */
static int synced(const struct kw *w)
{
	struct xr_sync s;
	__u32 zero = 0;

	if (!w->pid)
		return 1;
	return !bpf_map_lookup_elem(w->sync_fd, &zero, &s) &&
	       s.pid == w->pid && s.synced_ns;
}

/* Poll until the table holds every prefix (and the daemon is synced)
 * or until t_end: 0, or -1 on timeout. */
static int poll_table(struct kw *w, double t_end)
{
	int sync_ok = 0;

	while (now() < t_end) {
		if (w->nmiss && sample_arrived(w))
			sweep(w);
		sync_ok = sync_ok || synced(w);
		if (!w->nmiss && sync_ok)
			return 0;
		usleep(KW_POLL_US);
	}
	return -1;
}

static void print_counters(const struct xr_state *st)
{
	static const char *const names[] = {
#define KW_NAME(n) #n,
		XR_SYNC_COUNTER_LIST(KW_NAME)
#undef KW_NAME
	};
	struct xr_sync s;
	__u32 zero = 0;
	int i;

	if (bpf_map_lookup_elem(st->m.sync, &zero, &s))
		return;
	printf("COUNTERS");
	for (i = 0; i < XR_SYNC_N_COUNTERS; i++)
		if (s.counters[i])
			printf(" %s=%llu", names[i], (unsigned long long)s.counters[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	double since = 0, timeout = 120, t_end;
	struct kw w = { 0 };
	struct xr_state st;
	int i;

	if (argc < 2)
		die("%s", "usage: ksyncwait PREFIXES --since T --gw A[,B] [--pid P] [--timeout S]");
	for (i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--since")) since = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--gw")) parse_gws(&w, argv[i + 1]);
		else if (!strcmp(argv[i], "--timeout")) timeout = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--pid")) w.pid = (__u32)atoi(argv[i + 1]);
		else die("unknown option %s", argv[i]);
	}
	if (i != argc || since <= 0 || !w.ngw)
		die("%s", "--since and --gw are needed");
	read_prefixes(&w, argv[1]);
	open_state(&w, &st);
	if (poll_table(&w, since + timeout)) {
		printf("TIMEOUT %zu of %zu routes missing after %.0f s%s\n",
		       w.nmiss, w.total, timeout,
		       synced(&w) ? "" : ", the daemon not synced");
		print_counters(&st);
		return 1;
	}
	t_end = now();
	printf("SYNCED %zu routes %.3f s at %.3f\n", w.total, t_end - since, t_end);
	print_counters(&st);
	return 0;
}
