// SPDX-License-Identifier: GPL-2.0
/*
 * FRR's FPM (sync/fpm.h): a client on 127.0.0.1 of the test's own
 * namespace sends frames built as zebra's dplane_fpm_nl builds them
 * (fpm/fpm.h framing; routes with RTA_PRIORITY 20, deletes of type
 * RTN_UNSPEC, an update as DELROUTE+NEWROUTE in one frame; next-hop
 * objects before the routes naming them, or RTA_MULTIPATH) into a real
 * mirror over the router's maps, and the FIB is checked: frames split
 * across writes and several in one, frames of another version or type
 * skipped, a bad length closing the connection, garbage counted, a
 * reconnect's replay sweeping what it no longer names once settled
 * (and not before), a closed connection keeping every route. A
 * mirrored route forwards a packet (bytes checked). The real zebra is
 * tests/integration/test_fpm_frr.sh's.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/nexthop.h>
#include <linux/sockios.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include "pkt.h"
#include "sync/fpm.h"
#include "syncexpect.h"

#define PORT    2620
#define SETTLE  800            /* ms */

static struct xr_syncenv E;
static struct xr_fpm *F;

#define C(n) E.ctr[XR_SYNC_##n]

static void setup(void)
{
	se_setup(&E, XR_MIRROR_ROUTES);
	cr_assert_eq(xr_fpm_open(&F, E.mi, NULL, PORT, SETTLE, E.ctr), 0);
}

static void teardown(void)
{
	xr_fpm_close(F);
	se_teardown(&E);
}

TestSuite(fpm, .init = setup, .fini = teardown, .timeout = 60);

/* ---- frames, as zebra builds them ---- */

struct frame {
	uint8_t b[65536];
	size_t len;                /* bytes so far (header included) */
};

static void frame_begin(struct frame *f)
{
	f->len = 4;
}

/* The header (version 1, type 1 unless changed), length last. */
static size_t frame_end(struct frame *f, uint8_t version, uint8_t type)
{
	f->b[0] = version;
	f->b[1] = type;
	f->b[2] = (uint8_t)(f->len >> 8);
	f->b[3] = (uint8_t)f->len;
	return f->len;
}

static struct nlmsghdr *msg(struct frame *f, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(f->b + f->len);

	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | flags;
	return h;
}

static void msg_end(struct frame *f, struct nlmsghdr *h)
{
	f->len += h->nlmsg_len;
}

static struct nlmsghdr *route_hdr(struct frame *f, uint16_t type,
				  const char *pfx)
{
	struct nlmsghdr *h = msg(f, type, type == RTM_NEWROUTE ? NLM_F_REPLACE : 0);
	struct rtmsg *r = mnl_nlmsg_put_extra_header(h, sizeof(*r));
	char a[32];
	const char *slash = strchr(pfx, '/');

	memcpy(a, pfx, (size_t)(slash - pfx));
	a[slash - pfx] = 0;
	r->rtm_family = AF_INET;
	r->rtm_dst_len = (uint8_t)atoi(slash + 1);
	r->rtm_table = RT_TABLE_MAIN;
	r->rtm_protocol = RTPROT_BGP;
	r->rtm_scope = RT_SCOPE_UNIVERSE;
	r->rtm_type = type == RTM_NEWROUTE ? RTN_UNICAST : RTN_UNSPEC;
	mnl_attr_put_u32(h, RTA_DST, pkt_addr(a));
	mnl_attr_put_u32(h, RTA_PRIORITY, 20);
	return h;
}

/* RTM_NEWROUTE pfx via 198.51.100.gw on out0. */
static void route_via(struct frame *f, const char *pfx, int gw)
{
	struct nlmsghdr *h = route_hdr(f, RTM_NEWROUTE, pfx);
	char a[32];

	snprintf(a, sizeof(a), "198.51.100.%d", gw);
	mnl_attr_put_u32(h, RTA_OIF, E.t.if_out);
	mnl_attr_put_u32(h, RTA_GATEWAY, pkt_addr(a));
	msg_end(f, h);
}

