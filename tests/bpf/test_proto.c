// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol handlers through the router's real XDP program: registered
 * with the same library `proto add` uses, reached by tail call in
 * BPF_PROG_TEST_RUN, checked on the bytes they give back (and on the
 * metadata a handler receives, which a handler that returns XDP_PASS
 * leaves in front of the frame).
 */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/proto.h"
#include "lib/tables.h"
#include "xdp_router/abi.h"
#include "pkt.h"
#include "testenv.h"
#include "expect.h"

#define VRR_OBJ   "build/handlers/vrr.bpf.o"
#define PROBE_OBJ "build/handlers/ipprobe.bpf.o"
#define META_OBJ  "build/tests/handlers/meta_pass.bpf.o"
#define IFACES_OBJ "build/tests/handlers/ifaces_rw.bpf.o"

static struct xr_testenv T;
static uint8_t in[2048], out[2048];

static void setup(void) { te_setup(&T); }
static void teardown(void) { te_teardown(&T); }

TestSuite(proto, .init = setup, .fini = teardown);

/* Runs in[0..il) through the router; out gets the frame, without the
 * handler's metadata a transmitting handler leaves in front (the wire
 * never sees it; BPF_PROG_TEST_RUN returns it). */
static uint32_t last_ml;    /* the metadata run_h took off */

static int run_h(size_t il, size_t *ol)
{
	size_t n = sizeof(out);
	int act = te_run_meta(&T, T.if_in, in, il, out, &n, &last_ml);

	memmove(out, out + last_ml, n - last_ml);
	*ol = n - last_ml;
	return act;
}

/* Runs in[0..il) arriving with 24 bytes of metadata a previous hop left
 * in front (as over veth); returns the metadata length after. */
static int run_with_old_meta(size_t il, uint32_t *ml)
{
	static uint8_t buf[2048];
	size_t ol = sizeof(out);

	memset(buf, 0xee, 24);
	memcpy(buf + 24, in, il);
	return te_run_meta_in(&T, T.if_in, 24, buf, 24 + il, out, &ol, ml);
}

static void bind_port(uint32_t base, uint32_t queues)
{
	struct xr_xsk_port p = { .base = base, .queues = queues };

	cr_assert_eq(bpf_map_update_elem(T.m.xsk_ports, &T.if_in, &p, 0), 0);
}

static void reg(int kind, uint16_t key, const char *obj, const char *prog)
{
	struct xr_proto_req r = { .kind = kind, .key = key, .obj = obj,
				  .prog = prog };

	cr_assert_eq(xr_proto_add(&T.m, NULL, &r), 0, "register %s", obj);
}

/* A map of the handler in kind/key's slot, found through its program. */
static int handler_map(int kind, uint16_t key, const char *name)
{
	__u32 slot = (__u32)xr_proto_slot(&T.m, kind, key, NULL), ids[16];
	struct bpf_prog_info pi = { 0 };
	struct xr_proto_info info;
	__u32 len = sizeof(pi), i;
	int pfd, fd = -1;

	cr_assert(slot > 0);
	cr_assert_eq(bpf_map_lookup_elem(T.m.proto_info, &slot, &info), 0);
	pfd = bpf_prog_get_fd_by_id(info.prog_id);
	cr_assert(pfd >= 0);
	pi.nr_map_ids = 16;
	pi.map_ids = (__u64)(unsigned long)ids;
	cr_assert_eq(bpf_obj_get_info_by_fd(pfd, &pi, &len), 0);
	for (i = 0; i < pi.nr_map_ids && fd < 0; i++) {
		struct bpf_map_info mi = { 0 };
		__u32 ml = sizeof(mi);
		int f = bpf_map_get_fd_by_id(ids[i]);

		if (f >= 0 && !bpf_obj_get_info_by_fd(f, &mi, &ml) &&
		    !strcmp(mi.name, name))
			fd = f;
		else if (f >= 0)
			close(f);
	}
	close(pfd);
	cr_assert(fd >= 0, "no map %s", name);
	return fd;
}

