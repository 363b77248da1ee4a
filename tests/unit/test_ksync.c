// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the mirror (sync/ksync.h) against the real kernel:
 * each test in a network namespace of its own (testenv: in0, out0
 * attached), routes, next-hop objects and neighbours made with `ip`,
 * read over rtnetlink into a real mirror over the router's maps (the
 * skeleton's), and the FIB checked: by dump (start), by events, after a
 * forced overrun (ENOBUFS, a tiny receive buffer), after interrupted
 * dumps (NLM_F_DUMP_INTR), and neighbours resolved by the kernel on
 * request (NTF_USE). A mirrored route forwards a packet (bytes checked).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/wait.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/nhg.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "pkt.h"
#include "sync/ksync.h"
#include "syncexpect.h"

static struct xr_syncenv E;
static struct xr_ksync *K;

#define C(n) E.ctr[XR_SYNC_##n]

static void setup(void)
{
	se_setup(&E, XR_MIRROR_ROUTES | XR_MIRROR_NEIGH);
	/* the neighbour testenv wrote into the maps, in the kernel too
	 * (the mirror sweeps what the kernel does not have) */
	te_sh("ip neigh replace 198.51.100.2 dev out0 lladdr 02:00:00:00:00:b2"
	      " nud permanent");
	te_sh("ip -6 addr add 2001:db8:1::1/64 dev out0 nodad");
	K = NULL;
}

static void teardown(void)
{
	xr_ksync_close(K);
	se_teardown(&E);
}

TestSuite(ksync, .init = setup, .fini = teardown, .timeout = 120);

static void ks_open_redo(int rcvbuf, int redo)
{
	struct xr_ksync_parms p = {
		.what = XR_MIRROR_ROUTES | XR_MIRROR_NEIGH, .rcvbuf = rcvbuf,
		.redo = redo,
	};

	cr_assert_eq(xr_ksync_open(&K, E.mi, &p, E.ctr), 0);
}

static void ks_open(int rcvbuf)
{
	ks_open_redo(rcvbuf, 0);
}

/* Open, the first resync, committed. */
static void ks_start(int rcvbuf)
{
	ks_open(rcvbuf);
	cr_assert_eq(xr_ksync_resync(K), 0);
	se_commit(&E);
}

/* What the event socket has (an `ip` command's events are queued by the
 * time it returns), into the mirror and committed. */
static void ks_events(void)
{
	int r = 1;

	for (int i = 0; i < 100000 && r > 0; i++)
		r = xr_ksync_read(K, 256);
	cr_assert_eq(r, 0, "read: %d", r);
	se_commit(&E);
}

