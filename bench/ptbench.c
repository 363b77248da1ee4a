// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench: the Poptrie's figures (make bench; docs/benchmarks.md): for
 * each table, its bytes in use (what the fast path can read) with 8 next
 * hops spread by prefix hash, the time to load it in one xr_pt_apply
 * (a bulk load), and the cost of one add and one delete (xr_pt_add,
 * xr_pt_del, path copying, release included) in the loaded table.
 *
 *   ptbench [ROUNDS]      one line per table; ROUNDS adds and deletes
 *                         timed per table (default 20000)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ptref.h"
#include "ptshape.h"

static double clk(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clk(CLOCK_MONOTONIC);
}

static double cpu(void)
{
	return clk(CLOCK_PROCESS_CPUTIME_ID);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "ptbench: %s: %d\n", what, err);
	exit(1);
}

/* The load's wall time; its CPU time in *c. */
static double load(struct xr_poptrie *t, const struct pt_table *tb, double *c)
{
	struct xr_pt_op *ops = malloc((tb->n + 1) * sizeof(*ops));
	double t0;
	size_t i;
	int err;

	if (!ops)
		die("out of memory", 0);
	for (i = 0; i < tb->n; i++)
		ops[i] = (struct xr_pt_op){ tb->r[i].key, tb->r[i].depth,
					    tb->r[i].e, 0 };
	*c = cpu();
	t0 = now();
	err = xr_pt_apply(t, ops, tb->n);
	t0 = now() - t0;
	*c = cpu() - *c;
	if (err)
		die("load", err);
	free(ops);
	return t0;
}

/* Each of rounds routes of more (not in the table) added then deleted:
 * the mean cost of one add and of one delete, in µs; the adds done
 * (fewer when the trie is full). */
static size_t churn(struct xr_poptrie *t, const struct pt_table *more,
		    size_t rounds, double *add, double *del)
{
	double t0;
	size_t i, n;
	int err = 0;

	t0 = now();
	for (n = 0; n < rounds && !err; n += !err)
		err = xr_pt_add(t, more->r[n].key, more->r[n].depth,
				more->r[n].e) ?: xr_pt_release(t);
	*add = (now() - t0) * 1e6 / (n ? n : 1);
	if (err && err != -ENOSPC)
		die("add", err);
	t0 = now();
	for (i = 0; i < n && !err; i++)
		err = xr_pt_del(t, more->r[i].key, more->r[i].depth,
				0) ?: xr_pt_release(t);
	*del = (now() - t0) * 1e6 / (n ? n : 1);
	if (i < n)
		die("del", err);
	return n;
}

static void table(const char *name, const struct xr_pt_geom *g,
		  struct pt_table tb, struct pt_table more, size_t rounds)
{
	struct xr_poptrie *t = pt_new(g);
	double c, secs = load(t, &tb, &c), add, del;
	uint64_t bytes = xr_pt_bytes(t), nodes = t->meta->nodes_used;
	uint64_t leaves = t->meta->leaves_used;

	size_t done = churn(t, &more, rounds < more.n ? rounds : more.n,
			    &add, &del);

	printf("ptbench: %-26s %8zu prefixes: %7.2f MiB (nodes %llu of %u, "
	       "leaves %llu of %u); load %.3f s (%.3f us/route, CPU %.3f s); add %.2f us, "
	       "del %.2f us%s\n", name, tb.n, bytes / 1048576.0,
	       (unsigned long long)nodes, g->nnodes, (unsigned long long)leaves,
	       g->nleaves, secs, secs * 1e6 / tb.n, c, add, del,
	       done < rounds ? " (full: the adds stopped at -ENOSPC)" : "");
	fflush(stdout);
	pt_free(t);
	pts_free(&tb);
	pts_free(&more);
}

static struct pt_table real4(size_t n, uint64_t seed)
{
	return pts_real(0);
}

static struct pt_table real6(size_t n, uint64_t seed)
{
	return pts_real(1);
}

static const struct shape {
	const char *name;
	int six;
	struct pt_table (*gen)(size_t n, uint64_t seed);
	size_t n;
	uint64_t seed;          /* test_poptrie_cap's, where it has the shape */
} shapes[] = {
	{ "ipv4 real table", 0, real4, 0, 0 },
	{ "ipv4 1M Internet mix", 0, pts_internet4, 1000000, 1 },
	{ "ipv4 1M 10% > /24", 0, pts_mixed4, 1000000, 1 },
	{ "ipv4 1M /32", 0, pts_hosts4, 1000000, 2 },
	{ "ipv6 real table", 1, real6, 0, 0 },
	{ "ipv6 200k Internet mix", 1, pts_internet6, 200000, 3 },
	{ "ipv6 1M 10% > /48", 1, pts_mixed6, 1000000, 3 },
};

int main(int argc, char **argv)
{
	size_t rounds = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000, i;
	const struct shape *sh;

	/* the churn's routes: /32s and /128s of their own (a route that
	 * is no prefix of the table, deleted with no replacement) */
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		sh = &shapes[i];
		table(sh->name, sh->six ? &xr_pt_geom6 : &xr_pt_geom4,
		      sh->gen(sh->n, sh->seed),
		      (sh->six ? pts_hosts6 : pts_hosts4)(rounds, 101 + i), rounds);
	}
	return 0;
}