static uint64_t percpu_sum(int fd, __u32 key)
{
	uint64_t v[256] = { 0 }, s = 0;
	int i, n = libbpf_num_possible_cpus();

	cr_assert_eq(bpf_map_lookup_elem(fd, &key, v), 0);
	for (i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* ---- VRR, ethertype 0x88b5 -------------------------------------- */
enum { VRR_RX, VRR_FORWARDED, VRR_LOCAL, VRR_BAD_HEADER, VRR_NO_ROUTE,
       VRR_NOT_OURS };

static size_t vrr_frame(uint8_t *b, const uint8_t dmac[6], uint8_t version,
			uint8_t type, uint32_t src, uint32_t dst, uint16_t len)
{
	size_t i;

	memcpy(b, dmac, 6);
	memcpy(b + 6, TE_MAC_PEER, 6);
	b[12] = 0x88; b[13] = 0xb5;
	b[14] = version; b[15] = type;
	b[16] = 0x08; b[17] = 0x00;               /* protocol */
	b[18] = len >> 8; b[19] = len & 0xff;    /* data_len */
	b[20] = 0; b[21] = 0;
	*(uint32_t *)(b + 22) = htonl(src);
	*(uint32_t *)(b + 26) = htonl(dst);
	for (i = 0; i < len; i++)
		b[30 + i] = (uint8_t)(i * 7 + 1);
	return 30 + len;
}

static void vrr_setup(void)
{
	struct { __u32 ifindex; __u8 mac[6]; __u16 pad; } rt = { .ifindex = T.if_out };
	__u32 zero = 0, self = 7, dest = 42;
	int fd;

	reg(XR_PROTO_ETH, 0x88b5, VRR_OBJ, NULL);
	memcpy(rt.mac, TE_MAC_NH, 6);
	fd = handler_map(XR_PROTO_ETH, 0x88b5, "vrr_routes");
	cr_assert_eq(bpf_map_update_elem(fd, &dest, &rt, 0), 0);
	close(fd);
	fd = handler_map(XR_PROTO_ETH, 0x88b5, "vrr_self");
	cr_assert_eq(bpf_map_update_elem(fd, &zero, &self, 0), 0);
	close(fd);
}

static uint64_t vrr_stat(__u32 k)
{
	int fd = handler_map(XR_PROTO_ETH, 0x88b5, "vrr_stats");
	uint64_t v = percpu_sum(fd, k);

	close(fd);
	return v;
}

Test(proto, vrr_data_forwarded_by_destination_id)
{
	size_t il, ol = sizeof(out);
	uint64_t d0 = te_counter(&T, CNT_OTHER(ProtoDispatched));
	int act;

	vrr_setup();
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 42, 40);
	act = run_h(il, &ol);
	cr_assert_eq(act, XDP_REDIRECT, "verdict %d", act);
	cr_assert_eq(last_ml, 0, "the handler's metadata does not leave with it");
	cr_assert_eq(ol, il);
	cr_assert_arr_eq(out, TE_MAC_NH, 6, "dst MAC is the route's");
	cr_assert_arr_eq(out + 6, TE_MAC_OUT, 6, "src MAC is out0's");
	cr_assert_arr_eq(out + 12, in + 12, il - 12, "header and data as sent");
	cr_assert_eq(vrr_stat(VRR_FORWARDED), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), d0 + 1);
	cr_assert_eq(te_counter(&T, CNT_MIB(InReceives)), 0, "not IPv4");
}

Test(proto, vrr_broadcast_data_is_routed_too)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t il, ol = sizeof(out);

	vrr_setup();
	il = vrr_frame(in, bcast, 1, 0, 5, 42, 8);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	cr_assert_arr_eq(out, TE_MAC_NH, 6);
}

Test(proto, vrr_bad_header_dropped)
{
	size_t il, ol = sizeof(out);

	vrr_setup();
	il = vrr_frame(in, TE_MAC_IN, 2, 0, 5, 42, 8);      /* version 2 */
	cr_assert_eq(run_h(il, &ol), XDP_DROP);
	il = vrr_frame(in, TE_MAC_IN, 1, 9, 5, 42, 8);      /* no such type */
	ol = sizeof(out);
	cr_assert_eq(run_h(il, &ol), XDP_DROP);
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 42, 8);
	in[19] = 200;                                       /* data_len > frame */
	ol = sizeof(out);
	cr_assert_eq(run_h(il, &ol), XDP_DROP);
	ol = sizeof(out);
	cr_assert_eq(run_h(20, &ol), XDP_DROP, "runt");
	cr_assert_eq(vrr_stat(VRR_BAD_HEADER), 4);
	cr_assert_eq(vrr_stat(VRR_FORWARDED), 0);
}

Test(proto, vrr_unknown_destination_dropped)
{
	size_t il, ol = sizeof(out);

	vrr_setup();
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 43, 8);
	cr_assert_eq(run_h(il, &ol), XDP_DROP);
	cr_assert_eq(vrr_stat(VRR_NO_ROUTE), 1);
}

/* Control frames and data for this node go to the kernel, with the
 * handler's metadata in front (what it received). */
