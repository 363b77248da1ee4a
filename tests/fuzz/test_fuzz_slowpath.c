// SPDX-License-Identifier: GPL-2.0
/*
 * The slow path fuzzed, built with ASan and UBSan (build/asan/, every
 * finding fatal): punted frames, real (through the XDP entry on the
 * fuzzers' namespace) or random, with their metadata as the fast path
 * wrote it or mutated (reasons, ingress, egress, MTU, next hop), and ARP
 * frames, often answering the router's own requests; IPv6 packets (with
 * Hop-by-Hop options, ICMPv6, link-local, multicast and unspecified
 * addresses) with IPv6 metadata, and neighbour advertisements, often
 * for what the router solicited. Time is a fake
 * clock that runs on with every frame, so resolution, probes and aging
 * happen as they would. Each frame is handed over in a buffer of its
 * exact size, so ASan sees any read beyond it.
 *
 * Every frame the slow path transmits is checked from its bytes
 * (tests/fuzz/spcheck.c, spcheck6.c): a valid ARP, IPv4 or IPv6 frame
 * from the link's MAC
 * within the link's MTU; an ICMP error with a correct checksum, quoting
 * the offending datagram, about a datagram that may have one; forwarded
 * datagrams with TTL - 1 whose fragments reassemble to the original
 * payload. Memory stays bounded and comes back when the queues drain;
 * nothing leaks.
 *
 *   XR_FUZZ_COUNT  frames (20,000; `make fuzz`: 100,000)
 *   XR_FUZZ_SEED   the run's seed (printed; fresh when unset). The slow
 *                  path keeps state: a failure reproduces by running
 *                  the same seed and count again.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <sanitizer/lsan_interface.h>
#include "slowpath/slowpath.h"
#include "fuzz.h"
#include "fuzzenv.h"
#include "spcheck.h"
#include "spcheck6.h"
#include "lib/neigh6.h"
#include "lib/route6.h"
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"

/* ASan's allocator (sanitizer/allocator_interface.h, not in GCC 12) */
size_t __sanitizer_get_current_allocated_bytes(void);

static struct xr_testenv T;
static struct fz_cfg C;
static struct xr_sp SP;
static struct xr_slow_stats ST;
static uint64_t now = 1000000000000ull;

static uint64_t fake_clock(void) { return now; }

/* What the slow path sent while one frame was handled. */
static struct fz_sent sent[FZ_SENT_MAX];
static int nsent;

/* The addresses the router asked for lately: ARP replies answer them. */
#define ASKED_MAX 16
static struct { uint32_t ifindex; __be32 addr; } asked[ASKED_MAX];
static unsigned int n_asked;

/* The IPv6 targets the router solicited lately: advertisements answer. */
static struct { uint32_t ifindex; struct xr_in6 addr; } asked6[ASKED_MAX];
static unsigned int n_asked6;

static struct {
	uint64_t handled, punted, arp, tx_ip, tx_arp, bad;
	uint64_t handled6, punted6, nd, tx_ip6;
	struct fz_sp_seen seen;
	struct fz_sp6_seen seen6;
	size_t peak;
} S;
static uint64_t seed, iter;
static char why[256];
static struct fz_rng xmit_rng;

#define REPORT_MAX 3

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void violation(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (++S.bad <= REPORT_MAX)
		fprintf(stderr, "fuzz slowpath: VIOLATION at frame %" PRIu64 ": %s\n"
			"  reproduce: XR_FUZZ_SEED=0x%" PRIx64 " XR_FUZZ_COUNT=%" PRIu64
			" build/asan/tests/fuzz/test_fuzz_slowpath\n", iter, why,
			seed, iter + 1);
}


/* Any frame, whenever sent: checked, kept for the checks of the frame
 * being handled, the ARP requests' targets kept for replies. */
