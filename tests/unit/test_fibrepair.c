// SPDX-License-Identifier: GPL-2.0
/*
 * The repair of a FIB left by a writer that died (lib/fibrepair.h), on
 * plain memory (a Poptrie of the real geometry, lib/poptrie.h): each way a write can be cut short is made by hand with
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

static struct xr_fib4 F;
static __u32 nh_used;
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

/* A trie of geometry g on plain memory, empty (mem: its five arrays). */
static void pt_plain(struct xr_poptrie *t, const struct xr_pt_geom *g,
		     void *mem[5])
{
	size_t units = (size_t)g->nnodes + g->nleaves;

	mem[0] = calloc((size_t)1 << g->direct_bits, sizeof(uint32_t));
	mem[1] = calloc(g->nnodes, sizeof(struct xr_pt_node));
	mem[2] = calloc(g->nleaves, sizeof(uint32_t));
	mem[3] = calloc(units / XR_PT_PAGE_UNITS, sizeof(struct xr_pt_page));
	mem[4] = calloc(1, sizeof(struct xr_pt_meta));
	for (int i = 0; i < 5; i++)
		cr_assert(mem[i]);
	xr_pt_init(t, g, mem[0], mem[1], mem[2], mem[3], mem[4]);
	xr_pt_format(t);
	t->sync = count_sync;
}

static void pt_free(struct xr_poptrie *t, void *mem[5])
{
	xr_pt_fini(t);
	for (int i = 0; i < 5; i++)
		free(mem[i]);
}

static void *mem4[5];

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	pt_plain(&F.pt, &xr_pt_geom4, mem4);
	F.meta = mem4[4];
	F.nh.nh = calloc(XR_MAX_NH4, sizeof(struct xr_nh4));
	cr_assert(F.nh.nh);
	nh_used = 0;
	F.nh.sync = count_sync;
	F.nh.nh_used = &nh_used;
	F.nh.adj_fill = fake_fill;
	memset(gw_mac, 0x22, sizeof(gw_mac));
	for (int i = 0; i < 4; i++)
		gw_mac[i][5] = (unsigned char)i;
	syncs = 0;
}

static void teardown(void)
{
	pt_free(&F.pt, mem4);
	xr_nh_fini(&F.nh);
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
	cr_assert_eq(xr_fib4_add(&F, ntohl(it->dst), it->plen, id), 0);
	return id;
}

/* A route deleted from the FIB (repl: the covering route's entry). */
static void delete_route(const struct xr_fib4_item *it, uint32_t repl)
{
	uint32_t id;

	cr_assert_eq(xr_nh_find(&F.nh, it->type, it->ifindex, it->gw, &id), 0);
	cr_assert_eq(xr_fib4_del(&F, ntohl(it->dst), it->plen, repl), 0);
	cr_assert_eq(xr_nh_put(&F.nh, id), 0);
}

/* A writer's commit: what it gave up freed after one wait (not counted:
 * the tests count the repair's waits). */
static void commit(void)
{
	cr_assert_eq(xr_pt_release(&F.pt), 0);
	syncs = 0;
}

/* The writer dies: what it gave up stays held, its index is gone. */
static void writer_dies(void)
{
	F.pt.pending.n = 0;
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
		     "entries %zu refcnts %zu nh_leaked %zu blocks %zu "
		     "counts %zu adj %zu", r.entries, r.refcnts, r.nh_leaked,
		     r.blocks, r.counts, r.adj_stale);
	for (k = 0; k < 200000; k++) {
		uint32_t ip = 0x0a000000u | (k * 2654435761u >> 12);

		cr_assert_eq(xr_fib4_lookup(&F, ip), ref_lookup(it, n, ip),
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
	commit();
	it[n] = item("10.9.9.0", 27, 3);      /* in the FIB only */
	write_route(&it[n]);
	writer_dies();
	r = check(it, n);
	cr_assert_gt(r.entries, 0);
	cr_assert_eq(r.nh_leaked, 1, "the new gateway's slot");
	cr_assert_eq(r.blocks, 0, "the /27's blocks are still reached");
	repair(it, n);
	cr_assert_eq(syncs, 1, "one wait before freeing");
	assert_consistent(it, n);
}

/* A delete that left the route table but not the FIB (the table is
 * written first): "route del" would say "no such route". */
Test(fibrepair, delete_cut_after_the_table)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	commit();
	it[3] = it[--n];                       /* 10.3.1.64/26 gone */
	writer_dies();
	cr_assert_gt(check(it, n).entries, 0);
	repair(it, n);
	assert_consistent(it, n);
	/* 10.4.4.0/18's slot is a subtree still, 10.3.0.0/18's too
	 * (10.3.0.0/24): the /26 is gone from it */
	cr_assert_eq(xr_fib4_lookup(&F, 0x0a030141), ref_lookup(it, n, 0x0a030141));
}

/* A delete that finished, but whose blocks and next hop were waiting for
 * the grace period when the writer died: both leaked. */
