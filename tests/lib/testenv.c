// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/iface.h"
#include "lib/parse.h"
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"
#include "xdp_router.skel.h"
#include "xdp_router_tc.skel.h"

const uint8_t TE_MAC_IN[6] = { 0x02, 0, 0, 0, 0, 0xa0 };
const uint8_t TE_MAC_OUT[6] = { 0x02, 0, 0, 0, 0, 0xb0 };
const uint8_t TE_MAC_NH[6] = { 0x02, 0, 0, 0, 0, 0xb2 };
const uint8_t TE_MAC_PEER[6] = { 0x02, 0, 0, 0, 0, 0xa2 };

static void die(const char *what)
{
	fprintf(stderr, "testenv: %s: %s\n", what, strerror(errno));
	abort();
}

void te_sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		fprintf(stderr, "testenv: command failed: %s\n", cmd);
		abort();
	}
}

void te_neigh(struct xr_testenv *t, uint32_t ifindex, const char *addr,
	      const uint8_t mac[6], uint16_t state)
{
	struct xr_neigh n = { .state = state };

	memcpy(n.mac, mac, 6);
	if (xr_neigh4_update(&t->m, ifindex, pkt_addr(addr), &n))
		die("neigh update");
}

void te_route(struct xr_testenv *t, const char *prefix, int type,
	      const char *gw, uint32_t ifindex)
{
	struct xr_route4 rt = { .type = (uint8_t)type, .proto = XR_RTPROT_STATIC,
				.ifindex = ifindex };

	if (xr_parse_prefix(prefix, &rt.dst, &rt.plen))
		die("route prefix");
	if (gw && xr_parse_ipv4(gw, &rt.gw))
		die("route gw");
	if (xr_route4_update(&t->m, &rt))
		die("route update");
}

static struct xr_in6 te_addr6(const char *text)
{
	struct xr_in6 a;

	if (pkt_addr6(text, &a))
		die("IPv6 address");
	return a;
}

void te_neigh6(struct xr_testenv *t, uint32_t ifindex, const char *addr,
	       const uint8_t mac[6], uint16_t state)
{
	struct xr_neigh n = { .state = state };
	struct xr_in6 a = te_addr6(addr);

	memcpy(n.mac, mac, 6);
	if (xr_neigh6_update(&t->m, ifindex, &a, &n))
		die("neigh6 update");
}

void te_route6(struct xr_testenv *t, const char *prefix, int type,
	       const char *gw, uint32_t ifindex)
{
	struct xr_route6 rt = { .type = (uint8_t)type, .proto = XR_RTPROT_STATIC,
				.ifindex = ifindex };
	char buf[64], *slash;

	snprintf(buf, sizeof(buf), "%s", prefix);
	slash = strchr(buf, '/');
	if (!slash)
		die("route6 prefix");
	*slash = 0;
	rt.dst = te_addr6(buf);
	rt.plen = (uint8_t)atoi(slash + 1);
	if (gw)
		rt.gw = te_addr6(gw);
	if (xr_route6_update(&t->m, &rt))
		die("route6 update");
}

static void te_local6(struct xr_testenv *t, const char *addr, uint32_t ifindex)
{
	struct xr_in6 a = te_addr6(addr);

	if (xr_fib6_local_add(&t->m, &a, ifindex))
		die("local6 add");
}

void te_config6(struct xr_testenv *t)
{
	te_local6(t, "2001:db8:1::1", t->if_in);
	te_local6(t, "fe80::a0", t->if_in);
	te_local6(t, "2001:db8:2::1", t->if_out);
	te_local6(t, "fe80::b0", t->if_out);
	te_route6(t, "2001:db8:1::/64", XR_RTN_UNICAST, NULL, t->if_in);
	te_route6(t, "2001:db8:2::/64", XR_RTN_UNICAST, NULL, t->if_out);
	te_neigh6(t, t->if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_PERMANENT);
	te_neigh6(t, t->if_out, "fe80::b2", TE_MAC_NH, XR_NUD_PERMANENT);
	te_neigh6(t, t->if_in, "2001:db8:1::2", TE_MAC_PEER, XR_NUD_PERMANENT);
	te_route6(t, "2001:db8:3::/64", XR_RTN_UNICAST, "2001:db8:2::2", t->if_out);
}

