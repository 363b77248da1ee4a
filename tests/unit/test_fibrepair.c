// SPDX-License-Identifier: GPL-2.0
/*
 * The repair of a FIB left by a writer that died (lib/fibrepair.h), on
 * plain memory: each way a write can be cut short is made by hand with
 * the update functions, then the check must see it, the repair must fix
 * it, and afterwards the FIB must be what the routes compile to, counts
 * exact, nothing held that nothing reaches, each thing freed only after
 * one wait for readers.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lib/fibrepair.h"

#define NGROUPS 64

static struct xr_fib4 F;
static __u32 groups_used, nh_used;
static int syncs;
static unsigned char gw_mac[4][6];   /* the "neighbour table" of gateways */

static int count_sync(void)
{
	syncs++;
	return 0;
}

/* adj_fill: a gateway 10.255.0.N has the MAC gw_mac[N]. */
static void fake_fill(void *arg, const struct xr_nh4 *nh, struct xr_adj *adj)
{
	uint32_t n = ntohl(nh->gw) & 3;

	memset(adj, 0, sizeof(*adj));
	memcpy(adj->dmac, gw_mac[n], 6);
	adj->flags = XR_ADJ_TX | XR_ADJ_NEIGH | XR_ADJ_UP;
	adj->mtu = 1500;
}

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	F.dir.tbl24 = calloc(1u << 24, sizeof(uint32_t));
	F.dir.tbl8 = calloc(NGROUPS * 256, sizeof(uint32_t));
	F.dir.bitmap = calloc(NGROUPS / 64, sizeof(__u64));
	F.nh.nh = calloc(XR_MAX_NH4, sizeof(struct xr_nh4));
	cr_assert(F.dir.tbl24 && F.dir.tbl8 && F.dir.bitmap && F.nh.nh);
	groups_used = nh_used = 0;
	F.dir.groups_used = &groups_used;
	F.dir.ngroups = NGROUPS;
	F.dir.sync = F.nh.sync = count_sync;
	F.nh.nh_used = &nh_used;
	F.nh.adj_fill = fake_fill;
	memset(gw_mac, 0x22, sizeof(gw_mac));
	for (int i = 0; i < 4; i++)
		gw_mac[i][5] = (unsigned char)i;
	syncs = 0;
}

static void teardown(void)
{
	xr_dir24_fini(&F.dir);
	xr_nh_fini(&F.nh);
	free(F.dir.tbl24);
	free(F.dir.tbl8);
	free(F.dir.bitmap);
	free(F.nh.nh);
}

static struct xr_fib4_item item(const char *dst, uint8_t plen, int gw)
{
	return (struct xr_fib4_item){ .dst = inet_addr(dst), .plen = plen,
		.type = XR_RTN_UNICAST, .ifindex = 2,
		.gw = htonl(0x0aff0000u | (uint32_t)gw) };
}

/* What a writer does for one route: next hop, then the FIB. */
static uint32_t write_route(const struct xr_fib4_item *it)
{
	uint32_t id;

	cr_assert_eq(xr_nh_get(&F.nh, it->type, it->ifindex, it->gw, &id), 0);
	cr_assert_eq(xr_dir24_add(&F.dir, ntohl(it->dst), it->plen, id), 0);
	return id;
}

/* A route deleted from the FIB (repl: the covering route's entry). */
static void delete_route(const struct xr_fib4_item *it, uint32_t repl)
{
	uint32_t id;

	cr_assert_eq(xr_nh_find(&F.nh, it->type, it->ifindex, it->gw, &id), 0);
	cr_assert_eq(xr_dir24_del(&F.dir, ntohl(it->dst), it->plen, repl), 0);
	cr_assert_eq(xr_nh_put(&F.nh, id), 0);
}

/* The writer dies: what it gave up stays held, its index is gone. */
static void writer_dies(void)
{
	F.dir.pending.n = 0;
	xr_nh_fini(&F.nh);
}

static struct xr_fib4_report check(const struct xr_fib4_item *it, size_t n)
{
	struct xr_fib4_report r = { 0 };

	cr_assert_eq(xr_fib4_reconcile(&F, it, n, 0, &r), 0);
	return r;
}