Test(proto, vrr_own_id_and_control_to_kernel_with_metadata)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct xr_handler_meta m;
	size_t il, ol = sizeof(out);
	uint32_t ml;

	vrr_setup();
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 7, 8);       /* data for us */
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m));
	cr_assert_arr_eq(out + ml, in, il, "frame untouched");
	il = vrr_frame(in, bcast, 1, 1, 5, 0, 8);           /* a hello */
	ol = sizeof(out);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m));
	memcpy(&m, out, sizeof(m));
	cr_assert_eq(m.magic, XR_HANDLER_MAGIC);
	cr_assert_eq(m.kind, XR_PROTO_ETH);
	cr_assert_eq(m.key, 0x88b5);
	cr_assert_eq(m.pkt_type, 1, "PACKET_BROADCAST");
	cr_assert_eq(m.l3_off, 14);
	cr_assert_eq(m.l4_off, 0);
	cr_assert_eq(m.ifindex, T.if_in);
	cr_assert_eq(m.slot, xr_proto_slot(&T.m, XR_PROTO_ETH, 0x88b5, NULL));
	cr_assert_eq(vrr_stat(VRR_LOCAL), 2);
}

Test(proto, other_host_frame_reaches_handler_as_otherhost)
{
	static const uint8_t other[6] = { 0x02, 9, 9, 9, 9, 9 };
	size_t il, ol = sizeof(out);

	vrr_setup();
	il = vrr_frame(in, other, 1, 0, 5, 42, 8);
	cr_assert_eq(run_h(il, &ol), XDP_PASS);
	cr_assert_eq(vrr_stat(VRR_NOT_OURS), 1);
}

/* Unregistered, the ethertype is the kernel's again, and the frame
 * carries no metadata. */
Test(proto, unregistered_ethertype_goes_to_kernel)
{
	size_t il, ol = sizeof(out);
	uint32_t ml;

	vrr_setup();
	cr_assert_eq(xr_proto_del(&T.m, NULL, XR_PROTO_ETH, 0x88b5), 0);
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 42, 8);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0);
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_OTHER(PassNotIp)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
}

/* ---- probe, IP protocol 253 -------------------------------------- */
enum { PROBE_REQUESTS, PROBE_REPLIES, PROBE_TRANSIT, PROBE_DENIED };

static uint64_t probe_stat(__u32 k)
{
	int fd = handler_map(XR_PROTO_IP, 253, "probe_stats");
	uint64_t v = percpu_sum(fd, k);

	close(fd);
	return v;
}

static size_t probe_frame(uint8_t *b, const char *dst, uint8_t ttl)
{
	struct pkt_spec s = te_spec();
	size_t n;

	s.proto = 253;
	s.daddr = dst;
	s.ttl = ttl;
	s.payload_len = 20;
	n = pkt_build(b, &s);
	b[34] = 1; b[35] = 0; b[36] = 0; b[37] = 0;          /* request */
	*(uint32_t *)(b + 38) = htonl(0xabcd);
	*(uint32_t *)(b + 42) = htonl(3);
	*(uint16_t *)(b + 36) = htons(pkt_csum(b + 34, 12));
	return n;
}

Test(proto, probe_to_router_answered_in_xdp)
{
	size_t il, ol = sizeof(out);
	int act;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	il = probe_frame(in, "192.0.2.1", 9);
	act = run_h(il, &ol);
	cr_assert_eq(act, XDP_REDIRECT, "verdict %d (out of in0's port)", act);
	cr_assert_eq(ol, il);
	cr_assert_arr_eq(out, TE_MAC_PEER, 6, "back to the sender's MAC");
	cr_assert_arr_eq(out + 6, TE_MAC_IN, 6);
	cr_assert_arr_eq(out + 26, in + 30, 4, "source: the address asked");
	cr_assert_arr_eq(out + 30, in + 26, 4, "destination: the sender");
	cr_assert_eq(out[IP_OFF_TTL], 64);
	expect_ip_csum(out);
	cr_assert_eq(out[34], 2, "a reply");
	cr_assert_eq(pkt_csum(out + 34, 12), 0, "probe checksum");
	cr_assert_arr_eq(out + 38, in + 38, il - 38, "id, seq, payload");
	cr_assert_eq(te_counter(&T, CNT_MIB(InDelivers)), 1);
}

/* Transit, the handler hands the datagram back: the router forwards it
 * as it would without a handler, counted once. */
Test(proto, probe_transit_handed_back_is_forwarded)
{
	size_t il, ol = sizeof(out);
	int act;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	il = probe_frame(in, "203.0.113.9", 9);
	act = run_h(il, &ol);
	cr_assert_eq(act, XDP_REDIRECT, "verdict %d", act);
	cr_assert_eq(ol, il);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_MIB(InReceives)), 1, "counted once");
	cr_assert_eq(te_counter(&T, CNT_MIB(ForwDatagrams)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoMissing)), 0);
	cr_assert_eq(probe_stat(PROBE_TRANSIT), 1, "the handler saw it");
}