static int cap_xmit(void *arg, uint32_t ifindex, const uint8_t *f, size_t len)
{
	const struct fz_link *l = fz_link(&C, ifindex);
	const char *w = len >= 14 && l && l->attached && !memcmp(f + 6, l->mac, 6) &&
			fz_get16(f + 12) == 0x86dd ? fz_sp6_frame_wrong(l, f, len) :
			fz_sp_frame_wrong(&C, ifindex, f, len);

	if (w) {
		violation("%s", w);
		fz_hexdump(stderr, "  sent", f, len);
		return 0;
	}
	if (fz_get16(f + 12) == 0x86dd) {
		S.tx_ip6++;
		if (f[14 + 40] == 135 && f[14 + 6] == 58) {
			asked6[n_asked6 % ASKED_MAX].ifindex = ifindex;
			memcpy(&asked6[n_asked6++ % ASKED_MAX].addr, f + 14 + 48, 16);
		}
	} else if (fz_get16(f + 12) == 0x0806) {
		S.tx_arp++;
		if (fz_get16(f + 20) == 1) {
			asked[n_asked % ASKED_MAX].ifindex = ifindex;
			memcpy(&asked[n_asked++ % ASKED_MAX].addr, f + 38, 4);
		}
	} else {
		S.tx_ip++;
	}
	if (nsent < FZ_SENT_MAX) {
		sent[nsent].ifindex = ifindex;
		sent[nsent].len = len;
		memcpy(sent[nsent++].f, f, len);
	}
	return fz_pct(&xmit_rng, 2) ? -ENOBUFS : 0;   /* now and then a full ring */
}


static uint32_t any_link(struct fz_rng *r)
{
	if (fz_pct(r, 90))
		return C.link[fz_below(r, (uint32_t)C.n_link)].ifindex;
	return (uint32_t)fz_next(r) & (fz_pct(r, 50) ? 0x3fff : ~0u);
}

static void meta_field(struct fz_rng *r, struct xr_punt_meta *m, uint32_t which)
{
	static const uint32_t mtus[] = { 68, 576, 1280, 1500, 9000, 0 };

	switch (which) {
	case 0: m->magic = fz_pct(r, 90) ? XR_PUNT_MAGIC : (uint16_t)fz_next(r); break;
	case 1: m->reason = fz_pct(r, 95) ? (uint8_t)fz_below(r, XR_REASON_MAX + 1)
					  : (uint8_t)fz_next(r); break;
	case 2: m->rt_type = (uint8_t)fz_below(r, 10); break;
	case 3: m->ifindex = any_link(r); break;
	case 4: m->out_ifindex = any_link(r); break;
	case 5: m->mtu = fz_pct(r, 80) ? mtus[fz_below(r, 6)] : (uint32_t)fz_next(r); break;
	case 6: m->nexthop = fz_pct(r, 60) ? C.nbr[fz_below(r, (uint32_t)C.n_nbr)].addr
					   : fz_addr(r, &C); break;
	default: m->nh_id = fz_below(r, 64); m->plen = (uint8_t)fz_below(r, 33); break;
	}
}

static void gen_meta(struct fz_rng *r, struct xr_punt_meta *m)
{
	uint32_t k;

	memset(m, 0, sizeof(*m));
	for (k = 0; k < 8; k++)
		meta_field(r, m, k);
	if (fz_pct(r, 97))
		m->magic = XR_PUNT_MAGIC;
}

/* f through the XDP entry: 1 (counted in *n) with f and m what it
 * punted, 0 when it did not. */
static int xdp_punted(struct fz_rng *r, struct fz_frame *f,
		      struct xr_punt_meta *m, uint64_t *n)
{
	static uint8_t out[FZ_OUT_MAX];
	uint32_t ml;
	size_t ol;
	int v;

	if (fz_pct(r, 70))
		f->ifindex = T.if_in;           /* where the socket is published */
	v = fz_run_xdp(&T, f, out, &ol, &ml);
	cr_assert_geq(v, 0, "BPF_PROG_TEST_RUN: %s", strerror(-v));
	if (v != FZ_V_PUNT)
		return 0;
	(*n)++;
	memcpy(m, out, sizeof(*m));
	f->len = ol - ml;
	memcpy(f->d, out + ml, f->len);
	return 1;
}

/* A punted frame: through the XDP entry when it punts (its metadata,
 * sometimes mutated after), else as generated with random metadata. */
static int punted(struct fz_rng *r, struct fz_frame *f, struct xr_punt_meta *m)
{
	fz_gen(r, &C, f);
	if (fz_pct(r, 40)) {
		gen_meta(r, m);
		return 1;
	}
	if (!xdp_punted(r, f, m, &S.punted))
		return 0;
	if (fz_pct(r, 25))
		meta_field(r, m, fz_below(r, 8));
	if (fz_pct(r, 10) && f->len)
		f->d[fz_below(r, (uint32_t)(f->len < 80 ? f->len : 80))] ^=
			(uint8_t)(1 + fz_below(r, 255));
	return 1;
}