void te_setup6(struct xr_testenv *t)
{
	te_setup(t);
	te_config6(t);
}

struct pkt6_spec te_spec6(void)
{
	struct pkt6_spec s = { .saddr = "2001:db8:1::2", .daddr = "2001:db8:3::9",
			       .payload_len = 32 };

	memcpy(s.dmac, TE_MAC_IN, 6);
	memcpy(s.smac, TE_MAC_PEER, 6);
	return s;
}

struct pkt_spec te_spec(void)
{
	struct pkt_spec s = { .saddr = "192.0.2.2", .daddr = "203.0.113.9",
			      .payload_len = 32, .id = 0x1234 };

	memcpy(s.dmac, TE_MAC_IN, 6);
	memcpy(s.smac, TE_MAC_PEER, 6);
	return s;
}

void te_setup_net(void)
{
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET)");
	te_sh("ip link add in0 address 02:00:00:00:00:a0 type veth peer name in1 "
	      "address 02:00:00:00:00:a2");
	te_sh("ip link add out0 address 02:00:00:00:00:b0 type veth peer name out1 "
	      "address 02:00:00:00:00:b2");
	te_sh("ip link add far0 type veth peer name far1");
	te_sh("ip addr add 192.0.2.1/24 dev in0 && ip addr add 198.51.100.1/24 dev out0"
	      " && ip addr add 198.18.50.1/24 dev far0");
	/* no link-local address of the kernel's own: one that appears when
	 * its DAD ends, in the middle of a test, is not the test's */
	te_sh("for d in in0 in1 out0 out1 far0 far1; do "
	      "ip link set $d addrgenmode none && ip link set $d up; done");
}

void te_config(struct xr_testenv *t)
{
	t->if_in = if_nametoindex("in0");
	t->if_out = if_nametoindex("out0");
	t->if_far = if_nametoindex("far0");
	if (xr_maps_from_obj(&t->m, t->obj))
		die("map the FIB");
	if (xr_iface_sync(&t->m, t->if_in, XR_MODE_NATIVE) ||
	    xr_iface_sync(&t->m, t->if_out, XR_MODE_NATIVE))
		die("iface sync");
	te_neigh(t, t->if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_PERMANENT);
	te_neigh(t, t->if_in, "192.0.2.2", TE_MAC_PEER, XR_NUD_PERMANENT);
	te_route(t, "203.0.113.0/24", XR_RTN_UNICAST, "198.51.100.2", t->if_out);
}

/* The tc entry's object, on the maps of the XDP one (as pins do). */
static void te_load_tc(struct xr_testenv *t)
{
	struct xdp_router_tc_bpf *tc = xdp_router_tc_bpf__open();
	struct bpf_map *map, *same;

	if (!tc)
		die("open the tc entry");
	bpf_object__for_each_map(map, tc->obj) {
		same = bpf_object__find_map_by_name(t->obj, bpf_map__name(map));
		if (same && bpf_map__reuse_fd(map, bpf_map__fd(same)))
			die("share the maps with the tc entry");
	}
	if (xdp_router_tc_bpf__load(tc))
		die("load the tc entry");
	t->tc_skel = tc;
	t->tc_prog_fd = bpf_program__fd(tc->progs.xdp_router_tc);
}

void te_setup(struct xr_testenv *t)
{
	struct xdp_router_bpf *skel;

	memset(t, 0, sizeof(*t));
	te_setup_net();
	skel = xdp_router_bpf__open_and_load();
	if (!skel)
		die("load the fast path");
	t->skel = skel;
	t->obj = skel->obj;
	t->prog_fd = bpf_program__fd(skel->progs.xdp_router);
	te_load_tc(t);
	te_config(t);
}

void te_teardown(struct xr_testenv *t)
{
	xr_maps_close_fib(&t->m);
	if (t->tc_skel)
		xdp_router_tc_bpf__destroy(t->tc_skel);
	t->tc_skel = NULL;
	if (t->skel)
		xdp_router_bpf__destroy(t->skel);
	t->skel = NULL;
}