Test(proto, probe_transit_denied_source_dropped)
{
	size_t il, ol = sizeof(out);
	__be32 src = pkt_addr("192.0.2.2");
	__u8 one = 1;
	int fd;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	fd = handler_map(XR_PROTO_IP, 253, "probe_deny");
	cr_assert_eq(bpf_map_update_elem(fd, &src, &one, 0), 0);
	close(fd);
	il = probe_frame(in, "203.0.113.9", 9);
	cr_assert_eq(run_h(il, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB(ForwDatagrams)), 0);
}

/* Handed back with TTL 1: the router's own exception, with no handler
 * metadata left in front for the kernel. */
Test(proto, handed_back_exception_carries_no_handler_metadata)
{
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	il = probe_frame(in, "203.0.113.9", 1);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0);
	cr_assert_arr_eq(out, in, il, "as it arrived");
	cr_assert_eq(te_counter(&T, CNT_REASON(TtlExceeded)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoMissing)), 0);
	cr_assert_eq(probe_stat(PROBE_TRANSIT), 1, "the handler saw it");
}

/* ... and with the daemon's socket slot published, the punt carries its
 * own 28-byte header, right before the frame. */
Test(proto, handed_back_punt_carries_exactly_the_punt_metadata)
{
	struct xr_punt_meta pm;
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	bind_port(7, 1);
	il = probe_frame(in, "203.0.113.9", 1);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(pm));
	memcpy(&pm, out, sizeof(pm));
	cr_assert_eq(pm.magic, XR_PUNT_MAGIC);
	cr_assert_eq(pm.reason, XR_REASON_TtlExceeded);
	cr_assert_eq(pm.ifindex, T.if_in);
	cr_assert_arr_eq(out + ml, in, il);
	cr_assert_eq(probe_stat(PROBE_TRANSIT), 1);
}

/* Metadata a previous hop left in front of the frame (over veth) is
 * replaced, not stacked: a handler gets exactly its 24 bytes, a punt
 * exactly its 28. */
Test(proto, metadata_from_a_previous_hop_is_replaced)
{
	struct xr_handler_meta hm;
	struct xr_punt_meta pm;
	size_t il;
	uint32_t ml;

	reg(XR_PROTO_IP, 253, META_OBJ, "meta_pass");
	il = probe_frame(in, "192.0.2.1", 9);
	cr_assert_eq(run_with_old_meta(il, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(hm));
	memcpy(&hm, out, sizeof(hm));
	cr_assert_eq(hm.magic, XR_HANDLER_MAGIC);
	cr_assert_eq(hm.key, 253);
	cr_assert_arr_eq(out + ml, in, il);
	bind_port(7, 1);
	il = probe_frame(in, "203.0.113.9", 1);
	cr_assert_eq(run_with_old_meta(il, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(pm));
	memcpy(&pm, out, sizeof(pm));
	cr_assert_eq(pm.magic, XR_PUNT_MAGIC);
	cr_assert_eq(pm.reason, XR_REASON_TtlExceeded);
}

/* A fragment for the router is the kernel's to reassemble: its handler
 * never sees one (ip_local_deliver defragments before inet_protos). */
Test(proto, local_fragments_go_to_kernel_not_handler)
{
	size_t il, ol = sizeof(out);
	uint32_t ml;
	int off, act;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	for (off = 0; off < 2; off++) {
		il = probe_frame(in, "192.0.2.1", 9);
		in[IP_OFF + 6] = off ? 0x00 : 0x20;      /* MF, offset 0 */
		in[IP_OFF + 7] = off ? 0x01 : 0x00;      /* offset 8 */
		in[IP_OFF_CSUM] = in[IP_OFF_CSUM + 1] = 0;
		*(uint16_t *)(in + IP_OFF_CSUM) = htons(pkt_csum(in + IP_OFF, 20));
		ol = sizeof(out);
		act = te_run_meta(&T, T.if_in, in, il, out, &ol, &ml);
		cr_assert_eq(act, XDP_PASS, "verdict %d, csum errors %lu", act,
			     (unsigned long)te_counter(&T, CNT_MIB(InCsumErrors)));
		cr_assert_eq(ml, 0);
		cr_assert_arr_eq(out, in, il);
	}
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
	cr_assert_eq(probe_stat(PROBE_REQUESTS), 0);
	cr_assert_eq(te_counter(&T, CNT_MIB(InDelivers)), 2);
}

/* A transit datagram of a protocol whose handler did not ask for
 * transit is forwarded without it; local ones reach it. */
Test(proto, no_transit_unless_asked)
{
	struct xr_handler_meta m;
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_IP, 253, META_OBJ, "meta_pass");
	il = probe_frame(in, "203.0.113.9", 9);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
	il = probe_frame(in, "198.51.100.1", 9);   /* out0's address */
	ol = sizeof(out);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m));
	memcpy(&m, out, sizeof(m));
	cr_assert_eq(m.kind, XR_PROTO_IP);
	cr_assert_eq(m.key, 253);
	cr_assert_eq(m.local, 1);
	cr_assert_eq(m.pkt_type, 0);
	cr_assert_eq(m.l4_off, 34);
	cr_assert_eq(m.out_ifindex, 0);
	cr_assert_arr_eq(out + ml, in, il, "frame untouched");
}