/* RTM_NEWROUTE pfx over next-hop object id (groups on). */
static void route_nhid(struct frame *f, const char *pfx, uint32_t id)
{
	struct nlmsghdr *h = route_hdr(f, RTM_NEWROUTE, pfx);

	mnl_attr_put_u32(h, RTA_NH_ID, id);
	msg_end(f, h);
}

/* RTM_NEWROUTE pfx over RTA_MULTIPATH: gateways gw[] (rtnh_hops w-1). */
static void route_mp(struct frame *f, const char *pfx, int n, const int *gw,
		     const int *w)
{
	struct nlmsghdr *h = route_hdr(f, RTM_NEWROUTE, pfx);
	struct nlattr *mp = mnl_attr_nest_start(h, RTA_MULTIPATH);
	char a[32];

	for (int i = 0; i < n; i++) {
		struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(h);

		h->nlmsg_len += MNL_ALIGN(sizeof(*nh));
		memset(nh, 0, sizeof(*nh));
		nh->rtnh_ifindex = (int)E.t.if_out;
		nh->rtnh_hops = (uint8_t)(w[i] - 1);
		snprintf(a, sizeof(a), "198.51.100.%d", gw[i]);
		mnl_attr_put_u32(h, RTA_GATEWAY, pkt_addr(a));
		nh->rtnh_len = (uint16_t)((uint8_t *)mnl_nlmsg_get_payload_tail(h) -
					  (uint8_t *)nh);
	}
	mnl_attr_nest_end(h, mp);
	msg_end(f, h);
}

/* RTM_DELROUTE as zebra sends it: prefix, priority, table; no type. */
static void route_del(struct frame *f, const char *pfx)
{
	struct nlmsghdr *h = route_hdr(f, RTM_DELROUTE, pfx);

	msg_end(f, h);
}

static struct nlmsghdr *nh_hdr(struct frame *f, uint16_t type, uint8_t family,
			       uint32_t id)
{
	struct nlmsghdr *h = msg(f, type, type == RTM_NEWNEXTHOP ? NLM_F_REPLACE : 0);
	struct nhmsg *nm = mnl_nlmsg_put_extra_header(h, sizeof(*nm));

	nm->nh_family = family;
	mnl_attr_put_u32(h, NHA_ID, id);
	return h;
}

/* A single next-hop object: 198.51.100.gw on out0. */
static void nh_single(struct frame *f, uint32_t id, int gw)
{
	struct nlmsghdr *h = nh_hdr(f, RTM_NEWNEXTHOP, AF_INET, id);
	char a[32];

	snprintf(a, sizeof(a), "198.51.100.%d", gw);
	mnl_attr_put_u32(h, NHA_GATEWAY, pkt_addr(a));
	mnl_attr_put_u32(h, NHA_OIF, E.t.if_out);
	msg_end(f, h);
}

/* A group object of ids[] with weights w[] (nexthop_grp.weight w-1). */
static void nh_group(struct frame *f, uint32_t id, int n, const uint32_t *ids,
		     const int *w)
{
	struct nlmsghdr *h = nh_hdr(f, RTM_NEWNEXTHOP, AF_UNSPEC, id);
	struct nexthop_grp g[8];

	memset(g, 0, sizeof(g));
	for (int i = 0; i < n; i++) {
		g[i].id = ids[i];
		g[i].weight = (uint8_t)(w[i] - 1);
	}
	mnl_attr_put(h, NHA_GROUP, (size_t)n * sizeof(g[0]), g);
	msg_end(f, h);
}

/* ---- the client ---- */

static int client(void)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET, .sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

static void put(int fd, const void *b, size_t n)
{
	cr_assert_eq(write(fd, b, n), (ssize_t)n);
}

/* A frame of version 1, type 1 (netlink), whole. */
static void send_frame(int fd, struct frame *f)
{
	put(fd, f->b, frame_end(f, 1, 1));
}

/* One frame: RTM_NEWROUTE pfx via 198.51.100.gw. */
static void send_route(int fd, const char *pfx, int gw)
{
	static struct frame f;

	frame_begin(&f);
	route_via(&f, pfx, gw);
	send_frame(fd, &f);
}