static void repair(const struct xr_fib4_item *it, size_t n)
{
	struct xr_fib4_report r = { 0 };

	cr_assert_eq(xr_fib4_reconcile(&F, it, n, 1, &r), 0);
}

/* The longest of the items covering ip, as an entry (0: none). */
static uint32_t ref_lookup(const struct xr_fib4_item *it, size_t n, uint32_t ip)
{
	int best = -1;
	uint32_t id;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t m = it[i].plen ? ~0u << (32 - it[i].plen) : 0;

		if ((ip & m) == ntohl(it[i].dst) &&
		    (best < 0 || it[i].plen > it[best].plen))
			best = (int)i;
	}
	if (best < 0)
		return 0;
	cr_assert_eq(xr_nh_find(&F.nh, it[best].type, it[best].ifindex,
				it[best].gw, &id), 0);
	return xr_fib4_entry(it[best].plen, id);
}

/* Everything a repaired FIB must be. */
static void assert_consistent(const struct xr_fib4_item *it, size_t n)
{
	struct xr_fib4_report r = check(it, n);
	uint32_t refs = 0, slots = 0, id, k;

	cr_assert_eq(xr_fib4_report_problems(&r), 0,
		     "entries %zu refcnts %zu nh_leaked %zu groups_leaked %zu "
		     "counts %zu adj %zu", r.entries, r.refcnts, r.nh_leaked,
		     r.groups_leaked, r.counts, r.adj_stale);
	for (k = 0; k < 200000; k++) {
		uint32_t ip = 0x0a000000u | (k * 2654435761u >> 12);

		cr_assert_eq(xr_dir24_lookup(&F.dir, ip), ref_lookup(it, n, ip),
			     "address %08x", ip);
	}
	for (id = 1; id < XR_MAX_NH4; id++) {
		if (!F.nh.nh[id].type)
			continue;
		slots++;
		refs += F.nh.nh[id].refcnt;
	}
	cr_assert_eq(refs, n, "one reference a route");
	cr_assert_eq(slots, nh_used);
}

static const char *const P[] = { "10.1.0.0", "10.2.0.0", "10.3.0.0",
				 "10.3.1.64", "10.4.4.128", "10.0.0.0" };
static const uint8_t L[] = { 16, 24, 24, 26, 25, 8 };

static size_t table(struct xr_fib4_item *it)
{
	size_t i;

	for (i = 0; i < 6; i++)
		it[i] = item(P[i], L[i], (int)i % 3);
	return 6;
}

/* An add that reached the FIB but not the route table (the FIB is
 * written first): the FIB forwards a route nobody can list. */
Test(fibrepair, add_cut_before_the_table)
{
	struct xr_fib4_item it[8];
	size_t n = table(it), i;
	struct xr_fib4_report r;

	for (i = 0; i < n; i++)
		write_route(&it[i]);
	it[n] = item("10.9.9.0", 27, 3);      /* in the FIB only */
	write_route(&it[n]);
	writer_dies();
	r = check(it, n);
	cr_assert_gt(r.entries, 0);
	cr_assert_eq(r.nh_leaked, 1, "the new gateway's slot");
	cr_assert_eq(r.groups_leaked, 0, "the /27's group is still reached");
	repair(it, n);
	cr_assert_eq(syncs, 1, "one wait before freeing");
	assert_consistent(it, n);
	cr_assert_eq(groups_used, 2, "10.3.1.0/24 and 10.4.4.0/24");
}

/* A delete that left the route table but not the FIB (the table is
 * written first): "route del" would say "no such route". */
Test(fibrepair, delete_cut_after_the_table)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	it[3] = it[--n];                       /* 10.3.1.64/26 gone */
	writer_dies();
	cr_assert_gt(check(it, n).entries, 0);
	repair(it, n);
	assert_consistent(it, n);
	cr_assert_eq(groups_used, 1, "only 10.4.4.0/24 still needs a group");
}

/* A delete that finished, but whose group and next hop were waiting for
 * the grace period when the writer died: both leaked. */