Test(ksync, dump_mirrors_routes_groups_objects_neighbours)
{
	const int mp_gw[] = { 2, 3 }, obj_gw[] = { 2, 4 };
	const int mp_w[] = { 1, 3 }, obj_w[] = { 1, 2 };
	struct xr_route6 rt6;
	struct xr_route4 rt;
	struct xr_neigh n;

	te_sh("ip route add 203.0.113.0/24 via 198.51.100.2 dev out0 proto bgp metric 10");
	te_sh("ip route add 203.0.113.0/24 via 198.51.100.5 dev out0 metric 30");
	te_sh("ip route add 198.18.0.0/16 nexthop via 198.51.100.2 dev out0 weight 1"
	      " nexthop via 198.51.100.3 dev out0 weight 3");
	te_sh("ip nexthop add id 10 via 198.51.100.2 dev out0 && "
	      "ip nexthop add id 11 via 198.51.100.4 dev out0 && "
	      "ip nexthop add id 12 group 10/11,2 && "
	      "ip route add 100.64.0.0/10 nhid 12 proto 11");
	te_sh("ip route add blackhole 10.66.0.0/16");
	te_sh("ip route add 10.67.0.0/16 via 198.51.100.7 dev out0 table 100");
	te_sh("ip -6 route add 2001:db8:99::/48 via 2001:db8:1::2 dev out0 proto static");
	ks_start(0);

	/* the lower metric wins; proto as the kernel has it */
	se_expect_gw(&E, "203.0.113.0/24", 2, 10, RTPROT_BGP);
	se_expect_group(&E, "198.18.0.0/16", 2, mp_gw, mp_w);
	se_expect_group(&E, "100.64.0.0/10", 2, obj_gw, obj_w);
	cr_assert_eq(se_route4(&E, "100.64.0.0/10", &rt), 0);
	cr_assert_eq(rt.proto, RTPROT_ZEBRA);
	cr_assert_eq(se_route4(&E, "10.66.0.0/16", &rt), 0);
	cr_assert_eq(rt.type, XR_RTN_BLACKHOLE);
	se_expect_absent(&E, "10.67.0.0/16");          /* another table */
	cr_assert_eq(se_route6(&E, "2001:db8:99::/48", &rt6), 0);
	cr_assert_eq(rt6.type, XR_RTN_UNICAST);
	cr_assert_eq(rt6.ifindex, E.t.if_out);
	cr_assert_eq(ntohl(rt6.gw.a[3]), 2);
	cr_assert_eq(rt6.proto, RTPROT_STATIC);
	cr_assert_eq(xr_neigh4_get(&E.t.m, E.t.if_out, pkt_addr("198.51.100.2"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_PERMANENT);
	cr_assert(!memcmp(n.mac, TE_MAC_NH, 6));
	/* neighbours and routes of both families, next-hop objects */
	cr_assert_eq(C(Dumps), 5);
	cr_assert_eq(C(DumpsInterrupted), 0);
	cr_assert_eq(C(Resyncs), 0);
	se_expect_forwards(&E);
}

Test(ksync, events_add_replace_delete)
{
	const int gw[] = { 2, 3 }, w[] = { 1, 1 };
	struct xr_route6 rt6;
	struct xr_in6 a6;
	struct xr_neigh n;

	pkt_addr6("2001:db8:1::8", &a6);

	ks_start(0);
	se_expect_absent(&E, "203.0.113.0/24");        /* testenv's: the kernel has none */
	te_sh("ip route add 203.0.113.0/24 via 198.51.100.2 dev out0 proto bgp metric 100");
	ks_events();
	se_expect_gw(&E, "203.0.113.0/24", 2, 100, RTPROT_BGP);
	se_expect_forwards(&E);
	te_sh("ip route replace 203.0.113.0/24 proto bgp metric 100"
	      " nexthop via 198.51.100.2 dev out0 nexthop via 198.51.100.3 dev out0");
	ks_events();
	se_expect_group(&E, "203.0.113.0/24", 2, gw, w);
	/* a lower metric beside it wins; its removal brings the other back */
	te_sh("ip route add 203.0.113.0/24 via 198.51.100.4 dev out0 proto ospf metric 50");
	ks_events();
	se_expect_gw(&E, "203.0.113.0/24", 4, 50, RTPROT_OSPF);
	te_sh("ip route del 203.0.113.0/24 metric 50");
	ks_events();
	se_expect_group(&E, "203.0.113.0/24", 2, gw, w);
	te_sh("ip route del 203.0.113.0/24 metric 100");
	ks_events();
	se_expect_absent(&E, "203.0.113.0/24");
	/* IPv6 likewise */
	te_sh("ip -6 route add 2001:db8:77::/48 via 2001:db8:1::2 dev out0 proto bird");
	ks_events();
	cr_assert_eq(se_route6(&E, "2001:db8:77::/48", &rt6), 0);
	cr_assert_eq(rt6.ifindex, E.t.if_out);
	cr_assert_eq(ntohl(rt6.gw.a[3]), 2);
	cr_assert_eq(rt6.proto, 12);          /* bird */
	te_sh("ip -6 route del 2001:db8:77::/48");
	ks_events();
	cr_assert_eq(se_route6(&E, "2001:db8:77::/48", &rt6), -ENOENT);
	te_sh("ip -6 neigh add 2001:db8:1::8 dev out0 lladdr 02:00:00:00:00:c6 nud stale");
	ks_events();
	cr_assert_eq(xr_neigh6_get(&E.t.m, E.t.if_out, &a6, &n), 0);
	cr_assert_eq(n.state, XR_NUD_STALE);
	cr_assert_eq(n.mac[5], 0xc6);
	/* neighbours */
	te_sh("ip neigh add 198.51.100.8 dev out0 lladdr 02:00:00:00:00:c8 nud reachable");
	ks_events();
	cr_assert_eq(xr_neigh4_get(&E.t.m, E.t.if_out, pkt_addr("198.51.100.8"), &n), 0);
	cr_assert_eq(n.mac[5], 0xc8);
	te_sh("ip neigh del 198.51.100.8 dev out0");
	ks_events();
	cr_assert_eq(xr_neigh4_get(&E.t.m, E.t.if_out, pkt_addr("198.51.100.8"), &n),
		     -ENOENT);
	cr_assert_gt(C(RouteMsgs), 0);
	cr_assert_gt(C(NeighMsgs), 0);
}

Test(ksync, next_hop_object_replace_and_delete)
{
	const int one[] = { 2 }, two[] = { 2, 4 };
	const int w1[] = { 1 }, w2[] = { 1, 1 };

	te_sh("ip nexthop add id 20 via 198.51.100.2 dev out0 && "
	      "ip nexthop add id 21 via 198.51.100.4 dev out0 && "
	      "ip nexthop add id 22 group 20/21 && "
	      "ip route add 198.18.0.0/16 nhid 22 && ip route add 203.0.113.0/24 nhid 20");
	ks_start(0);
	se_expect_group(&E, "198.18.0.0/16", 2, two, w2);
	se_expect_gw(&E, "203.0.113.0/24", 2, 0, RTPROT_BOOT);
	/* the group loses a member: the route follows */
	te_sh("ip nexthop replace id 22 group 20");
	ks_events();
	{
		struct xr_route4 rt;

		cr_assert_eq(se_route4(&E, "198.18.0.0/16", &rt), 0);
		if (rt.nhg)
			se_expect_group(&E, "198.18.0.0/16", 1, one, w1);
		else
			se_expect_gw(&E, "198.18.0.0/16", 2, 0, RTPROT_BOOT);
	}
	/* an object's gateway changes: the route using it follows */
	te_sh("ip nexthop replace id 20 via 198.51.100.6 dev out0");
	ks_events();
	se_expect_gw(&E, "203.0.113.0/24", 6, 0, RTPROT_BOOT);
	/* deleting the objects deletes the routes using them */
	te_sh("ip nexthop del id 22 && ip nexthop del id 20");
	ks_events();
	se_expect_absent(&E, "198.18.0.0/16");
	se_expect_absent(&E, "203.0.113.0/24");
	cr_assert_gt(C(NexthopMsgs), 0);
}

/* n routes 10.X.Y.0/24 via 198.51.100.2 (del: removed), with ip -batch. */
static void batch_routes(int n, int del)
{
	char path[] = "/tmp/xr-ksync-batch-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	cr_assert(f);
	for (int i = 0; i < n; i++)
		fprintf(f, "route %s 10.%d.%d.0/24 via 198.51.100.2 dev out0\n",
			del ? "del" : "add", 100 + i / 256, i % 256);
	fclose(f);
	te_sh("ip -batch %s", path);
	unlink(path);
}

static int count_present(int n)
{
	struct xr_route4 rt;
	char pfx[32];
	int k = 0;

	for (int i = 0; i < n; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.%d.0/24", 100 + i / 256, i % 256);
		k += se_route4(&E, pfx, &rt) == 0;
	}
	return k;
}

Test(ksync, overrun_resyncs_and_ends_equal)
{
	enum { N = 6000 };

	ks_start(4096);                           /* a tiny buffer: it overruns */
	batch_routes(N, 0);
	ks_events();
	cr_assert_geq(C(Resyncs), 1, "the buffer did not overrun");
	cr_assert_eq(count_present(N), N);
	se_expect_gw(&E, "10.100.7.0/24", 2, 0, RTPROT_BOOT);
	uint64_t resyncs = C(Resyncs);

	batch_routes(N, 1);
	ks_events();
	cr_assert_gt(C(Resyncs), resyncs);
	cr_assert_eq(count_present(N), 0);
}

/* A process changing next-hop objects as fast as it can. */
static pid_t churn(void)
{
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (!pid) {
		setpgid(0, 0);
		for (int i = 0; i < 100000; i++)
			if (system("ip nexthop add id 99999 via 198.51.100.9 dev out0;"
				   " ip nexthop del id 99999"))
				_exit(1);
		_exit(0);
	}
	setpgid(pid, pid);
	return pid;
}

/* n next-hop objects, ids 1..n, via 198.51.100.2.. on out0. */
static void batch_nexthops(int n)
{
	char path[] = "/tmp/xr-ksync-nh-XXXXXX";
	FILE *f = fdopen(mkstemp(path), "w");

	cr_assert(f);
	for (int i = 0; i < n; i++)
		fprintf(f, "nexthop add id %d via 198.51.100.%d dev out0\n", i + 1,
			2 + i % 200);
	fclose(f);
	te_sh("ip -batch %s", path);
	unlink(path);
}

Test(ksync, interrupted_dump_is_done_again)
{
	enum { N = 8000 };
	struct xr_mirror_stats st;
	pid_t pid;

	batch_nexthops(N);
	te_sh("ip route add 203.0.113.0/24 nhid 1");
	ks_open(0);
	pid = churn();
	for (int i = 0; i < 200 && !C(DumpsInterrupted); i++)
		cr_assert_eq(xr_ksync_resync(K), 0);
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	cr_assert_geq(C(DumpsInterrupted), 1, "no dump came back interrupted");
	te_sh("ip nexthop del id 99999 2>/dev/null || true");
	ks_events();
	xr_mirror_stats(E.mi, &st);
	cr_assert_eq(st.nexthops, N, "%zu next-hop objects, want %d", st.nexthops, N);
	se_expect_gw(&E, "203.0.113.0/24", 2, 0, RTPROT_BOOT);
	se_expect_forwards(&E);
}

/* Into the mirror, as if the kernel had it: 100.64.7.0/24 via
 * 198.51.100.2 on out0 (the kernel has no such route). */
static void feed_phantom(void)
{
	char buf[512] = { 0 };
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct rtmsg *rt = mnl_nlmsg_put_extra_header(h, sizeof(*rt));

	h->nlmsg_type = RTM_NEWROUTE;
	*rt = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = 24,
			      .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
			      .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
	mnl_attr_put_u32(h, RTA_DST, pkt_addr("100.64.7.0"));
	mnl_attr_put_u32(h, RTA_GATEWAY, pkt_addr("198.51.100.2"));
	mnl_attr_put_u32(h, RTA_OIF, E.t.if_out);
	cr_assert_eq(xr_mirror_msg(E.mi, h), 0);
}

/* Resyncs under churn, the phantom fed before each, until one has a dump
 * still interrupted after its one redo. */
static int resync_until_redone(void)
{
	for (int i = 0; i < 300 && !C(ResyncsRedone); i++) {
		feed_phantom();
		cr_assert_eq(xr_ksync_resync(K), 0);
	}
	return C(ResyncsRedone) > 0;
}

/* A dump still interrupted after the redos may lack what the kernel had
 * all along: nothing is swept, and the next read resyncs again. */
Test(ksync, dump_interrupted_after_redos_sweeps_nothing)
{
	enum { N = 8000 };
	pid_t pid;

	batch_nexthops(N);
	te_sh("ip route add 203.0.113.0/24 nhid 1");
	ks_open_redo(0, 1);
	pid = churn();
	int redone = resync_until_redone();

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	cr_assert(redone, "no dump stayed interrupted");
	cr_assert(xr_ksync_resync_pending(K));
	se_commit(&E);
	se_expect_gw(&E, "100.64.7.0/24", 2, 0, RTPROT_BOOT);  /* not swept */
	te_sh("ip nexthop del id 99999 2>/dev/null || true");
	ks_events();                  /* the owed resync, quiet: it ends */
	cr_assert_not(xr_ksync_resync_pending(K));
	se_expect_absent(&E, "100.64.7.0/24");
	se_expect_gw(&E, "203.0.113.0/24", 2, 0, RTPROT_BOOT);
	se_expect_forwards(&E);
}

/* Events until cond holds or 3 s have passed. */
static int events_until(int (*cond)(void))
{
	struct pollfd p = { .fd = xr_ksync_fd(K), .events = POLLIN };

	for (int i = 0; i < 60 && !cond(); i++) {
		poll(&p, 1, 50);
		ks_events();
	}
	return cond();
}

static int peer_resolved(void)
{
	struct xr_neigh n;

	return !xr_neigh4_get(&E.t.m, E.t.if_out, pkt_addr("198.51.100.9"), &n) &&
	       n.state == XR_NUD_REACHABLE && !memcmp(n.mac, TE_MAC_NH, 6);
}

Test(ksync, neigh_kick_resolves_through_the_kernel)
{
	struct xr_in6 a = { { pkt_addr("198.51.100.9") } };
	struct xr_in6 a6 = { { 0 } };

	se_peer(&E, "198.51.100.9");
	ks_start(0);
	cr_assert(!peer_resolved());
	cr_assert_eq(xr_ksync_neigh_kick(K, AF_INET, E.t.if_out, &a), 0);
	cr_assert(events_until(peer_resolved), "the kernel's answer was not mirrored");
	/* bad requests: an error, nothing else */
	cr_assert_eq(xr_ksync_neigh_kick(K, AF_INET, 0, &a), -EINVAL);
	cr_assert_eq(xr_ksync_neigh_kick(K, AF_UNSPEC, E.t.if_out, &a), -EINVAL);
	cr_assert_eq(xr_ksync_neigh_kick(K, AF_INET, 99999, &a), -ENODEV);
	pkt_addr6("2001:db8:1::9", &a6);
	cr_assert_eq(xr_ksync_neigh_kick(K, AF_INET6, E.t.if_out, &a6), 0);
}

Test(ksync, resync_sweeps_what_the_kernel_no_longer_has)
{
	te_sh("ip route add 198.18.0.0/16 via 198.51.100.3 dev out0");
	ks_start(0);
	se_expect_gw(&E, "198.18.0.0/16", 3, 0, RTPROT_BOOT);
	/* changes the mirror does not hear of (events dropped unread) */
	te_sh("ip route del 198.18.0.0/16 && "
	      "ip route add 203.0.113.0/24 via 198.51.100.2 dev out0");
	xr_ksync_close(K);
	ks_start(0);
	se_expect_absent(&E, "198.18.0.0/16");
	se_expect_gw(&E, "203.0.113.0/24", 2, 0, RTPROT_BOOT);
	se_expect_forwards(&E);
}

/* At most max messages a read: 1 while more may wait, 0 once drained. */
Test(ksync, read_bounded_by_max)
{
	uint64_t before;
	int r = 1, calls = 0;

	ks_start(0);
	batch_routes(20, 0);
	before = C(RouteMsgs);
	while (r == 1 && calls < 100) {
		uint64_t b = C(RouteMsgs);

		r = xr_ksync_read(K, 4);
		cr_assert_leq(C(RouteMsgs) - b, 4);
		calls++;
	}
	cr_assert_eq(r, 0);
	cr_assert_geq(C(RouteMsgs) - before, 20);   /* (and what addrconf adds meanwhile) */
	cr_assert_geq(calls, 5);
}

Test(ksync, bad_parameters)
{
	struct xr_ksync_parms p = { .what = 0 };
	struct xr_ksync *k = (void *)1;

	cr_assert_eq(xr_ksync_open(&k, E.mi, &p, E.ctr), -EINVAL);
	cr_assert_null(k);
	p.what = XR_MIRROR_ROUTES;
	p.rcvbuf = -1;
	cr_assert_eq(xr_ksync_open(&k, E.mi, &p, E.ctr), -EINVAL);
	p.rcvbuf = 0;
	p.redo = -1;
	cr_assert_eq(xr_ksync_open(&k, E.mi, &p, E.ctr), -EINVAL);
	p.redo = 0;
	cr_assert_eq(xr_ksync_open(&k, NULL, &p, E.ctr), -EINVAL);
}