/* What a transit handler receives: the route's egress and next hop. */
Test(proto, transit_metadata_names_the_route)
{
	struct xr_handler_meta m;
	size_t il, ol = sizeof(out);
	uint32_t ml;
	uint16_t fl = 0;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);   /* for its transit flag */
	cr_assert(xr_proto_slot(&T.m, XR_PROTO_IP, 253, &fl));
	cr_assert_eq(fl, XR_PROTO_F_TRANSIT, "read from the object");
	cr_assert_eq(xr_proto_del(&T.m, NULL, XR_PROTO_IP, 253), 0);
	reg(XR_PROTO_IP, 253, META_OBJ, "meta_pass");
	/* meta_pass does not ask for transit: ask on its behalf */
	{
		__u32 k = 253;
		struct xr_proto_ent e;

		cr_assert_eq(bpf_map_lookup_elem(T.m.proto_ip, &k, &e), 0);
		e.flags = XR_PROTO_F_TRANSIT;
		cr_assert_eq(bpf_map_update_elem(T.m.proto_ip, &k, &e, 0), 0);
	}
	il = probe_frame(in, "203.0.113.9", 9);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m));
	memcpy(&m, out, sizeof(m));
	cr_assert_eq(m.local, 0);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.nexthop, pkt_addr("198.51.100.2"));
	cr_assert_eq(m.ifindex, T.if_in);
	cr_assert_arr_eq(out + ml, in, il, "TTL not taken yet");
}

/* Other protocols do not notice a handler: UDP is forwarded (bytes) and
 * local UDP goes to the kernel without metadata. */
Test(proto, other_protocols_unaffected)
{
	struct pkt_spec s = te_spec();
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	vrr_setup();
	il = pkt_build(in, &s);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	s.daddr = "192.0.2.1";
	il = pkt_build(in, &s);
	ol = sizeof(out);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
}

/* A slot emptied under a live dispatch entry (the window `proto del`
 * closes with its wait): the packet goes where it would with no
 * handler, counted. */
Test(proto, empty_slot_falls_back)
{
	__u32 slot;
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	slot = (__u32)xr_proto_slot(&T.m, XR_PROTO_IP, 253, NULL);
	cr_assert_eq(bpf_map_delete_elem(T.m.proto_progs, &slot), 0);
	il = probe_frame(in, "203.0.113.9", 9);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	il = probe_frame(in, "192.0.2.1", 9);
	ol = sizeof(out);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0, "no metadata left behind");
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoMissing)), 2);
}

/* An ethertype handler hands a frame back: the router takes it as it
 * now is (here unchanged: not IPv4, so the kernel's). */
Test(proto, ethertype_handed_back_goes_to_kernel)
{
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg(XR_PROTO_ETH, 0x88b6, META_OBJ, "meta_forward");
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 42, 8);
	in[13] = 0xb6;
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0);
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_OTHER(PassNotIp)), 1);
}

/* Bad objects: nothing registered, nothing left in any slot. */
Test(proto, bad_objects_register_nothing)
{
	struct xr_proto_req r = { .kind = XR_PROTO_IP, .key = 17 };
	const char *objs[] = { "README.md", "build/xdp_router_tc.bpf.o",
			       META_OBJ, "build/tests/handlers/bad_verifier.bpf.o",
			       "build/xdp_router.bpf.o", "/nonexistent" };
	struct xr_proto_info info;
	size_t i;
	__u32 s;

	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		r.obj = objs[i];
		cr_assert_neq(xr_proto_add(&T.m, NULL, &r), 0, "%s", objs[i]);
	}
	r.obj = META_OBJ;
	r.prog = "nosuch";
	cr_assert_neq(xr_proto_add(&T.m, NULL, &r), 0);
	cr_assert_eq(xr_proto_slot(&T.m, XR_PROTO_IP, 17, NULL), 0);
	for (s = 1; s < XR_PROTO_SLOTS; s++) {
		__u32 id;

		cr_assert_eq(bpf_map_lookup_elem(T.m.proto_info, &s, &info), 0);
		cr_assert_eq(info.kind, 0, "slot %u", s);
		cr_assert_neq(bpf_map_lookup_elem(T.m.proto_progs, &s, &id), 0,
			      "no program in slot %u", s);
	}
}