Test(fibrepair, given_up_and_never_released)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	struct xr_fib4_report r;
	uint32_t repl;

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	it[n] = item("10.7.7.7", 32, 3);
	write_route(&it[n]);
	repl = ref_lookup(it, n, ntohl(it[n].dst));
	delete_route(&it[n], repl);           /* group and slot now pending */
	writer_dies();
	r = check(it, n);
	cr_assert_eq(r.entries, 0, "the FIB itself is right");
	cr_assert_eq(r.groups_leaked, 1);
	cr_assert_eq(r.nh_leaked, 1);
	repair(it, n);
	assert_consistent(it, n);
}

/* Counts wrong both ways, and a route of the table whose entries and
 * next hop never reached the FIB. */
Test(fibrepair, counts_and_missing_routes)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	uint32_t id = 0;

	for (size_t i = 0; i < n; i++)
		id = write_route(&it[i]);
	F.nh.nh[id].refcnt += 7;
	nh_used += 3;
	groups_used = 9;
	it[n++] = item("10.200.0.0", 16, 3);    /* in the table only */
	cr_assert_eq(check(it, n).nh_missing, 1);
	cr_assert_eq(check(it, n).refcnts, 1);
	repair(it, n);
	assert_consistent(it, n);
}

/* A neighbour written, its next hops not refreshed yet: the rewrite is
 * brought up to date, on the half no reader uses, after one wait. */
Test(fibrepair, stale_rewrite)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	uint32_t id, gen;

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	cr_assert_eq(xr_nh_find(&F.nh, XR_RTN_UNICAST, 2, it[1].gw, &id), 0);
	gen = F.nh.nh[id].gen;
	gw_mac[1][0] = 0x02;                   /* the neighbour moved */
	cr_assert_eq(check(it, n).adj_stale, 1);
	repair(it, n);
	cr_assert_eq(F.nh.nh[id].gen, gen + 1);
	cr_assert_eq(memcmp(F.nh.nh[id].adj[(gen + 1) & 1].dmac, gw_mac[1], 6), 0);
	cr_assert_eq(syncs, 1);
	assert_consistent(it, n);
}

/* A /24 that must get a group takes one that no reader can hold: not
 * one still marked in use, even when nothing reaches it any more. */
Test(fibrepair, new_group_never_a_held_one)
{
	struct xr_fib4_item it[8];
	size_t n = table(it), i;
	uint32_t e, leaked;

	for (i = 0; i < n; i++)
		write_route(&it[i]);
	it[n] = item("10.9.9.0", 27, 1);
	write_route(&it[n]);
	e = F.dir.tbl24[ntohl(it[n].dst) >> 8];
	leaked = e & XR_FIB4_ID_MASK;
	/* the writer died after unhooking the /24 from its group */
	F.dir.tbl24[ntohl(it[n].dst) >> 8] = 0;
	it[n] = item("10.9.10.0", 27, 1);      /* the table wants this one */
	writer_dies();
	repair(it, n + 1);
	e = F.dir.tbl24[ntohl(it[n].dst) >> 8];
	cr_assert(e & XR_FIB4_EXT);
	cr_assert_neq(e & XR_FIB4_ID_MASK, leaked);
	assert_consistent(it, n + 1);
}

/* A consistent FIB: the check finds nothing, the repair writes nothing
 * and does not wait. */
Test(fibrepair, consistent_is_left_alone)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	uint32_t *copy = malloc((1u << 24) * sizeof(uint32_t));

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	cr_assert(copy);
	memcpy(copy, F.dir.tbl24, (1u << 24) * sizeof(uint32_t));
	cr_assert_eq(xr_fib4_report_problems((const struct xr_fib4_report[]){
		check(it, n) }), 0);
	repair(it, n);
	cr_assert_eq(syncs, 0);
	cr_assert_eq(memcmp(copy, F.dir.tbl24, (1u << 24) * sizeof(uint32_t)), 0);
	free(copy);
	assert_consistent(it, n);
}

TestSuite(fibrepair, .init = setup, .fini = teardown);

/* The writer mark: set by a process that then dies, it names a writer
 * gone; set by one still alive, or by this process, it does not. */
