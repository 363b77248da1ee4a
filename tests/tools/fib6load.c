// SPDX-License-Identifier: GPL-2.0
/*
 * How long the IPv6 FIB takes to load, and what it holds then (docs/fib.md
 * "IPv6"):
 *
 *   zcat full-table-2024.txt.gz | grep : | fib6load [-s] [N]
 *
 * reads IPv6 prefixes (CIDR, one a line) from stdin, adds siblings of
 * every fourth of them (the same length, in the block 8 bits shorter)
 * until there are N distinct prefixes (a table grown with the real one's
 * lengths and clustering), each through one of four gateways, sorted as
 * a table dump comes (-s: shuffled), and loads them with
 * xr_route6_update_many into the maps of the router's object, made here
 * without pinning anything (no state touched). Prints one line:
 * "routes R nodes N leaves L bytes B nh H load_s T cpu_s C check OK|BAD
 * check_s T" (bytes: xr_pt_bytes; the
 * check: what a repair costs without its writes, xr_fib6_check).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/fibrepair.h"
#include "lib/route6.h"
#include "lib/state.h"
#include "xdp_router.skel.h"

static const char *const gws[] = { "fe80::1", "fe80::2", "fe80::3", "fe80::4" };

/* CPU time of this process (user + system): the machine may be shared. */
static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse(const char *line, struct xr_route6 *r, size_t i)
{
	char buf[128], *slash;

	snprintf(buf, sizeof(buf), "%s", line);
	buf[strcspn(buf, "\r\n")] = '\0';
	slash = strchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	memset(r, 0, sizeof(*r));
	if (inet_pton(AF_INET6, buf, &r->dst) != 1)
		return -1;
	r->plen = (uint8_t)atoi(slash + 1);
	r->type = XR_RTN_UNICAST;
	r->ifindex = 2;
	inet_pton(AF_INET6, gws[i % 4], &r->gw);
	return r->plen <= 128 ? 0 : -1;
}

/* 128-bit helpers on struct xr_in6 (network order). */
static void flip_bits(struct xr_in6 *a, unsigned int from, unsigned int to,
		      uint32_t x)
{
	unsigned int b;

	for (b = from; b < to; b++, x = x >> 1 | x << 31)
		if (x & 1)
			a->a[b / 32] ^= htonl(1u << (31 - b % 32));
}

/* A sibling of route r: the same length, in the block of r's length
 * less 8, so a grown table keeps the real one's mix of lengths and its
 * clustering. */
static void sibling(const struct xr_route6 *r, uint32_t k,
		    struct xr_route6 *out)
{
	unsigned int from = r->plen > 24 ? r->plen - 8 : 16;

	*out = *r;
	flip_bits(&out->dst, from, r->plen, k * 2654435761u | 1);
}

static int route_cmp(const void *a, const void *b)
{
	const struct xr_route6 *x = a, *y = b;
	int c = memcmp(&x->dst, &y->dst, sizeof(x->dst));

	return c ? c : (int)x->plen - (int)y->plen;
}

/* Sorted, each prefix once (a sibling may be a route already). */
static size_t unique(struct xr_route6 *r, size_t n)
{
	size_t i, k = 0;

	qsort(r, n, sizeof(*r), route_cmp);
	for (i = 0; i < n; i++)
		if (!k || route_cmp(&r[k - 1], &r[i]))
			r[k++] = r[i];
	return k;
}

/* The table grown to want distinct routes (cap at most), in the order
 * of prefixes, as a table dump comes. */
static size_t grow(struct xr_route6 *r, size_t n, size_t want, size_t cap)
{
	size_t i, total, base = unique(r, n);
	uint32_t k = 1;

	for (total = base; total < want; k += 7919) {
		for (i = 0; i < base && total < cap; i += 4)
			if (r[i].plen > 24)
				sibling(&r[i], k + (uint32_t)i, &r[total++]);
		total = unique(r, total);
	}
	return want;
}

/* Any order instead (-s): a shorter route may come after longer ones it
 * covers, whose groups it is then written through. */
static void shuffle(struct xr_route6 *r, size_t n)
{
	struct xr_route6 t;
	size_t i, j;

	srandom(6);
	for (i = n - 1; i > 0; i--) {
		j = (size_t)random() % (i + 1);
		t = r[i];
		r[i] = r[j];
		r[j] = t;
	}
}

static int load(struct xr_maps *m, struct xr_route6 *r, size_t n)
{
	struct xr_fib4_report rep;
	double t0 = now_s(), c0 = cpu_s(), t, c;
	size_t done;
	int err;

	err = xr_route6_update_many(m, r, n, &done);
	if (!err)
		err = xr_fib4_commit(m->fib);
	t = now_s() - t0;
	c = cpu_s() - c0;
	t0 = now_s();
	if (err || (err = xr_fib6_check(m, &rep))) {
		fprintf(stderr, "fib6load: %s after %zu routes\n", strerror(-err),
			done);
		return 1;
	}
	printf("routes %zu nodes %llu leaves %llu bytes %llu nh %u load_s %.3f "
	       "cpu_s %.3f check %s check_s %.3f\n", rep.routes,
	       (unsigned long long)m->fib6->meta->nodes_used,
	       (unsigned long long)m->fib6->meta->leaves_used,
	       (unsigned long long)xr_pt_bytes(&m->fib6->pt),
	       m->fib6->meta->nh_used, t, c,
	       xr_fib4_report_problems(&rep) ? "BAD" : "OK", now_s() - t0);
	return xr_fib4_report_problems(&rep) ? 1 : 0;
}

int main(int argc, char **argv)
{
	size_t cap = 1u << 20, n = 0, want;
	struct xr_route6 *r = calloc(cap, sizeof(*r));
	struct xdp_router_bpf *s;
	struct bpf_program *p;
	struct xr_maps m;
	char line[256];
	int ret, mix = argc > 1 && !strcmp(argv[1], "-s");

	while (r && n < cap && fgets(line, sizeof(line), stdin))
		if (strchr(line, ':') && !parse(line, &r[n], n))
			n++;
	argc -= mix;
	argv += mix;
	want = argc > 1 ? strtoul(argv[1], NULL, 10) : n;
	if (!r || !n || want > cap / 2 || want < n) {
		fprintf(stderr, "usage: ... | fib6load [-s] [N] (IPv6 prefixes on stdin, as many <= N <= %zu)\n",
			cap / 2);
		return 2;
	}
	n = grow(r, n, want, cap);
	if (mix)
		shuffle(r, n);
	s = xdp_router_bpf__open();
	if (!s)
		return 2;
	bpf_object__for_each_program(p, s->obj)
		bpf_program__set_autoload(p, false);
	if (xdp_router_bpf__load(s) || xr_maps_from_obj(&m, s->obj)) {
		fprintf(stderr, "fib6load: cannot make the maps\n");
		return 2;
	}
	ret = load(&m, r, n);
	xr_maps_close_fib(&m);
	xdp_router_bpf__destroy(s);
	free(r);
	return ret;
}