/* xr_ifaces is read-only to BPF programs: a handler that reads the
 * ingress link loads and sees it as the router does ... */
Test(proto, handler_reading_links_loads_and_works)
{
	struct xr_iface ifv;
	size_t il, ol = sizeof(out);
	__u32 zero = 0, mtu = 0;
	int fd, act;

	cr_assert_eq(bpf_map_lookup_elem(T.m.ifaces, &T.if_in, &ifv), 0);
	reg(XR_PROTO_IP, 253, IFACES_OBJ, "ifaces_read");
	il = probe_frame(in, "192.0.2.1", 9);
	act = run_h(il, &ol);
	cr_assert_eq(act, XDP_DROP, "verdict %d: the handler found the link", act);
	fd = handler_map(XR_PROTO_IP, 253, "seen_mtu");
	cr_assert_eq(bpf_map_lookup_elem(fd, &zero, &mtu), 0);
	close(fd);
	cr_assert_eq(mtu, ifv.mtu, "MTU read %u, the link's %u", mtu, ifv.mtu);
	cr_assert_gt(mtu, 0);
}

/* ... one that writes it is refused by the verifier: nothing in any slot,
 * the link as it was. */
Test(proto, handler_writing_links_is_refused)
{
	struct xr_proto_req r = { .kind = XR_PROTO_IP, .key = 253,
				  .obj = IFACES_OBJ, .prog = "ifaces_write" };
	struct xr_iface before, after;
	struct xr_proto_info info;
	struct bpf_map_info mi = { 0 };
	__u32 s, ml = sizeof(mi);

	cr_assert_eq(bpf_obj_get_info_by_fd(T.m.ifaces, &mi, &ml), 0);
	cr_assert(mi.map_flags & BPF_F_RDONLY_PROG, "xr_ifaces flags 0x%x",
		  mi.map_flags);
	cr_assert_eq(bpf_map_lookup_elem(T.m.ifaces, &T.if_in, &before), 0);
	cr_assert_neq(xr_proto_add(&T.m, NULL, &r), 0);
	cr_assert_eq(xr_proto_slot(&T.m, XR_PROTO_IP, 253, NULL), 0);
	for (s = 1; s < XR_PROTO_SLOTS; s++) {
		cr_assert_eq(bpf_map_lookup_elem(T.m.proto_info, &s, &info), 0);
		cr_assert_eq(info.kind, 0, "slot %u", s);
	}
	cr_assert_eq(bpf_map_lookup_elem(T.m.ifaces, &T.if_in, &after), 0);
	cr_assert_arr_eq(&after, &before, sizeof(before));
	/* the control plane still writes it */
	after.mtu = 1400;
	cr_assert_eq(bpf_map_update_elem(T.m.ifaces, &T.if_in, &after, 0), 0);
}

/* State made by an older build: its xr_ifaces is writable by programs.
 * No handler is given that one (any could write it); nothing registered. */
Test(proto, writable_ifaces_of_older_state_refused)
{
	struct xr_proto_req r = { .kind = XR_PROTO_IP, .key = 253,
				  .obj = META_OBJ, .prog = "meta_pass" };
	int old = bpf_map_create(BPF_MAP_TYPE_ARRAY, XR_MAP_NAME(ifaces), 4,
				 sizeof(struct xr_iface), XR_MAX_IFINDEX, NULL);
	int keep = T.m.ifaces, err;

	cr_assert(old >= 0);
	T.m.ifaces = old;
	err = xr_proto_add(&T.m, NULL, &r);
	T.m.ifaces = keep;
	close(old);
	cr_assert_neq(err, 0);
	cr_assert_eq(xr_proto_slot(&T.m, XR_PROTO_IP, 253, NULL), 0);
	cr_assert_eq(xr_proto_add(&T.m, NULL, &r), 0, "the read-only one");
}

/* A record an interrupted add left without a dispatch entry: add of the
 * same protocol is refused, del clears it. */
Test(proto, interrupted_add_is_cleared_by_del)
{
	struct xr_proto_info info = { .kind = XR_PROTO_IP, .key = 17 };
	struct xr_proto_req r = { .kind = XR_PROTO_IP, .key = 17,
				  .obj = PROBE_OBJ };
	__u32 s = 5;

	cr_assert_eq(bpf_map_update_elem(T.m.proto_info, &s, &info, 0), 0);
	cr_assert_neq(xr_proto_add(&T.m, NULL, &r), 0);
	cr_assert_eq(xr_proto_del(&T.m, NULL, XR_PROTO_IP, 17), 0);
	cr_assert_eq(bpf_map_lookup_elem(T.m.proto_info, &s, &info), 0);
	cr_assert_eq(info.kind, 0);
	cr_assert_eq(xr_proto_add(&T.m, NULL, &r), 0);
	cr_assert_neq(xr_proto_del(&T.m, NULL, XR_PROTO_IP, 18), 0);
}