Test(writer_mark, names_a_dead_writer_only)
{
	struct xr_fib4 f = { 0 };
	uint32_t pid;
	pid_t child;
	int st;

	f.nh.nh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	cr_assert(f.nh.nh != MAP_FAILED);
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 0, "no mark");

	child = fork();
	if (!child) {               /* begins writing, then is killed */
		xr_fib4_begin(&f);
		pause();
		_exit(0);
	}
	while (!__atomic_load_n(&f.nh.nh[0].ifindex, __ATOMIC_ACQUIRE))
		usleep(1000);      /* the mark's pid sits where ifindex is */
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 0, "alive: not gone");
	cr_assert_eq(pid, (uint32_t)child);
	kill(child, SIGKILL);
	waitpid(child, &st, 0);
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 1, "killed: gone");
	cr_assert_eq(f.nh.nh[0].type, 0, "slot 0 never looks in use");

	xr_fib4_repaired(&f);
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 0, "repaired");
	xr_fib4_begin(&f);
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 0, "this process's own");
	xr_fib4_mark_clear(&f);
	cr_assert_eq(pid, 0u + (uint32_t)getpid());
	cr_assert_eq(xr_fib4_writer_gone(&f, &pid), 0);
	cr_assert_eq(pid, 0u, "cleared");
	munmap(f.nh.nh, 4096);
}

/* ------------------------------------------------------------ IPv6 */

#include "lib/fib6.h"

#define NGROUPS6 1024

static struct xr_fib6 F6;
static __u32 groups6_used, nh6_used;

/* adj_fill6: a gateway fe80::N has the MAC gw_mac[N & 3]. */
static void fake_fill6(void *arg, const struct xr_nh6 *nh, struct xr_adj *adj)
{
	uint32_t n = ntohl(nh->gw.a[3]) & 3;

	memset(adj, 0, sizeof(*adj));
	memcpy(adj->dmac, gw_mac[n], 6);
	adj->flags = XR_ADJ_TX | XR_ADJ_NEIGH | XR_ADJ_UP;
	adj->mtu = 1500;
}

static void setup6(void)
{
	setup();
	memset(&F6, 0, sizeof(F6));
	F6.trie.tbl16 = calloc(1u << 16, sizeof(uint32_t));
	F6.trie.tbl8 = calloc(NGROUPS6 * 256, sizeof(uint32_t));
	F6.trie.bitmap = calloc(NGROUPS6 / 64, sizeof(__u64));
	F6.nh.nh6 = calloc(XR_MAX_NH6, sizeof(struct xr_nh6));
	cr_assert(F6.trie.tbl16 && F6.trie.tbl8 && F6.trie.bitmap && F6.nh.nh6);
	groups6_used = nh6_used = 0;
	F6.trie.groups_used = &groups6_used;
	F6.trie.ngroups = NGROUPS6;
	F6.trie.sync = F6.nh.sync = count_sync;
	F6.nh.v6 = 1;
	F6.nh.nh_used = &nh6_used;
	F6.nh.adj_fill6 = fake_fill6;
}

static void teardown6(void)
{
	xr_lpm6_fini(&F6.trie);
	xr_nh_fini(&F6.nh);
	free(F6.trie.tbl16);
	free(F6.trie.tbl8);
	free(F6.trie.bitmap);
	free(F6.nh.nh6);
	teardown();
}

static struct xr_fib6_item item6(const char *dst, uint8_t plen, int gw)
{
	struct xr_fib6_item it = { .plen = plen, .type = XR_RTN_UNICAST,
				   .ifindex = 2 };

	cr_assert_eq(inet_pton(AF_INET6, dst, &it.dst), 1);
	cr_assert_eq(inet_pton(AF_INET6, "fe80::", &it.gw), 1);
	it.gw.a[3] = htonl((uint32_t)gw);
	return it;
}

static uint32_t write_route6(const struct xr_fib6_item *it)
{
	uint32_t id;

	cr_assert_eq(xr_nh6_get(&F6.nh, it->type, it->ifindex, &it->gw, &id), 0);
	cr_assert_eq(xr_lpm6_add(&F6.trie, &it->dst, it->plen, id), 0);
	return id;
}

static void writer6_dies(void)
{
	F6.trie.pending.n = 0;
	xr_nh_fini(&F6.nh);
}