/* One round as the daemon's loop: wait for the listener (10 ms at
 * most), read, commit. */
static void pump_once(void)
{
	struct pollfd p[2];
	int fds[2], n = 2;

	xr_fpm_fds(F, fds, &n);
	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	poll(p, (nfds_t)n, 10);
	cr_assert_geq(xr_fpm_poll(F, 0), 0);
	se_commit(&E);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Poll the listener for ms milliseconds (time for what must not
 * happen: a sweep before the settle time). */
static void pump(int ms)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		pump_once();
	while (ms_since(&t0) < ms);
}

/* Poll until counter idx reaches want, and not a round more (a stalled
 * machine does not make it pass the settle time); 5 s at most. */
static void pump_until(int idx, uint64_t want)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (E.ctr[idx] < want && ms_since(&t0) < 5000)
		pump_once();
	cr_assert_geq(E.ctr[idx], want, "counter %d: %llu, not %llu in 5 s", idx,
		      (unsigned long long)E.ctr[idx], (unsigned long long)want);
}
#define PUMP_UNTIL(n, want) pump_until(XR_SYNC_##n, want)

/* Poll until no replay's sweep is due any more (5 s at most). */
static void pump_settled(void)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (xr_fpm_timeout_ms(F) != -1 && ms_since(&t0) < 5000)
		pump_once();
	cr_assert_eq(xr_fpm_timeout_ms(F), -1, "not settled in 5 s");
}

/* Until the peer acknowledged every byte written to fd (they are in the
 * listener's socket), 5 s at most. */
static void flushed(int fd)
{
	int q = 1;

	for (int i = 0; i < 500 && q; i++) {
		cr_assert_eq(ioctl(fd, SIOCOUTQ, &q), 0);
		if (q)
			usleep(10000);
	}
	cr_assert_eq(q, 0, "%d bytes not acknowledged in 5 s", q);
}

/* ---- checks ---- */

/* A route as the frames here make it: metric 20, proto bgp. */
static void expect_gw(const char *pfx, int gw)
{
	se_expect_gw(&E, pfx, gw, 20, RTPROT_BGP);
}

/* ---- tests ---- */

Test(fpm, frames_split_and_joined_update_in_one_frame)
{
	static struct frame f1, f2, f3;
	static uint8_t all[3 * 512];
	size_t n = 0;
	int c;

	frame_begin(&f1);
	route_via(&f1, "203.0.113.0/24", 3);
	frame_begin(&f2);
	route_via(&f2, "198.18.0.0/16", 2);
	/* an update: DELROUTE and NEWROUTE in one frame, as 8.4 sends it */
	frame_begin(&f3);
	route_del(&f3, "203.0.113.0/24");
	route_via(&f3, "203.0.113.0/24", 2);
	memcpy(all + n, f1.b, frame_end(&f1, 1, 1)), n += f1.len;
	memcpy(all + n, f2.b, frame_end(&f2, 1, 1)), n += f2.len;
	memcpy(all + n, f3.b, frame_end(&f3, 1, 1)), n += f3.len;
	c = client();
	/* the first frame byte by byte, polled between the bytes */
	for (size_t i = 0; i < f1.len; i++) {
		put(c, all + i, 1);
		pump(2);
	}
	PUMP_UNTIL(FpmFrames, 1);
	expect_gw("203.0.113.0/24", 3);
	/* the other two and nothing between: one write */
	put(c, all + f1.len, n - f1.len);
	PUMP_UNTIL(FpmFrames, 3);
	expect_gw("198.18.0.0/16", 2);
	expect_gw("203.0.113.0/24", 2);
	se_expect_forwards(&E);
	cr_assert_eq(C(FpmFrames), 3);
	cr_assert_eq(C(FpmConnections), 1);
	cr_assert_eq(C(FpmBadFrames), 0);
	cr_assert_eq(C(BadMsgs), 0);
	close(c);
}