Test(fibrepair, given_up_and_never_released)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	struct xr_fib4_report r;
	uint32_t repl;

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	commit();
	it[n] = item("10.7.7.7", 32, 3);
	write_route(&it[n]);
	repl = ref_lookup(it, n, ntohl(it[n].dst));
	delete_route(&it[n], repl);           /* blocks and slot now pending */
	writer_dies();
	r = check(it, n);
	cr_assert_eq(r.entries, 0, "the FIB itself is right");
	cr_assert_gt(r.blocks, 0, "the /32's blocks, held by nothing");
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
	commit();
	F.nh.nh[id].refcnt += 7;
	nh_used += 3;
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
	commit();
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

/* Blocks a dead writer left unreachable may still be read by a reader
 * that took them before: the repair frees them, and waits for the
 * readers before it writes a block (here: a slot the table wants). */
static uint32_t held_e, held_node;
static struct xr_pt_node held;

static int held_unchanged(void)
{
	cr_assert_eq(memcmp(&F.pt.nodes[held_node], &held, sizeof(held)), 0,
		     "node %u written before the grace period ended", held_node);
	syncs++;
	return 0;
}

Test(fibrepair, new_blocks_after_the_readers_left)
{
	struct xr_fib4_item it[8];
	size_t n = table(it), i;
	uint32_t slot;

	for (i = 0; i < n; i++)
		write_route(&it[i]);
	commit();
	it[n] = item("10.9.9.0", 27, 1);
	write_route(&it[n]);
	slot = ntohl(it[n].dst) >> (32 - XR_PT4_DIRECT_BITS);
	held_e = F.pt.direct[slot];
	cr_assert(held_e & XR_FIB4_EXT);
	held_node = held_e & XR_FIB4_ID_MASK;
	held = F.pt.nodes[held_node];
	/* the writer died after unhooking the slot from its subtree */
	F.pt.direct[slot] = 0;
	it[n] = item("10.9.10.0", 27, 1);      /* the table wants this one */
	writer_dies();
	F.pt.sync = held_unchanged;
	repair(it, n + 1);
	cr_assert_geq(syncs, 1, "no wait before the freed blocks were reused");
	assert_consistent(it, n + 1);
}

/* A consistent FIB: the check finds nothing, the repair writes nothing
 * and does not wait. */
Test(fibrepair, consistent_is_left_alone)
{
	struct xr_fib4_item it[8];
	size_t n = table(it);
	size_t len = sizeof(uint32_t) << XR_PT4_DIRECT_BITS;
	uint32_t *copy = malloc(len);
	uint64_t nodes;

	for (size_t i = 0; i < n; i++)
		write_route(&it[i]);
	commit();
	cr_assert(copy);
	memcpy(copy, F.pt.direct, len);
	nodes = F.meta->nodes_used;
	cr_assert_eq(xr_fib4_report_problems((const struct xr_fib4_report[]){
		check(it, n) }), 0);
	repair(it, n);
	cr_assert_eq(syncs, 0);
	cr_assert_eq(memcmp(copy, F.pt.direct, len), 0);
	cr_assert_eq(F.meta->nodes_used, nodes);
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

static struct xr_fib6 F6;
static __u32 nh6_used;
static void *mem6[5];

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
	pt_plain(&F6.pt, &xr_pt_geom6, mem6);
	F6.meta = mem6[4];
	F6.nh.nh6 = calloc(XR_MAX_NH6, sizeof(struct xr_nh6));
	cr_assert(F6.nh.nh6);
	nh6_used = 0;
	F6.nh.sync = count_sync;
	F6.nh.v6 = 1;
	F6.nh.nh_used = &nh6_used;
	F6.nh.adj_fill6 = fake_fill6;
}

static void teardown6(void)
{
	pt_free(&F6.pt, mem6);
	xr_nh_fini(&F6.nh);
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
	cr_assert_eq(xr_fib6_add(&F6, &it->dst, it->plen, id), 0);
	return id;
}