static struct xr_fib4_report check6(const struct xr_fib6_item *it, size_t n)
{
	struct xr_fib4_report r = { 0 };

	cr_assert_eq(xr_fib6_reconcile(&F6, it, n, 0, &r), 0);
	return r;
}

static void repair6(const struct xr_fib6_item *it, size_t n)
{
	struct xr_fib4_report r = { 0 };

	cr_assert_eq(xr_fib6_reconcile(&F6, it, n, 1, &r), 0);
}

static int covers6(const struct xr_fib6_item *it, const struct xr_in6 *a)
{
	const uint8_t *p = (const uint8_t *)it->dst.a, *b = (const uint8_t *)a->a;
	int i, d = it->plen;

	for (i = 0; d > 0; i++, d -= 8) {
		uint8_t m = d >= 8 ? 0xff : (uint8_t)(0xff << (8 - d));

		if ((b[i] & m) != p[i])
			return 0;
	}
	return 1;
}

static uint32_t ref_lookup6(const struct xr_fib6_item *it, size_t n,
			    const struct xr_in6 *a)
{
	int best = -1;
	uint32_t id;
	size_t i;

	for (i = 0; i < n; i++)
		if (covers6(&it[i], a) && (best < 0 || it[i].plen > it[best].plen))
			best = (int)i;
	if (best < 0)
		return 0;
	cr_assert_eq(xr_nh6_find(&F6.nh, it[best].type, it[best].ifindex,
				 &it[best].gw, &id), 0);
	return xr_fib6_entry(it[best].plen, id);
}

static void assert_consistent6(const struct xr_fib6_item *it, size_t n)
{
	struct xr_fib4_report r = check6(it, n);
	uint32_t refs = 0, slots = 0, id, k, bits = 0;
	size_t i;

	cr_assert_eq(xr_fib4_report_problems(&r), 0,
		     "entries %zu refcnts %zu nh_leaked %zu groups_leaked %zu "
		     "unmarked %zu counts %zu adj %zu", r.entries, r.refcnts,
		     r.nh_leaked, r.groups_leaked, r.groups_unmarked, r.counts,
		     r.adj_stale);
	/* each route's own address, its last, and addresses around them */
	for (i = 0; i < n; i++) {
		for (k = 0; k < 64; k++) {
			struct xr_in6 a = it[i].dst;

			a.a[3] ^= htonl(k * 2654435761u);
			a.a[k % 4] ^= htonl(1u << (k % 32));
			cr_assert_eq(xr_lpm6_lookup(&F6.trie, &a),
				     ref_lookup6(it, n, &a), "route %zu probe %u",
				     i, k);
		}
	}
	for (id = 1; id < XR_MAX_NH6; id++) {
		if (!F6.nh.nh6[id].type)
			continue;
		slots++;
		refs += F6.nh.nh6[id].refcnt;
	}
	cr_assert_eq(refs, n, "one reference a route");
	cr_assert_eq(slots, nh6_used);
	for (k = 0; k < NGROUPS6 / 64; k++)
		bits += (uint32_t)__builtin_popcountll(F6.trie.bitmap[k]);
	cr_assert_eq(bits, groups6_used);
}

static size_t table6(struct xr_fib6_item *it)
{
	static const char *const p[] = { "2001:db8::", "2001:db8:1::",
		"2001:db8:1:2::", "2001:db8:1:2::7", "2a00:1450::", "::" };
	static const uint8_t l[] = { 32, 48, 64, 128, 29, 0 };
	size_t i;

	for (i = 0; i < 6; i++)
		it[i] = item6(p[i], l[i], (int)i % 3);
	return 6;
}

static void table6_write(struct xr_fib6_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		write_route6(&it[i]);
}

TestSuite(fibrepair6, .init = setup6, .fini = teardown6);

Test(fibrepair6, consistent_is_left_alone)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	uint32_t *copy = malloc(NGROUPS6 * 1024);

	table6_write(it, n);
	memcpy(copy, F6.trie.tbl8, NGROUPS6 * 1024);
	assert_consistent6(it, n);
	repair6(it, n);
	cr_assert_eq(syncs, 0, "nothing to free: no wait");
	cr_assert_eq(memcmp(copy, F6.trie.tbl8, NGROUPS6 * 1024), 0);
	free(copy);
}