Test(fpm, other_version_or_type_skipped)
{
	static struct frame a, p, z;
	int c = client();

	frame_begin(&a);
	route_via(&a, "198.18.0.0/16", 2);
	put(c, a.b, frame_end(&a, 2, 1));           /* version 2 */
	frame_begin(&p);
	route_via(&p, "198.19.0.0/16", 2);
	put(c, p.b, frame_end(&p, 1, 2));           /* protobuf */
	frame_begin(&z);
	send_frame(c, &z);           /* empty: nothing */
	send_route(c, "203.0.113.0/24", 2);
	PUMP_UNTIL(FpmFrames, 2);
	se_expect_absent(&E, "198.18.0.0/16");
	se_expect_absent(&E, "198.19.0.0/16");
	expect_gw("203.0.113.0/24", 2);
	cr_assert_eq(C(FpmBadFrames), 2);
	cr_assert_eq(C(FpmFrames), 2);
	close(c);
}

Test(fpm, bad_length_closes_connection_routes_stay)
{
	uint8_t bad[8] = { 1, 1, 0, 3, 0, 0, 0, 0 };
	char x;
	int c = client();

	send_route(c, "203.0.113.0/24", 2);
	PUMP_UNTIL(FpmFrames, 1);
	expect_gw("203.0.113.0/24", 2);
	put(c, bad, sizeof(bad));                   /* length 3 < 4 */
	PUMP_UNTIL(FpmBadFrames, 1);
	cr_assert_eq(C(FpmBadFrames), 1);
	cr_assert_eq(read(c, &x, 1), 0, "the connection is still open");
	close(c);
	pump(2 * SETTLE);
	expect_gw("203.0.113.0/24", 2);             /* forwarding goes on */
	se_expect_forwards(&E);
	/* zebra connects again: served */
	c = client();
	send_route(c, "203.0.113.0/24", 4);
	PUMP_UNTIL(FpmFrames, 2);
	expect_gw("203.0.113.0/24", 4);
	cr_assert_eq(C(FpmConnections), 2);
	close(c);
}

Test(fpm, garbage_inside_frames_counted)
{
	static struct frame g;
	int c = client();

	/* a netlink header longer than its frame */
	frame_begin(&g);
	route_via(&g, "198.18.0.0/16", 2);
	((struct nlmsghdr *)(g.b + 4))->nlmsg_len += 64;
	send_frame(c, &g);
	/* bytes that are no message at all */
	frame_begin(&g);
	memset(g.b + 4, 0xa5, 40);
	g.len += 40;
	send_frame(c, &g);
	/* a byte too many: the next frame starts off 4-byte alignment */
	frame_begin(&g);
	route_via(&g, "198.19.0.0/16", 2);
	g.b[g.len++] = 0;
	send_frame(c, &g);
	send_route(c, "203.0.113.0/24", 2);
	PUMP_UNTIL(FpmFrames, 4);
	se_expect_absent(&E, "198.18.0.0/16");
	expect_gw("198.19.0.0/16", 2);
	expect_gw("203.0.113.0/24", 2);
	cr_assert_eq(C(BadMsgs), 3);
	cr_assert_eq(C(FpmFrames), 4);
	close(c);
}

Test(fpm, next_hop_groups_and_multipath)
{
	static struct frame f;
	const uint32_t ids[] = { 1, 2 };
	const int w[] = { 1, 3 }, gw[] = { 2, 4 }, w2[] = { 2, 1 };
	int c = client();

	/* groups on: objects first, then the routes naming them */
	frame_begin(&f);
	nh_single(&f, 1, 2);
	send_frame(c, &f);
	frame_begin(&f);
	nh_single(&f, 2, 4);
	send_frame(c, &f);
	frame_begin(&f);
	nh_group(&f, 3, 2, ids, w);
	send_frame(c, &f);
	frame_begin(&f);
	route_nhid(&f, "198.18.0.0/16", 3);
	send_frame(c, &f);
	frame_begin(&f);
	route_nhid(&f, "203.0.113.0/24", 1);
	send_frame(c, &f);
	/* groups off: RTA_MULTIPATH */
	frame_begin(&f);
	route_mp(&f, "198.19.0.0/16", 2, gw, w2);
	send_frame(c, &f);
	PUMP_UNTIL(FpmFrames, 6);
	se_expect_group(&E, "198.18.0.0/16", 2, gw, w);
	expect_gw("203.0.113.0/24", 2);
	se_expect_group(&E, "198.19.0.0/16", 2, gw, w2);
	se_expect_forwards(&E);
	close(c);
}

