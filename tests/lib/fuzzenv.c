// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzers' namespace: testenv's (in0, out0, far0 not attached) plus
 * mid0 (MTU 1280, redirects off), a second address on in0, static routes
 * via gateways on every link (hairpins on in0, whose redirects are on),
 * routes covering the martian ranges, blackhole/unreachable/prohibit
 * routes, a route out of a link that is not attached, a gateway with no
 * neighbour, neighbours in every NUD state, a handler that hands frames
 * back (GRE to the router, ethertype 0x88b5), and the slow path's socket
 * published on in0 (its punts carry metadata). All through the library
 * the CLI uses; fz_cfg says what was made, for the generator and checks.
 */
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include "lib/iface.h"
#include "lib/parse.h"
#include "lib/proto.h"
#include "lib/tables.h"
#include "fuzz.h"
#include "fuzzenv.h"
#include "pkt.h"

static void add_link(struct fz_cfg *c, uint32_t ifindex, const uint8_t *mac,
		     int attached)
{
	struct fz_link *l = &c->link[c->n_link++];

	l->ifindex = ifindex;
	memcpy(l->mac, mac, 6);
	l->attached = attached;
	l->mtu = 1500;
}

/* The MTUs the library read from the attached links. */
static void add_mtus(struct xr_testenv *t, struct fz_cfg *c)
{
	struct xr_iface v;
	size_t i;

	for (i = 0; i < c->n_link; i++)
		if (c->link[i].attached) {
			if (xr_iface_get(&t->m, c->link[i].ifindex, &v))
				abort();
			c->link[i].mtu = v.mtu;
		}
}

static void add_pfx(struct fz_cfg *c, const char *prefix)
{
	struct fz_pfx *p = &c->pfx[c->n_pfx++];

	if (xr_parse_prefix(prefix, &p->net, &p->plen))
		abort();
}

/* A neighbour; only those in a valid NUD state may be sent to, the
 * others' addresses are only drawn from. */
static void add_nbr(struct xr_testenv *t, struct fz_cfg *c, uint32_t ifindex,
		    const char *addr, const uint8_t mac[6], uint16_t state)
{
	struct fz_nbr *n = &c->nbr[c->n_nbr];
	char host[32];

	te_neigh(t, ifindex, addr, mac, state);
	snprintf(host, sizeof(host), "%s/32", addr);
	add_pfx(c, host);
	if (!(state & XR_NUD_VALID))
		return;
	n->ifindex = ifindex;
	n->addr = pkt_addr(addr);
	memcpy(n->mac, mac, 6);
	c->n_nbr++;
}

static void route(struct xr_testenv *t, struct fz_cfg *c, const char *prefix,
		  int type, const char *gw, uint32_t ifindex)
{
	te_route(t, prefix, type, gw, ifindex);
	add_pfx(c, prefix);
}

/* The router's addresses and directed broadcasts, as the library made
 * them from the attached links. */
static void add_addrs(struct xr_testenv *t, struct fz_cfg *c)
{
	struct xr_addr4_entry *a = NULL;
	size_t n = 0, i;

	if (xr_addrs4_dump(&t->m, &a, &n))
		abort();
	for (i = 0; i < n && i < FZ_MAX; i++) {
		if (a[i].val.type == XR_ADDR_LOCAL)
			c->local[c->n_local++] = a[i].addr;
		else
			c->bcast[c->n_bcast++] = a[i].addr;
	}
	free(a);
}

static void setup_links(struct xr_testenv *t, struct fz_cfg *c, uint32_t *mid)
{
	static const uint8_t mac_mid[6] = { 0x02, 0, 0, 0, 0, 0xc0 };
	uint8_t far[6] = { 0x02, 0, 0, 0, 0, 0xf0 };

	te_sh("ip link add mid0 address 02:00:00:00:00:c0 mtu 1280 type veth "
	      "peer name mid1 && ip link set dev far0 address 02:00:00:00:00:f0");
	te_sh("ip addr add 172.16.5.1/24 dev mid0 && ip addr add 10.1.0.1/16 dev in0"
	      " && ip link set mid0 up && ip link set mid1 up");
	*mid = if_nametoindex("mid0");
	if (xr_iface_sync(&t->m, t->if_in, XR_MODE_NATIVE) ||
	    xr_iface_sync(&t->m, *mid, XR_MODE_NATIVE))
		abort();
	te_if_flags(t, *mid, XR_IF_NO_REDIRECTS, 0);
	add_link(c, t->if_in, TE_MAC_IN, 1);
	add_link(c, t->if_out, TE_MAC_OUT, 1);
	add_link(c, *mid, mac_mid, 1);
	add_link(c, t->if_far, far, 0);
	add_mtus(t, c);
	add_pfx(c, "192.0.2.0/24");
	add_pfx(c, "10.1.0.0/16");
	add_pfx(c, "198.51.100.0/24");
	add_pfx(c, "172.16.5.0/24");
	add_pfx(c, "198.18.50.0/24");
	add_addrs(t, c);
}