/* An add that reached the FIB, not the route table. */
Test(fibrepair6, add_cut_before_the_table)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	struct xr_fib4_report r;
	uint32_t before;

	table6_write(it, n);
	before = groups6_used;
	it[n] = item6("2001:db8:1:2:3::", 96, 3);     /* in the FIB only */
	write_route6(&it[n]);
	cr_assert_eq(groups6_used, before + 2);
	writer6_dies();
	r = check6(it, n);
	cr_assert_gt(r.entries, 0);
	cr_assert_eq(r.nh_leaked, 1, "the new gateway's slot");
	repair6(it, n);
	cr_assert_eq(syncs, 1, "one wait before freeing");
	assert_consistent6(it, n);
	cr_assert_eq(groups6_used, before, "the /96's groups freed");
}

/* A corrupted entry deep in the trie, and a wrong count. */
Test(fibrepair6, corrupted_entry_and_refcount)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	struct xr_in6 a = it[3].dst;
	uint32_t e, id;

	table6_write(it, n);
	write_route6(&it[0]);                   /* one reference too many */
	cr_assert_eq(xr_nh6_find(&F6.nh, it[1].type, it[1].ifindex, &it[1].gw,
				 &id), 0);
	e = xr_lpm6_lookup(&F6.trie, &a);
	cr_assert_eq(xr_fib6_depth(e), 128);
	/* the /128's entry in its level-13 group names the /64's next hop */
	{
		uint32_t x = F6.trie.tbl16[0x2001], l;

		for (l = 0; l < 13; l++)
			x = xr_lpm6_group(&F6.trie, x & XR_FIB6_ID_MASK)
				[((uint8_t *)a.a)[2 + l]];
		/* ::7/128 through another gateway's next hop */
		xr_lpm6_group(&F6.trie, x & XR_FIB6_ID_MASK)[7] =
			xr_fib6_entry(128, id);
	}
	writer6_dies();
	{
		struct xr_fib4_report r = check6(it, n);

		cr_assert_eq(r.entries, 1);
		cr_assert_eq(r.refcnts, 1);
	}
	repair6(it, n);
	assert_consistent6(it, n);
}

/* A delete that finished but whose groups waited for the grace period
 * when the writer died: leaked, freed by the repair after one wait. */
Test(fibrepair6, given_up_and_never_released)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	struct xr_fib4_report r;
	uint32_t id;

	table6_write(it, n);
	it[n] = item6("2a00:1450:4001:800::200e", 128, 3);
	write_route6(&it[n]);
	cr_assert_eq(xr_nh6_find(&F6.nh, it[n].type, it[n].ifindex, &it[n].gw,
				 &id), 0);
	cr_assert_eq(xr_lpm6_del(&F6.trie, &it[n].dst, 128,
				 ref_lookup6(it, n, &it[n].dst)), 0);
	cr_assert_eq(xr_nh_put(&F6.nh, id), 0);
	writer6_dies();
	r = check6(it, n);
	cr_assert_eq(r.entries, 0, "the FIB itself is right");
	cr_assert_eq(r.groups_leaked, 12, "/128 below 2a00:1450::/29's groups");
	cr_assert_eq(r.nh_leaked, 1);
	repair6(it, n);
	assert_consistent6(it, n);
}

/* A group named by two entries (a corrupted pointer): the second gets a
 * subtree of its own, built before it is linked, and never one a reader
 * may hold. */
Test(fibrepair6, shared_group_and_missing_subtree)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	uint32_t held;

	table6_write(it, n);
	held = F6.trie.tbl16[0x2a00];
	F6.trie.tbl16[0x2a00] = F6.trie.tbl16[0x2001];   /* 2a00 names 2001's */
	cr_assert_gt(check6(it, n).entries, 0);
	repair6(it, n);
	cr_assert_neq(F6.trie.tbl16[0x2a00] & XR_FIB6_ID_MASK,
		      held & XR_FIB6_ID_MASK,
		      "the group left unreachable may be held: not reused");
	assert_consistent6(it, n);
}