/* At tc, handlers cannot run: a frame goes where it would go with no
 * handler, a registered ethertype to the kernel, a transit datagram
 * forwarded. */
Test(proto, tc_entry_goes_on_as_without_handlers)
{
	size_t il, ol = sizeof(out);

	vrr_setup();
	reg(XR_PROTO_IP, 253, PROBE_OBJ, NULL);
	il = vrr_frame(in, TE_MAC_IN, 1, 0, 5, 42, 8);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_PASS);
	cr_assert_arr_eq(out, in, il);
	il = probe_frame(in, "203.0.113.9", 9);
	ol = sizeof(out);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoAtTc)), 2);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
}

/* ---- IPv6: handlers by next header (inet6_protos) ---------------- */

/* META_OBJ's prog registered under IPv6 next header key: put by the
 * library under an IP protocol, its dispatch entry then moved to
 * xr_proto_ip6 as `proto add` by next header writes it. */
static void reg6(const char *prog, uint8_t key, uint16_t flags)
{
	struct xr_proto_ent e, none = { 0 };
	__u32 k = 253, k6 = key;

	te_config6(&T);
	reg(XR_PROTO_IP, 253, META_OBJ, prog);
	cr_assert_eq(bpf_map_lookup_elem(T.m.proto_ip, &k, &e), 0);
	cr_assert_eq(bpf_map_update_elem(T.m.proto_ip, &k, &none, 0), 0);
	e.flags = flags;
	cr_assert_eq(bpf_map_update_elem(T.m.proto_ip6, &k6, &e, 0), 0);
}

static size_t frame6(const char *dst, uint8_t proto, const uint8_t *ext,
		     size_t ext_len, uint8_t first)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = dst;
	s.proto = proto;
	s.ext = ext;
	s.ext_len = ext_len;
	s.nexthdr = first;
	return pkt6_build(in, &s);
}

/* Runs in[0..il); returns the handler's metadata (XDP_PASS, untouched
 * frame behind it). */
static struct xr_handler_meta meta6(size_t il)
{
	struct xr_handler_meta m;
	size_t ol = sizeof(out);
	uint32_t ml;

	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m), "metadata of %u bytes", ml);
	memcpy(&m, out, sizeof(m));
	cr_assert_arr_eq(out + ml, in, il, "frame untouched");
	cr_assert_eq(m.magic, XR_HANDLER_MAGIC);
	cr_assert_eq(m.kind, XR_PROTO_IP6);
	cr_assert_eq(m.l3_off, 14);
	cr_assert_eq(m.ifindex, T.if_in);
	cr_assert_eq(m.nexthop, 0, "an IPv6 next hop does not fit");
	return m;
}

Test(proto, ipv6_local_reaches_its_handler)
{
	struct xr_handler_meta m;

	reg6("meta_pass", 17, 0);
	m = meta6(frame6("2001:db8:1::1", 17, NULL, 0, 0));
	cr_assert_eq(m.key, 17);
	cr_assert_eq(m.local, 1);
	cr_assert_eq(m.pkt_type, 0);
	cr_assert_eq(m.l4_off, 54);
	cr_assert_eq(m.out_ifindex, 0);
	m = meta6(frame6("fe80::b0", 17, NULL, 0, 0));   /* link-local, ours */
	cr_assert_eq(m.local, 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InDelivers)), 2);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 2);
}

/* The key is the upper-layer protocol after the extension headers, and
 * l4_off where its header starts. */
Test(proto, ipv6_handler_keyed_past_extension_headers)
{
	static const uint8_t hbh_dst[16] = { 60, 0, 1, 4, 0, 0, 0, 0,
					     58, 0, 1, 4, 0, 0, 0, 0 };
	static const uint8_t ah[16] = { 17, 2, 0, 0, 0, 0, 0, 1,
					0, 0, 0, 1, 0, 0, 0, 0 };
	struct xr_handler_meta m;

	reg6("meta_pass", 58, 0);
	m = meta6(frame6("2001:db8:1::1", 58, hbh_dst, 16, 0));
	cr_assert_eq(m.key, 58);
	cr_assert_eq(m.l4_off, 14 + 40 + 16);
	cr_assert_eq(xr_proto_del(&T.m, NULL, XR_PROTO_IP, 253), 0);
	reg6("meta_pass", 17, 0);
	m = meta6(frame6("2001:db8:1::1", 17, ah, 16, 51));   /* AH: (2+2)*4 */
	cr_assert_eq(m.key, 17);
	cr_assert_eq(m.l4_off, 14 + 40 + 16);
}