/* The frame handed over in a buffer of its exact size (ASan sees any
 * read beyond it), then what was sent judged: by judge(the frame as it
 * was, its metadata), NULL or what is wrong. */
typedef const char *(*judge_fn)(const struct fz_frame *orig,
				const struct xr_punt_meta *m);

static void hand_over(const struct fz_frame *f, const struct xr_punt_meta *m,
		      judge_fn judge)
{
	const char *w;
	uint8_t *buf = malloc(f->len ? f->len : 1);

	cr_assert(buf);
	memcpy(buf, f->d, f->len);
	nsent = 0;
	xr_sp_handle(&SP, buf, f->len, m);
	free(buf);
	w = judge(f, m);
	if (w) {
		violation("%s", w);
		fz_hexdump(stderr, "  handed over", f->d, f->len);
		if (nsent)
			fz_hexdump(stderr, "  last sent", sent[nsent - 1].f,
				   sent[nsent - 1].len);
	}
}

static const char *judge4(const struct fz_frame *f, const struct xr_punt_meta *m)
{
	return fz_sp_handled_wrong(&C, f->d, f->len, m, sent, nsent, &S.seen);
}

static void handle_one(struct fz_rng *r)
{
	static struct fz_frame f;
	struct xr_punt_meta m;

	if (!punted(r, &f, &m))
		return;
	S.handled++;
	hand_over(&f, &m, judge4);
}

/* An ARP frame; most often a reply to what the router asked. */
static void arp_one(struct fz_rng *r)
{
	static struct fz_frame f;
	struct xr_arp a;
	uint8_t *buf;
	int ok;

	fz_gen_arp(r, &C, &f);
	if (n_asked && fz_pct(r, 60) && f.len >= 42) {
		unsigned int j = fz_below(r, n_asked < ASKED_MAX ? n_asked : ASKED_MAX);

		f.ifindex = asked[j].ifindex;
		f.d[21] = 2;                     /* a reply */
		memcpy(f.d + 28, &asked[j].addr, 4);
	}
	buf = malloc(f.len ? f.len : 1);
	cr_assert(buf);
	memcpy(buf, f.d, f.len);
	ok = xr_arp_parse(buf, f.len, &a) == 0;
	free(buf);
	S.arp++;
	if (ok)
		xr_sp_arp_rcv(&SP, fz_pct(r, 95) ? f.ifindex : any_link(r), &a);
}


/* ------------------------------------------------------------- IPv6 */

static const char *const addrs6[] = {   /* sources and destinations */
	"2001:db8:1::2", "2001:db8:1::1", "2001:db8:2::2", "2001:db8:9::9",
	"2001:db8:a::1", "2001:db8:b::1", "2001:db8:66::1", "2001:db8:67::1",
	"2001:db8:77::1", "fe80::2", "fe80::a0", "ff02::1", "ff0e::9", "::",
	"::1", "2001:db8:5::7",
};
#define N_ADDRS6 (sizeof(addrs6) / sizeof(addrs6[0]))
static uint32_t slots6[16];
static size_t n_slots6;

static void in6(const char *s, struct xr_in6 *a)
{
	cr_assert_eq(inet_pton(AF_INET6, s, a), 1, "%s", s);
}

static void addr6(const char *a, uint32_t ifindex)
{
	struct xr_addr v = { .ifindex = ifindex, .type = XR_ADDR_LOCAL, .plen = 64 };
	struct xr_in6 k;

	in6(a, &k);
	cr_assert_eq(bpf_map_update_elem(T.m.addrs6, &k, &v, BPF_ANY), 0);
}

static void route6(const char *dst, uint8_t plen, uint8_t type, const char *gw,
		   uint32_t ifindex)
{
	struct xr_route6 rt = { .plen = plen, .type = type,
				.proto = XR_RTPROT_STATIC, .ifindex = ifindex };
	uint32_t e = 0;

	in6(dst, &rt.dst);
	if (gw)
		in6(gw, &rt.gw);
	cr_assert_eq(xr_route6_update(&T.m, &rt), 0, "%s", dst);
	cr_assert_eq(xr_route6_fib_entry(&T.m, &rt.dst, plen, &e), 0);
	slots6[n_slots6++] = e & XR_FIB6_ID_MASK;
}