/* The tc entry, run as BPF_PROG_TEST_RUN runs sched_cls programs (the
 * frame from its MAC header on, as clsact ingress sees it); its verdict
 * in XDP's words, so every case reads the same for both hooks. */
int te_run_tc(struct xr_testenv *t, uint32_t ifindex, const void *in,
		     size_t in_len, void *out, size_t *out_len)
{
	return te_run_tc_gso(t, ifindex, 0, in, in_len, out, out_len);
}

int te_run_tc_gso(struct xr_testenv *t, uint32_t ifindex, uint32_t gso_size,
		  const void *in, size_t in_len, void *out, size_t *out_len)
{
	struct __sk_buff ctx = { .ifindex = ifindex, .gso_size = gso_size,
				 .gso_segs = gso_size ? 2 : 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = in, .data_size_in = (uint32_t)in_len,
		.data_out = out, .data_size_out = (uint32_t)*out_len,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.repeat = 1);

	if (bpf_prog_test_run_opts(t->tc_prog_fd, &opts) < 0)
		die("BPF_PROG_TEST_RUN (tc)");
	*out_len = opts.data_size_out;
	switch (opts.retval) {
	case 0:  return XDP_PASS;       /* TC_ACT_OK */
	case 2:  return XDP_DROP;       /* TC_ACT_SHOT */
	case 7:  return XDP_REDIRECT;   /* TC_ACT_REDIRECT */
	default: return -100 - (int)opts.retval;
	}
}

static int te_run_xdp(struct xr_testenv *t, uint32_t ifindex, const void *in,
		      size_t in_len, void *out, size_t *out_len)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in_len,
			      .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = in, .data_size_in = (uint32_t)in_len,
		.data_out = out, .data_size_out = (uint32_t)*out_len,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.repeat = 1);

	if (bpf_prog_test_run_opts(t->prog_fd, &opts) < 0)
		die("BPF_PROG_TEST_RUN");
	*out_len = opts.data_size_out;
	return (int)opts.retval;
}

int te_run(struct xr_testenv *t, uint32_t ifindex, const void *in,
	   size_t in_len, void *out, size_t *out_len)
{
	return TE_HOOK_TC ? te_run_tc(t, ifindex, in, in_len, out, out_len)
			  : te_run_xdp(t, ifindex, in, in_len, out, out_len);
}

int te_run_meta(struct xr_testenv *t, uint32_t ifindex, const void *in,
		size_t in_len, void *out, size_t *out_len, uint32_t *meta_len)
{
	return te_run_meta_in(t, ifindex, 0, in, in_len, out, out_len, meta_len);
}

int te_run_meta_in(struct xr_testenv *t, uint32_t ifindex, uint32_t meta_in,
		   const void *in, size_t in_len, void *out, size_t *out_len,
		   uint32_t *meta_len)
{
	struct xdp_md ctx = { .data = meta_in, .data_end = (uint32_t)in_len,
			      .ingress_ifindex = ifindex }, ctx_out = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = in, .data_size_in = (uint32_t)in_len,
		.data_out = out, .data_size_out = (uint32_t)*out_len,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out),
		.repeat = 1);

	if (bpf_prog_test_run_opts(t->prog_fd, &opts) < 0)
		die("BPF_PROG_TEST_RUN");
	*out_len = opts.data_size_out;
	*meta_len = ctx_out.data - ctx_out.data_meta;
	return (int)opts.retval;
}

void te_if_flags(struct xr_testenv *t, uint32_t ifindex, uint16_t set,
		 uint16_t clear)
{
	if (xr_iface_set_flags(&t->m, ifindex, set, clear))
		die("xr_ifaces flags");
}

int te_run_repeat(int prog_fd, uint32_t ifindex, const void *in,
		  size_t in_len, uint32_t repeat, uint32_t *ns)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in_len,
			      .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = in, .data_size_in = (uint32_t)in_len,
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.repeat = repeat);

	if (bpf_prog_test_run_opts(prog_fd, &opts) < 0)
		return -errno;
	*ns = opts.duration;
	return (int)opts.retval;
}

uint64_t te_counter(struct xr_testenv *t, uint32_t idx)
{
	uint64_t v[XR_CNT_MAX];

	if (xr_counters_read(&t->m, v))
		die("counters");
	return v[idx];
}