/* A fragment for the router is the kernel's to reassemble. */
Test(proto, ipv6_local_fragments_go_to_kernel_not_handler)
{
	static const uint8_t first[8] = { 17, 0, 0, 1, 0, 0, 0, 7 };
	static const uint8_t later[8] = { 17, 0, 0, 8, 0, 0, 0, 7 };
	const uint8_t *f[] = { first, later };
	size_t il, ol;
	uint32_t ml;
	int i;

	reg6("meta_pass", 17, 0);
	for (i = 0; i < 2; i++) {
		il = frame6("2001:db8:1::1", 17, f[i], 8, 44);
		ol = sizeof(out);
		cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml),
			     XDP_PASS);
		cr_assert_eq(ml, 0);
		cr_assert_arr_eq(out, in, il);
	}
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InDelivers)), 2);
}

Test(proto, ipv6_transit_only_when_asked)
{
	struct xr_handler_meta m;
	size_t il, ol = sizeof(out);

	reg6("meta_pass", 17, 0);
	il = frame6("2001:db8:3::9", 17, NULL, 0, 0);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 0);
	{
		__u32 k = 17;
		struct xr_proto_ent e;

		cr_assert_eq(bpf_map_lookup_elem(T.m.proto_ip6, &k, &e), 0);
		e.flags = XR_PROTO_F_TRANSIT;
		cr_assert_eq(bpf_map_update_elem(T.m.proto_ip6, &k, &e, 0), 0);
	}
	m = meta6(il);                 /* hop limit not taken yet */
	cr_assert_eq(m.local, 0);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.l4_off, 54);
}

/* A transit fragment goes to its protocol's transit handler as it is:
 * a later one, l4_off right after its Fragment header. */
Test(proto, ipv6_transit_fragment_keyed_by_its_protocol)
{
	static const uint8_t later[8] = { 17, 0, 0, 8, 0, 0, 0, 7 };
	struct xr_handler_meta m;

	reg6("meta_pass", 17, XR_PROTO_F_TRANSIT);
	m = meta6(frame6("2001:db8:3::9", 17, later, 8, 44));
	cr_assert_eq(m.key, 17);
	cr_assert_eq(m.local, 0);
	cr_assert_eq(m.l4_off, 14 + 40 + 8);
}

/* Handed back (resume): forwarded as without a handler, counted once. */
Test(proto, ipv6_transit_handed_back_is_forwarded_once)
{
	size_t il, ol = sizeof(out);

	reg6("meta_forward", 17, XR_PROTO_F_TRANSIT);
	il = frame6("2001:db8:3::9", 17, NULL, 0, 0);
	cr_assert_eq(run_h(il, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), 1, "counted once");
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InOctets)), il - 14);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutForwDatagrams)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoMissing)), 0);
}

Test(proto, ipv6_local_handed_back_goes_to_kernel_once)
{
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg6("meta_forward", 17, 0);
	il = frame6("2001:db8:1::1", 17, NULL, 0, 0);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0, "no handler metadata for the kernel");
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InDelivers)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 1);
}

Test(proto, ipv6_at_tc_goes_on_as_without_handlers)
{
	size_t il, ol = sizeof(out);

	reg6("meta_pass", 17, XR_PROTO_F_TRANSIT);
	il = frame6("2001:db8:3::9", 17, NULL, 0, 0);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	il = frame6("2001:db8:1::1", 17, NULL, 0, 0);
	ol = sizeof(out);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_PASS);
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoAtTc)), 2);
}

/* At most 4 extension headers are crossed (XR_IP6_EXTHDRS): past them
 * the datagram is dispatched to no handler, and goes on as without. */
Test(proto, ipv6_dispatch_crosses_at_most_4_extension_headers)
{
	/* Hop-by-Hop, Destination, Routing, Destination (8 bytes each),
	 * then a fifth, Destination, for the second frame */
	static const uint8_t four[32] = { 60, 0, 1, 4, 0, 0, 0, 0,
					  43, 0, 1, 4, 0, 0, 0, 0,
					  60, 0, 4, 0, 0, 0, 0, 0,
					  17, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t five[40];
	struct xr_handler_meta m;
	size_t il, ol = sizeof(out);
	uint32_t ml;

	reg6("meta_pass", 17, 0);
	m = meta6(frame6("2001:db8:1::1", 17, four, 32, 0));
	cr_assert_eq(m.l4_off, 14 + 40 + 32);
	memcpy(five, four, 32);
	five[24] = 60;
	memcpy(five + 32, four + 24, 8);           /* ... -> 17 */
	il = frame6("2001:db8:1::1", 17, five, 40, 0);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, 0, "no handler past 4 extension headers");
	cr_assert_arr_eq(out, in, il);
	cr_assert_eq(te_counter(&T, CNT_OTHER(ProtoDispatched)), 1);
}
