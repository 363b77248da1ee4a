/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A private network namespace with veth pairs, the real fast-path object
 * loaded from its skeleton, and its maps configured through the same
 * library the CLI uses. Packets are run with BPF_PROG_TEST_RUN.
 *
 *   in0  192.0.2.1/24     ingress (attached), MAC 02:00:00:00:00:a0
 *   out0 198.51.100.1/24  egress  (attached), MAC 02:00:00:00:00:b0, MTU 1500
 *   far0 198.18.50.1/24   a link that is NOT attached
 *   neighbour 198.51.100.2 on out0 = 02:00:00:00:00:b2 (PERMANENT)
 *   route 203.0.113.0/24 via 198.51.100.2
 */
#ifndef XR_TESTENV_H
#define XR_TESTENV_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

/* A suite built with -DXR_TEST_TC runs its frames through the tc entry
 * (te_run): the same cases, table-driven by the build. */
#ifdef XR_TEST_TC
#define TE_HOOK_TC 1
#else
#define TE_HOOK_TC 0
#endif

struct xr_testenv {
	struct bpf_object *obj;
	void *skel;
	struct xr_maps m;
	int prog_fd;
	void *tc_skel;         /* the tc entry, on the same maps */
	int tc_prog_fd;
	uint32_t if_in, if_out, if_far;
};

extern const uint8_t TE_MAC_IN[6], TE_MAC_OUT[6], TE_MAC_NH[6], TE_MAC_PEER[6];

struct pkt_spec;
struct pkt6_spec;
/* A UDP datagram from the peer on in0 to 203.0.113.9 (behind
 * 198.51.100.2), addressed to in0's MAC. */
struct pkt_spec te_spec(void);
/* The namespace and links only (unshare + veths). */
void te_setup_net(void);
/* The maps of t->obj (already loaded) as described above. */
void te_config(struct xr_testenv *t);
/* Everything above with the router's own object; aborts on failure. */
void te_setup(struct xr_testenv *t);
void te_teardown(struct xr_testenv *t);
/* Runs one frame; returns the XDP action. out/out_len get the result. */
int te_run(struct xr_testenv *t, uint32_t ifindex, const void *in,
	   size_t in_len, void *out, size_t *out_len);
/* The frame through the tc entry whatever the build (te_run's choice
 * for an XR_TEST_TC build), its verdict in XDP's words. */
int te_run_tc(struct xr_testenv *t, uint32_t ifindex, const void *in,
	      size_t in_len, void *out, size_t *out_len);
/* te_run_tc for a GSO packet of segments of gso_size bytes of payload. */
int te_run_tc_gso(struct xr_testenv *t, uint32_t ifindex, uint32_t gso_size,
		  const void *in, size_t in_len, void *out, size_t *out_len);
/* te_run, also giving the length of the metadata in front of out
 * (out starts with it, as BPF_PROG_TEST_RUN returns it). */
int te_run_meta(struct xr_testenv *t, uint32_t ifindex, const void *in,
		size_t in_len, void *out, size_t *out_len, uint32_t *meta_len);
/* te_run_meta for a frame arriving with metadata already in front, as
 * from a previous hop over veth: in starts with meta_in bytes of it. */
int te_run_meta_in(struct xr_testenv *t, uint32_t ifindex, uint32_t meta_in,
		   const void *in, size_t in_len, void *out, size_t *out_len,
		   uint32_t *meta_len);
/* Sets and clears XR_IF_* flags of an attached link. */
void te_if_flags(struct xr_testenv *t, uint32_t ifindex, uint16_t set,
		 uint16_t clear);
/* Runs a frame repeat times (for timing); returns ns per run. */
int te_run_repeat(int prog_fd, uint32_t ifindex, const void *in,
		  size_t in_len, uint32_t repeat, uint32_t *ns);
uint64_t te_counter(struct xr_testenv *t, uint32_t idx);
/* Shell command in the test's namespace; aborts on failure. */
void te_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Adds a permanent neighbour. */
void te_neigh(struct xr_testenv *t, uint32_t ifindex, const char *addr,
	      const uint8_t mac[6], uint16_t state);
void te_route(struct xr_testenv *t, const char *prefix, int type,
	      const char *gw, uint32_t ifindex);

/*
 * IPv6 beside IPv4 (te_setup6 = te_setup + te_config6):
 *   in0  2001:db8:1::1/64, fe80::a0     out0 2001:db8:2::1/64, fe80::b0
 *   (the router's: /128 LOCAL entries of the IPv6 FIB), their /64s
 *   connected; neighbours 2001:db8:2::2 and fe80::b2 on out0 =
 *   02:00:00:00:00:b2, 2001:db8:1::2 on in0 = 02:00:00:00:00:a2
 *   (PERMANENT); route 2001:db8:3::/64 via 2001:db8:2::2 dev out0.
 */
void te_config6(struct xr_testenv *t);
void te_setup6(struct xr_testenv *t);
/* A UDP datagram from 2001:db8:1::2 on in0 to 2001:db8:3::9. */
struct pkt6_spec te_spec6(void);
void te_neigh6(struct xr_testenv *t, uint32_t ifindex, const char *addr,
	       const uint8_t mac[6], uint16_t state);
/* prefix "2001:db8:3::/64"; gw NULL or an address; ifindex 0 for
 * blackhole, unreachable and prohibit. */
void te_route6(struct xr_testenv *t, const char *prefix, int type,
	       const char *gw, uint32_t ifindex);

#define CNT_MIB(m)    XR_CNT_MIB(XR_MIB_##m)
#define CNT_MIB6(m)   XR_CNT_MIB6(XR_MIB6_##m)
#define CNT_REASON(r) XR_CNT_REASON(XR_REASON_##r)
#define CNT_OTHER(o)  XR_CNT_OTHER(XR_CNT_##o)

#endif