static void writer6_dies(void)
{
	F6.pt.pending.n = 0;
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
	uint32_t refs = 0, slots = 0, id, k;
	size_t i;

	cr_assert_eq(xr_fib4_report_problems(&r), 0,
		     "entries %zu refcnts %zu nh_leaked %zu blocks %zu "
		     "unsound %zu counts %zu adj %zu", r.entries, r.refcnts,
		     r.nh_leaked, r.blocks, r.unsound, r.counts, r.adj_stale);
	/* each route's own address, its last, and addresses around them */
	for (i = 0; i < n; i++) {
		for (k = 0; k < 64; k++) {
			struct xr_in6 a = it[i].dst;

			a.a[3] ^= htonl(k * 2654435761u);
			a.a[k % 4] ^= htonl(1u << (k % 32));
			cr_assert_eq(xr_fib6_lookup(&F6, &a),
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

/* The table written and committed (its waits not counted). */
static void table6_write(struct xr_fib6_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		write_route6(&it[i]);
	cr_assert_eq(xr_pt_release(&F6.pt), 0);
	syncs = 0;
}

TestSuite(fibrepair6, .init = setup6, .fini = teardown6);

/* The leaf the fast path reads for a (a route longer than /16 there). */
static uint32_t *leaf_of(const struct xr_poptrie *t, const struct xr_in6 *a)
{
	struct xr_pt_key k = xr_pt_key6(a);
	uint32_t e = t->direct[k.hi >> 48], pos, v;
	const struct xr_pt_node *nd;
	uint64_t m, w;

	cr_assert(e & XR_FIB6_EXT);
	for (pos = XR_PT6_DIRECT_BITS; pos < 128 + XR_PT_STRIDE; pos += XR_PT_STRIDE) {
		nd = &t->nodes[e & XR_FIB6_ID_MASK];
		w = pos < 64 ? k.hi << pos : k.lo << (pos - 64);
		v = (uint32_t)(w >> 58);
		m = (2ull << v) - 1;
		if (!(nd->vector >> v & 1))
			return &t->leaves[nd->base0 +
					  __builtin_popcountll(nd->leafvec & m) - 1];
		e = XR_FIB6_EXT | (nd->base1 + __builtin_popcountll(nd->vector & m) - 1);
	}
	cr_assert_fail("no leaf");
	return NULL;
}

Test(fibrepair6, consistent_is_left_alone)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	size_t len = sizeof(uint32_t) << XR_PT6_DIRECT_BITS;
	uint32_t *copy = malloc(len);
	uint64_t nodes;

	table6_write(it, n);
	memcpy(copy, F6.pt.direct, len);
	nodes = F6.meta->nodes_used;
	assert_consistent6(it, n);
	repair6(it, n);
	cr_assert_eq(syncs, 0, "nothing to free: no wait");
	cr_assert_eq(memcmp(copy, F6.pt.direct, len), 0);
	cr_assert_eq(F6.meta->nodes_used, nodes);
	free(copy);
}

/* An add that reached the FIB, not the route table. */
Test(fibrepair6, add_cut_before_the_table)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	struct xr_fib4_report r;
	uint64_t before;

	table6_write(it, n);
	before = F6.meta->nodes_used;
	it[n] = item6("2001:db8:1:2:3::", 96, 3);     /* in the FIB only */
	write_route6(&it[n]);
	cr_assert_gt(F6.meta->nodes_used, before);
	writer6_dies();
	r = check6(it, n);
	cr_assert_gt(r.entries, 0);
	cr_assert_eq(r.nh_leaked, 1, "the new gateway's slot");
	repair6(it, n);
	/* the /96's add gave up the slot's old blocks, leaked when the
	 * writer died: one wait before they are freed, one before those the
	 * repair replaces are */
	cr_assert_eq(syncs, 2, "a wait before each freeing");
	assert_consistent6(it, n);
	cr_assert_eq(xr_pt_release(&F6.pt), 0);
	cr_assert_eq(F6.meta->nodes_used, before, "the /96's nodes freed");
}

/* A corrupted leaf deep in the trie, and a wrong count. */
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
	e = xr_fib6_lookup(&F6, &a);
	cr_assert_eq(xr_fib6_depth(e), 128);
	/* ::7/128 through another gateway's next hop */
	*leaf_of(&F6.pt, &a) = xr_fib6_entry(128, id);
	writer6_dies();
	{
		struct xr_fib4_report r = check6(it, n);

		cr_assert_eq(r.entries, 1, "one slot differs");
		cr_assert_eq(r.refcnts, 1);
	}
	repair6(it, n);
	assert_consistent6(it, n);
}

/* A delete that finished but whose blocks waited for the grace period
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
	cr_assert_eq(xr_fib6_del(&F6, &it[n].dst, 128,
				 ref_lookup6(it, n, &it[n].dst)), 0);
	cr_assert_eq(xr_nh_put(&F6.nh, id), 0);
	writer6_dies();
	r = check6(it, n);
	cr_assert_eq(r.entries, 0, "the FIB itself is right");
	cr_assert_gt(r.blocks, 0, "the /128's blocks below 2a00:1450::/29");
	cr_assert_eq(r.nh_leaked, 1);
	repair6(it, n);
	assert_consistent6(it, n);
}

/* A subtree named by two slots (a corrupted direct entry): the structure
 * is refused, built anew from the table, and never in blocks a reader
 * may hold. */
Test(fibrepair6, shared_subtree_is_rebuilt)
{
	struct xr_fib6_item it[8];
	size_t n = table6(it);
	uint32_t held6;
	struct xr_fib4_report r;

	table6_write(it, n);
	held6 = F6.pt.direct[0x2a00];
	cr_assert(held6 & XR_FIB6_EXT);
	F6.pt.direct[0x2a00] = F6.pt.direct[0x2001];   /* 2a00 names 2001's */
	r = check6(it, n);
	cr_assert_eq(r.unsound, 1);
	repair6(it, n);
	cr_assert_neq(F6.pt.direct[0x2a00] & XR_FIB6_ID_MASK,
		      held6 & XR_FIB6_ID_MASK,
		      "the subtree left unreachable may be held: not reused");
	assert_consistent6(it, n);
}