static void setup_neighs(struct xr_testenv *t, struct fz_cfg *c, uint32_t mid)
{
	static const uint8_t m1[6] = { 2, 0, 0, 0, 1, 1 }, m2[6] = { 2, 0, 0, 0, 1, 2 },
		m3[6] = { 2, 0, 0, 0, 1, 3 }, m4[6] = { 2, 0, 0, 0, 1, 4 },
		m5[6] = { 2, 0, 0, 0, 1, 5 }, m6[6] = { 2, 0, 0, 0, 1, 6 };

	add_nbr(t, c, t->if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_PERMANENT);
	add_nbr(t, c, t->if_in, "192.0.2.2", TE_MAC_PEER, XR_NUD_PERMANENT);
	add_nbr(t, c, t->if_out, "198.51.100.3", m1, XR_NUD_REACHABLE);
	add_nbr(t, c, mid, "172.16.5.2", m2, XR_NUD_REACHABLE);
	add_nbr(t, c, mid, "172.16.5.3", m3, XR_NUD_STALE);
	add_nbr(t, c, mid, "172.16.5.4", m4, XR_NUD_INCOMPLETE);
	add_nbr(t, c, mid, "172.16.5.5", m5, XR_NUD_FAILED);
	add_nbr(t, c, t->if_in, "10.1.0.9", m6, XR_NUD_DELAY);
	add_nbr(t, c, t->if_far, "198.18.50.2", m1, XR_NUD_PERMANENT);
}

static void setup_routes(struct xr_testenv *t, struct fz_cfg *c, uint32_t mid)
{
	add_pfx(c, "203.0.113.0/24");       /* testenv's, via 198.51.100.2 */
	/* what covers the martian ranges: only the checks keep them */
	route(t, c, "0.0.0.0/4", XR_RTN_UNICAST, "198.51.100.2", t->if_out);
	route(t, c, "64.0.0.0/2", XR_RTN_UNICAST, "198.51.100.3", t->if_out);
	route(t, c, "192.0.0.0/2", XR_RTN_UNICAST, "172.16.5.2", mid);
	route(t, c, "128.0.0.0/2", XR_RTN_UNICAST, "172.16.5.3", mid);
	route(t, c, "100.64.0.0/16", XR_RTN_UNICAST, "172.16.5.2", mid);
	route(t, c, "100.65.0.0/16", XR_RTN_UNICAST, "172.16.5.9", mid);
	route(t, c, "100.66.0.0/16", XR_RTN_UNICAST, "10.1.0.9", t->if_in);
	route(t, c, "100.67.0.0/16", XR_RTN_UNICAST, "192.0.2.2", t->if_in);
	route(t, c, "100.68.0.0/16", XR_RTN_UNICAST, "198.18.50.2", t->if_far);
	route(t, c, "100.69.0.0/16", XR_RTN_BLACKHOLE, NULL, 0);
	route(t, c, "100.70.0.0/16", XR_RTN_UNREACHABLE, NULL, 0);
	route(t, c, "100.71.0.0/16", XR_RTN_PROHIBIT, NULL, 0);
	route(t, c, "100.72.0.0/16", XR_RTN_UNICAST, "172.16.5.4", mid);
	route(t, c, "100.72.1.0/24", XR_RTN_UNICAST, "198.51.100.2", t->if_out);
	route(t, c, "100.72.1.128/25", XR_RTN_BLACKHOLE, NULL, 0);
}

/* A handler for GRE datagrams to the router and for ethertype 0x88b5,
 * which hands every frame back to the router (tail call there and back). */
static void setup_handlers(struct xr_testenv *t)
{
	struct xr_proto_req ip = { .kind = XR_PROTO_IP, .key = 47,
				   .obj = FZ_HANDLER_OBJ, .prog = "meta_forward" };
	struct xr_proto_req eth = { .kind = XR_PROTO_ETH, .key = 0x88b5,
				    .obj = FZ_HANDLER_OBJ, .prog = "meta_forward" };

	if (xr_proto_add(&t->m, NULL, &ip) || xr_proto_add(&t->m, NULL, &eth))
		abort();
}

void fz_setup(struct xr_testenv *t, struct fz_cfg *c)
{
	struct xr_xsk_port port = { .base = 0, .queues = 1 };
	uint32_t mid;

	memset(c, 0, sizeof(*c));
	te_setup(t);
	setup_links(t, c, &mid);
	setup_neighs(t, c, mid);
	setup_routes(t, c, mid);
	setup_handlers(t);
	if (bpf_map_update_elem(t->m.xsk_ports, &t->if_in, &port, BPF_ANY))
		abort();
}