static void setup6(void)
{
	uint32_t mid = C.link[2].ifindex;
	struct xr_neigh n = { .state = XR_NUD_PERMANENT };
	struct xr_in6 a;

	addr6("2001:db8:1::1", T.if_in);
	addr6("fe80::a0", T.if_in);
	addr6("2001:db8:2::1", T.if_out);
	addr6("fe80::b0", T.if_out);
	addr6("2001:db8:5::1", mid);
	addr6("fe80::c0", mid);
	route6("2001:db8:1::", 64, XR_RTN_UNICAST, NULL, T.if_in);
	route6("2001:db8:2::", 64, XR_RTN_UNICAST, NULL, T.if_out);
	route6("2001:db8:5::", 64, XR_RTN_UNICAST, NULL, mid);
	route6("2001:db8:9::", 48, XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	route6("2001:db8:a::", 48, XR_RTN_UNICAST, "fe80::5", mid);
	route6("2001:db8:b::", 48, XR_RTN_UNICAST, "fe80::9", T.if_in);
	route6("2001:db8:66::", 48, XR_RTN_PROHIBIT, NULL, 0);
	route6("2001:db8:67::", 48, XR_RTN_UNREACHABLE, NULL, 0);
	route6("::", 0, XR_RTN_UNICAST, "2001:db8:5::2", mid);
	memcpy(n.mac, TE_MAC_NH, 6);
	in6("2001:db8:2::2", &a);
	cr_assert_eq(xr_neigh6_update(&T.m, T.if_out, &a, &n), 0);
	memcpy(n.mac, TE_MAC_PEER, 6);
	in6("2001:db8:1::2", &a);
	cr_assert_eq(xr_neigh6_update(&T.m, T.if_in, &a, &n), 0);
	cr_assert_eq(xr_sp_sync(&SP), 0);
}

/* A Hop-by-Hop header of 8 or 16 bytes: options known, unknown of every
 * action, padding, or bytes at random. */
static size_t gen_hbh(struct fz_rng *r, uint8_t *h)
{
	static const uint8_t types[] = { 0, 1, 5, 7, 0x31, 0xc2, 0x1e, 0x5e, 0x9e, 0xde };
	size_t len = fz_pct(r, 70) ? 8 : 16, i = 2;

	memset(h, 0, len);
	h[1] = (uint8_t)(len / 8 - 1);
	while (i + 2 <= len && fz_pct(r, 80)) {
		size_t ol = fz_below(r, (uint32_t)(len - i - 1));

		h[i] = types[fz_below(r, sizeof(types))];
		h[i + 1] = (uint8_t)ol;
		i += ol + 2;
	}
	if (fz_pct(r, 10))
		h[2 + fz_below(r, (uint32_t)len - 2)] = (uint8_t)fz_next(r);
	return len;
}

/* An IPv6 frame to the router: addresses from the list, a hop limit
 * often 0 or 1, sometimes Hop-by-Hop options, ICMPv6 (errors too), the
 * payload length sometimes wrong. */
static void gen6(struct fz_rng *r, struct fz_frame *f)
{
	static const uint8_t nhs[] = { 17, 58, 6, 44, 60, 59 };
	static const uint8_t hlims[] = { 0, 1, 2, 64, 255 };
	uint8_t *ip = f->d + 14;
	struct xr_in6 s, d;
	size_t hl = 0, plen = fz_below(r, fz_pct(r, 10) ? 3400 : 200), i;

	f->ifindex = C.link[fz_below(r, 3)].ifindex;
	memcpy(f->d, fz_link(&C, f->ifindex)->mac, 6);
	if (fz_pct(r, 5))
		memcpy(f->d, "\x33\x33\x00\x00\x00\x01", 6);
	memcpy(f->d + 6, TE_MAC_PEER, 6);
	f->d[12] = 0x86;
	f->d[13] = 0xdd;
	in6(addrs6[fz_below(r, N_ADDRS6)], &s);
	in6(addrs6[fz_below(r, N_ADDRS6)], &d);
	if (fz_pct(r, 25))
		hl = gen_hbh(r, ip + 40);
	xr_ip6_hdr(ip, hl + plen, hl ? 0 : nhs[fz_below(r, 6)],
		   hlims[fz_below(r, 5)], &s, &d);
	if (hl)
		ip[40] = nhs[fz_below(r, 6)];
	for (i = 0; i < plen; i++)
		ip[40 + hl + i] = (uint8_t)fz_next(r);
	if (plen && fz_pct(r, 50))
		ip[40 + hl] = fz_pct(r, 50) ? (uint8_t)fz_below(r, 5) : 128;
	f->len = 14 + 40 + hl + plen;
	if (fz_pct(r, 5))
		ip[4] = (uint8_t)fz_next(r);        /* payload length wrong */
	if (fz_pct(r, 5))
		f->len -= fz_below(r, (uint32_t)f->len);
}

static void gen_meta6(struct fz_rng *r, struct xr_punt_meta *m)
{
	static const uint8_t reasons[] = {
		XR_REASON_TtlExceeded, XR_REASON_NoRoute, XR_REASON_Unreachable,
		XR_REASON_Prohibit, XR_REASON_NoNeigh, XR_REASON_Redirect,
		XR_REASON_LinkDown, XR_REASON_HopByHop, XR_REASON_BeyondScope,
		XR_REASON_PacketTooBig,
	};

	gen_meta(r, m);
	if (fz_pct(r, 90))
		m->reason = reasons[fz_below(r, sizeof(reasons))];
	if (fz_pct(r, 80))
		m->out_ifindex = C.link[fz_below(r, 3)].ifindex;
	m->nexthop = 0;
	m->nh_id = fz_pct(r, 90) ? slots6[fz_below(r, (uint32_t)n_slots6)] :
				   fz_below(r, 1u << 22);
	m->plen = (uint8_t)fz_below(r, 129);
}

static const char *judge6(const struct fz_frame *f, const struct xr_punt_meta *m)
{
	return fz_sp6_handled_wrong(f->d, f->len, m, sent, nsent, &S.seen6);
}

static void handle6_one(struct fz_rng *r)
{
	static struct fz_frame f;
	struct xr_punt_meta m;

	gen6(r, &f);
	if (fz_pct(r, 40)) {
		if (!xdp_punted(r, &f, &m, &S.punted6))
			return;
	} else {
		gen_meta6(r, &m);
		if (fz_pct(r, 80))
			m.ifindex = f.ifindex;
		if (m.reason == XR_REASON_Redirect && fz_pct(r, 50))
			m.out_ifindex = m.ifindex;  /* a hairpin, as the fast path says */
	}
	S.handled6++;
	hand_over(&f, &m, judge6);
}

/* An advertisement, most often for what the router solicited, or a
 * solicitation for one of its addresses; from the wire (parsed) or not. */
static void nd_one(struct fz_rng *r)
{
	struct xr_nd nd = { .type = fz_pct(r, 80) ? 136 : 135 };
	uint32_t ifindex = C.link[fz_below(r, 3)].ifindex;
	int k;

	nd.flags = (uint8_t)(fz_next(r) & 0xe0);
	nd.has_lladdr = fz_pct(r, 85);
	for (k = 0; k < 6; k++)
		nd.lladdr[k] = (uint8_t)fz_next(r);
	nd.lladdr[0] &= 0xfe;
	in6(addrs6[fz_below(r, N_ADDRS6)], &nd.target);
	in6(addrs6[fz_below(r, N_ADDRS6)], &nd.saddr);
	if (n_asked6 && fz_pct(r, 70)) {
		unsigned int j = fz_below(r, n_asked6 < ASKED_MAX ? n_asked6 : ASKED_MAX);

		ifindex = asked6[j].ifindex;
		nd.target = asked6[j].addr;
	}
	S.nd++;
	xr_sp_ndisc_rcv(&SP, fz_pct(r, 95) ? ifindex : any_link(r), &nd);
}

static void setup(void)
{
	struct xr_sp_parms p;

	fz_setup(&T, &C);
	xr_sp_parms_default(&p);
	cr_assert_eq(xr_sp_init(&SP, NULL, &T.m, &ST, &p, cap_xmit, NULL), 0);
	SP.clock = fake_clock;
	setup6();
}

static void teardown(void)
{
	te_teardown(&T);
}

TestSuite(fuzz_slowpath, .init = setup, .fini = teardown);

/* ASan's leak check runs when asked (below), not at exit: the harness
 * (Criterion, libbpf) keeps what it keeps until then. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=1:leak_check_at_exit=0:abort_on_error=1";
}

#define MEM_BOUND (32u << 20)         /* the budget for a storm */

static void run(uint64_t n)
{
	size_t base = __sanitizer_get_current_allocated_bytes(), cur;

	for (iter = 0; iter < n; iter++) {
		struct fz_rng r = fz_rng_at(seed, iter);

		xmit_rng = fz_rng_at(~seed, iter);
		now += (uint64_t)fz_below(&r, 2000) * 1000;   /* up to 2 ms */
		if (fz_pct(&r, 8))
			arp_one(&r);
		else if (fz_pct(&r, 4))
			nd_one(&r);
		else if (fz_pct(&r, 25))
			handle6_one(&r);
		else
			handle_one(&r);
		if (!(iter % 64))
			xr_sp_tick_resolve(&SP);
		if (!(iter % 1024)) {
			xr_sp_tick(&SP);
			cur = __sanitizer_get_current_allocated_bytes();
			if (cur > base && cur - base > S.peak)
				S.peak = cur - base;
		}
	}
	cr_assert_leq(S.peak, MEM_BOUND, "memory grew by %zu bytes", S.peak);
}

/* Time runs on for ten minutes: every queue drains, every resolution
 * ends; what the queues held is given back. */
static size_t drain(size_t base)
{
	size_t cur;
	int s;

	for (s = 0; s < 120; s++) {
		now += 5000000000ull;
		xr_sp_tick_resolve(&SP);
		xr_sp_tick(&SP);
	}
	cur = __sanitizer_get_current_allocated_bytes();
	return cur > base ? cur - base : 0;
}

Test(fuzz_slowpath, frames)
{
	uint64_t n = fz_env_u64("XR_FUZZ_COUNT", 20000);
	size_t base = __sanitizer_get_current_allocated_bytes(), left;
	time_t t0 = time(NULL);

	seed = fz_env_seed();
	fprintf(stderr, "fuzz slowpath: seed 0x%" PRIx64 ", %" PRIu64 " frames\n", seed, n);
	run(n);
	left = drain(base);
	fprintf(stderr, "fuzz slowpath: %" PRIu64 " frames in %lds: handled %" PRIu64
		" (punted by the fast path %" PRIu64 "), ARP %" PRIu64 "; sent IPv4 %"
		PRIu64 " (ICMP errors %" PRIu64 ", fragments %" PRIu64 "), ARP %" PRIu64
		"; memory peak +%zu KiB, after draining +%zu KiB; violations %" PRIu64 "\n",
		n, (long)(time(NULL) - t0), S.handled, S.punted, S.arp, S.tx_ip,
		S.seen.icmp, S.seen.frags, S.tx_arp, S.peak >> 10, left >> 10, S.bad);
	fprintf(stderr, "fuzz slowpath: IPv6 handled %" PRIu64 " (punted by the fast path %"
		PRIu64 "), ndisc %" PRIu64
		"; sent IPv6 %" PRIu64 " (ICMPv6 errors %" PRIu64 ", forwarded %"
		PRIu64 ", redirects %" PRIu64 ", solicitations %" PRIu64 ")\n",
		S.handled6, S.punted6, S.nd, S.tx_ip6, S.seen6.errors, S.seen6.forwarded,
		S.seen6.redirects, S.seen6.solicits);
	if (n >= 10000) {                  /* the IPv6 paths were taken */
		cr_assert_gt(S.seen6.errors, 0, "no ICMPv6 error in the run");
		cr_assert_gt(S.seen6.forwarded, 0, "no IPv6 packet forwarded");
		cr_assert_gt(S.seen6.solicits, 0, "no solicitation in the run");
	}
	cr_assert_eq(S.bad, 0, "%" PRIu64 " violations (XR_FUZZ_SEED=0x%" PRIx64
		     " XR_FUZZ_COUNT=%" PRIu64 "): %s", S.bad, seed, n, why);
	cr_assert_lt(left, 1u << 20, "%zu bytes still held after draining", left);
	xr_sp_fini(&SP);
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "leaks (above)");
}