/* zebra 8.4 sends its objects in hash order: a group may come before
 * its members (seen: group 16 = 15/17 before 17 and 15). */
Test(fpm, a_group_before_its_members)
{
	static struct frame f;
	const uint32_t ids[] = { 15, 17 };
	const int w[] = { 1, 1 }, gw[] = { 2, 3 };
	int c = client();

	frame_begin(&f);
	nh_group(&f, 16, 2, ids, w);
	send_frame(c, &f);
	frame_begin(&f);
	nh_single(&f, 17, 3);
	send_frame(c, &f);
	frame_begin(&f);
	nh_single(&f, 15, 2);
	send_frame(c, &f);
	frame_begin(&f);
	route_nhid(&f, "198.18.0.0/16", 16);
	send_frame(c, &f);
	PUMP_UNTIL(FpmFrames, 4);
	se_expect_group(&E, "198.18.0.0/16", 2, gw, w);
	close(c);
}

Test(fpm, zebras_delete_carries_no_type)
{
	static struct frame f;
	const uint32_t ids[] = { 1, 2 };
	const int w[] = { 1, 1 };
	int c = client();

	frame_begin(&f);
	nh_single(&f, 1, 2);
	nh_single(&f, 2, 4);
	nh_group(&f, 3, 2, ids, w);
	route_nhid(&f, "198.18.0.0/16", 3);
	route_via(&f, "198.19.0.0/16", 2);
	send_frame(c, &f);
	PUMP_UNTIL(FpmFrames, 1);
	se_expect_gw(&E, "198.19.0.0/16", 2, 20, RTPROT_BGP);
	/* RTM_DELROUTE as zebra sends it: rtm_type 0, no next hop */
	frame_begin(&f);
	route_del(&f, "198.18.0.0/16");
	route_del(&f, "198.19.0.0/16");
	send_frame(c, &f);
	PUMP_UNTIL(FpmFrames, 2);
	se_expect_absent(&E, "198.18.0.0/16");
	se_expect_absent(&E, "198.19.0.0/16");
	cr_assert_eq(C(RoutesIgnored), 0);
	close(c);
}

Test(fpm, reconnect_replay_sweeps_once_settled)
{
	const char *pfx[] = { "198.18.0.0/16", "198.19.0.0/16", "203.0.113.0/24" };
	uint64_t added;
	int c = client();

	for (int i = 0; i < 3; i++) {
		send_route(c, pfx[i], 2);
	}
	PUMP_UNTIL(FpmFrames, 3);
	pump_settled();
	added = C(RoutesAdded);
	close(c);
	pump(50);
	/* the replay names two of the three, unchanged */
	c = client();
	for (int i = 1; i < 3; i++) {
		send_route(c, pfx[i], 2);
	}
	PUMP_UNTIL(FpmFrames, 5);
	expect_gw(pfx[0], 2);                       /* not settled: kept */
	cr_assert_gt(xr_fpm_timeout_ms(F), 0);
	pump_settled();
	se_expect_absent(&E, pfx[0]);
	expect_gw(pfx[1], 2);
	expect_gw(pfx[2], 2);
	se_expect_forwards(&E);
	cr_assert_eq(C(RoutesAdded), added, "the unchanged routes were written again");
	cr_assert_eq(xr_fpm_timeout_ms(F), -1);
	close(c);
}

Test(fpm, a_frame_of_many_messages_in_pieces)
{
	static struct frame f;
	struct xr_route4 rt;
	char pfx[32];
	int c = client(), n = 0;

	frame_begin(&f);
	while (f.len + 128 < 65535) {
		snprintf(pfx, sizeof(pfx), "10.%d.%d.0/24", 100 + n / 256, n % 256);
		route_via(&f, pfx, 2);
		n++;
	}
	frame_end(&f, 1, 1);
	for (size_t off = 0; off < f.len; off += 1000) {
		put(c, f.b + off, f.len - off < 1000 ? f.len - off : 1000);
		pump(1);
	}
	PUMP_UNTIL(FpmFrames, 1);
	for (int i = 0; i < n; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.%d.0/24", 100 + i / 256, i % 256);
		cr_assert_eq(se_route4(&E, pfx, &rt), 0, "%s missing", pfx);
	}
	cr_assert_eq(C(FpmFrames), 1);
	cr_assert_gt(n, 400);
	close(c);
}

Test(fpm, a_new_connection_replaces_the_old)
{
	char x;
	int c1 = client(), c2;

	PUMP_UNTIL(FpmConnections, 1);
	c2 = client();
	PUMP_UNTIL(FpmConnections, 2);
	cr_assert_eq(read(c1, &x, 1), 0, "the old connection is still open");
	send_route(c2, "203.0.113.0/24", 2);
	PUMP_UNTIL(FpmFrames, 1);
	expect_gw("203.0.113.0/24", 2);
	cr_assert_eq(C(FpmConnections), 2);
	close(c1);
	close(c2);
}

/* At most max frames a call (whole frames only): 1 while more waits. */
Test(fpm, poll_bounded_by_max)
{
	char pfx[32];
	int c = client(), r = 1, calls = 0;

	for (int i = 0; i < 10; i++) {
		snprintf(pfx, sizeof(pfx), "10.100.%d.0/24", i);
		send_route(c, pfx, 2);
	}
	flushed(c);
	xr_fpm_poll(F, 1);                          /* the accept, a frame */
	while (r == 1 && calls < 100) {
		uint64_t before = C(FpmFrames);

		r = xr_fpm_poll(F, 3);
		cr_assert_leq(C(FpmFrames) - before, 3);
		calls++;
	}
	cr_assert_eq(r, 0);
	cr_assert_eq(C(FpmFrames), 10);
	cr_assert_geq(calls, 3);
	close(c);
}

Test(fpm, parse_addr)
{
	char a[64];
	uint16_t p = 0;

	cr_assert_eq(xr_fpm_parse_addr("2620", a, sizeof(a), &p), 0);
	cr_assert_str_eq(a, "127.0.0.1");
	cr_assert_eq(p, 2620);
	cr_assert_eq(xr_fpm_parse_addr("10.1.2.3:9", a, sizeof(a), &p), 0);
	cr_assert_str_eq(a, "10.1.2.3");
	cr_assert_eq(p, 9);
	cr_assert_eq(xr_fpm_parse_addr("[::1]:65535", a, sizeof(a), &p), 0);
	cr_assert_str_eq(a, "::1");
	cr_assert_eq(p, 65535);
	const char *bad[] = { "", "0", "65536", "x", "::1:2620", "[::1]", "1.2.3.4:",
			      ":2620", "[1.2.3.4]:1", "1.2.3.400:1", "host:2620",
			      "2620 ", "-1", "[::1]:0" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_fpm_parse_addr(bad[i], a, sizeof(a), &p), -EINVAL,
			     "\"%s\" accepted", bad[i]);
}

Test(fpm, open_errors)
{
	struct xr_fpm *g = (void *)1;

	/* the port is taken (by the suite's listener) */
	cr_assert_eq(xr_fpm_open(&g, E.mi, "127.0.0.1", PORT, 0, NULL), -EADDRINUSE);
	cr_assert_null(g);
	cr_assert_eq(xr_fpm_open(&g, E.mi, "not-an-address", PORT + 1, 0, NULL), -EINVAL);
	cr_assert_eq(xr_fpm_open(&g, E.mi, NULL, 0, 0, NULL), -EINVAL);
	cr_assert_eq(xr_fpm_open(&g, E.mi, "::1", PORT + 1, 0, NULL), 0);
	xr_fpm_close(g);
}
