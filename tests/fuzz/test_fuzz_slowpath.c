// SPDX-License-Identifier: GPL-2.0
/*
 * The slow path fuzzed, built with ASan and UBSan (build/asan/, every
 * finding fatal): punted frames, real (through the XDP entry on the
 * fuzzers' namespace) or random, with their metadata as the fast path
 * wrote it or mutated (reasons, ingress, egress, MTU, next hop), and ARP
 * frames, often answering the router's own requests. Time is a fake
 * clock that runs on with every frame, so resolution, probes and aging
 * happen as they would. Each frame is handed over in a buffer of its
 * exact size, so ASan sees any read beyond it.
 *
 * Every frame the slow path transmits is checked from its bytes: a valid
 * ARP or IPv4 frame from the link's MAC within the link's MTU; an ICMP
 * error with a correct checksum, quoting the offending datagram, about a
 * datagram that may have one; forwarded datagrams with TTL - 1 whose
 * fragments reassemble to the original payload. Memory stays bounded
 * and comes back when the queues drain; nothing leaks.
 *
 *   XR_FUZZ_COUNT  frames (20,000; `make fuzz`: 100,000)
 *   XR_FUZZ_SEED   the run's seed (printed; fresh when unset). The slow
 *                  path keeps state: a failure reproduces by running
 *                  the same seed and count again.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <sanitizer/lsan_interface.h>
#include "slowpath/slowpath.h"
#include "xdp_router/martian.h"
#include "fuzz.h"
#include "fuzzenv.h"
#include "pkt.h"

/* ASan's allocator (sanitizer/allocator_interface.h, not in GCC 12) */
size_t __sanitizer_get_current_allocated_bytes(void);

static struct xr_testenv T;
static struct fz_cfg C;
static struct xr_sp SP;
static struct xr_slow_stats ST;
static uint64_t now = 1000000000000ull;

static uint64_t fake_clock(void) { return now; }

/* What the slow path sent while one frame was handled. */
#define SENT_MAX 256
static struct sent { uint32_t ifindex; size_t len; uint8_t f[XR_XSK_FRAME_MAX]; } sent[SENT_MAX];
static int nsent;

/* The addresses the router asked for lately: ARP replies answer them. */
#define ASKED_MAX 16
static struct { uint32_t ifindex; __be32 addr; } asked[ASKED_MAX];
static unsigned int n_asked;

static struct {
	uint64_t handled, punted, arp, tx_ip, tx_icmp, tx_frag, tx_arp, bad;
	size_t peak;
} S;
static uint64_t seed, iter;
static char why[256];
static struct fz_rng xmit_rng;

#define REPORT_MAX 3
#define ICMP_ERR_MAX 576       /* RFC 1812 4.3.2.3: an error fits 576 bytes */

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

static const char *arp_invalid(const struct fz_link *l, const uint8_t *f, size_t len)
{
	__be32 sip;

	if (len < 42)
		return "ARP frame too short";
	if (fz_get16(f + 14) != 1 || fz_get16(f + 16) != 0x0800 || f[18] != 6 ||
	    f[19] != 4)
		return "ARP hardware/protocol fields";
	if (fz_get16(f + 20) != 1 && fz_get16(f + 20) != 2)
		return "ARP operation";
	if (memcmp(f + 22, l->mac, 6))
		return "ARP sender MAC is not the link's";
	memcpy(&sip, f + 28, 4);
	if (!fz_is_local(&C, sip))
		return "ARP sender address is not the router's";
	return NULL;
}

static const char *ip_invalid(const struct fz_link *l, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14;

	if (f[0] & 1)
		return "IPv4 to an L2 broadcast/multicast";
	if (!fz_ip_valid(ip, len - 14) || fz_get16(ip + 2) != len - 14)
		return "invalid IPv4 header (version, IHL, length, checksum)";
	if (ip[8] == 0)
		return "TTL 0 sent";
	if (len - 14 > l->mtu)
		return "larger than the link's MTU";
	return NULL;
}

/* Any frame, whenever sent: a valid ARP or IPv4 frame from the link. */
static int cap_xmit(void *arg, uint32_t ifindex, const uint8_t *f, size_t len)
{
	const struct fz_link *l = fz_link(&C, ifindex);
	const char *w = NULL;

	if (!l || !l->attached)
		w = "sent on a link not attached";
	else if (len < 14 || len > XR_XSK_FRAME_MAX)
		w = "frame length";
	else if (memcmp(f + 6, l->mac, 6))
		w = "source MAC is not the link's";
	else if (fz_get16(f + 12) == 0x0806)
		w = arp_invalid(l, f, len);
	else if (fz_get16(f + 12) == 0x0800)
		w = ip_invalid(l, f, len);
	else
		w = "neither IPv4 nor ARP";
	if (w) {
		violation("%s", w);
		fz_hexdump(stderr, "  sent", f, len);
		return 0;
	}
	if (fz_get16(f + 12) == 0x0806) {
		S.tx_arp++;
		if (fz_get16(f + 20) == 1) {
			asked[n_asked % ASKED_MAX].ifindex = ifindex;
			memcpy(&asked[n_asked++ % ASKED_MAX].addr, f + 38, 4);
		}
	} else {
		S.tx_ip++;
	}
	if (nsent < SENT_MAX) {
		sent[nsent].ifindex = ifindex;
		sent[nsent].len = len;
		memcpy(sent[nsent++].f, f, len);
	}
	return fz_pct(&xmit_rng, 2) ? -ENOBUFS : 0;   /* now and then a full ring */
}

/* The datagram handed over, as the slow path may take it (from the
 * bytes: xr_sp_handle's own acceptance). */
struct dgram {
	const uint8_t *ip;
	size_t hl, tot;
	int l2_bcast;
};

static int dgram_of(const uint8_t *f, size_t len, const struct xr_punt_meta *m,
		    struct dgram *d)
{
	if (m->magic != XR_PUNT_MAGIC || m->ifindex >= XR_MAX_IFINDEX ||
	    len < 34 || f[14] >> 4 != 4)
		return -1;
	d->ip = f + 14;
	d->hl = (size_t)(f[14] & 15) * 4;
	d->tot = fz_get16(f + 16);
	d->l2_bcast = f[0] & 1;
	return d->hl >= 20 && d->tot >= d->hl && d->tot <= len - 14 ? 0 : -1;
}

static int icmp_is_error(const struct dgram *d)
{
	uint8_t t;

	if (d->ip[9] != 1)
		return 0;
	if (d->tot <= d->hl)
		return 1;                  /* no type: the kernel says error */
	t = d->ip[d->hl];
	return t == 3 || t == 4 || t == 5 || t == 11 || t == 12 || t > 18;
}

/* May an ICMP error be sent about d at all (RFC 1812 4.3.2.7)? */
static const char *icmp_not_allowed(const struct dgram *d)
{
	uint32_t s, t;

	memcpy(&s, d->ip + 12, 4);
	memcpy(&t, d->ip + 16, 4);
	s = ntohl(s);
	t = ntohl(t);

	if (d->l2_bcast)
		return "ICMP error about an L2 broadcast";
	if (IPV4_IS_MULTICAST(t) || IPV4_IS_LBCAST(t))
		return "ICMP error about a multicast/broadcast destination";
	if (IPV4_IS_ZERONET(s) || IPV4_IS_LOOPBACK(s) || IPV4_IS_MULTICAST(s) ||
	    IPV4_IS_LBCAST(s))
		return "ICMP error about a martian source";
	if (fz_get16(d->ip + 6) & 0x1fff)
		return "ICMP error about a non-first fragment";
	if (icmp_is_error(d))
		return "ICMP error about an ICMP error";
	return NULL;
}

/* The quote: the offending header and the start of its payload, as
 * received (the TTL may be one less: a redirect quotes it forwarded;
 * options may have been processed). */
static const char *quote_wrong(const struct dgram *d, const uint8_t *q, size_t qlen)
{
	size_t want = d->tot < ICMP_ERR_MAX - 28 ? d->tot : ICMP_ERR_MAX - 28;

	if (qlen != want)
		return "ICMP quote length";
	if (memcmp(q, d->ip, 8) || q[9] != d->ip[9] || memcmp(q + 12, d->ip + 12, 8))
		return "ICMP quote: not the offending header";
	if (q[8] != d->ip[8] && q[8] != (uint8_t)(d->ip[8] - 1))
		return "ICMP quote: TTL";
	if (qlen > d->hl && memcmp(q + d->hl, d->ip + d->hl, qlen - d->hl))
		return "ICMP quote: not the offending payload";
	return NULL;
}

static const char *icmp_wrong(const struct dgram *d, const uint8_t *ip)
{
	size_t tot = fz_get16(ip + 2);
	uint8_t t = ip[20];
	__be32 src;

	memcpy(&src, ip + 12, 4);
	if ((ip[0] & 15) != 5 || tot < 28 || ip[9] != 1)
		return "neither forwarded nor an ICMP error";
	if (pkt_csum(ip + 20, tot - 20))
		return "ICMP checksum";
	if (t != 3 && t != 5 && t != 11 && t != 12)
		return "ICMP type not an error";
	if (!fz_is_local(&C, src))
		return "ICMP error not from the router's address";
	if (memcmp(ip + 16, d->ip + 12, 4))
		return "ICMP error not to the offender's source";
	S.tx_icmp++;
	return icmp_not_allowed(d) ?: quote_wrong(d, ip + 28, tot - 28);
}

static int same_datagram(const struct dgram *d, const uint8_t *ip)
{
	return !memcmp(ip + 12, d->ip + 12, 8) && !memcmp(ip + 4, d->ip + 4, 2) &&
	       ip[9] == d->ip[9];
}

/* Forwarded pieces of d, in the order sent: they must reassemble to its
 * payload, each piece with TTL - 1, fragments without DF. */
static const char *pieces_wrong(const struct dgram *d, int *idx, int n)
{
	uint16_t dfo = fz_get16(d->ip + 6);
	size_t at = (size_t)(dfo & 0x1fff) * 8, end = at + d->tot - d->hl;
	int i;

	for (i = 0; i < n; i++) {
		const uint8_t *ip = sent[idx[i]].f + 14;
		size_t hl = (size_t)(ip[0] & 15) * 4, pl = fz_get16(ip + 2) - hl;
		uint16_t fo = fz_get16(ip + 6);
		int last = i == n - 1;

		if (ip[8] != (uint8_t)(d->ip[8] - 1))
			return "forwarded TTL is not TTL - 1";
		if ((size_t)(fo & 0x1fff) * 8 != at)
			return "fragment offsets do not follow";
		if (hl < 20 || at + pl > end || memcmp(ip + hl, d->ip + d->hl + at -
						     (size_t)(dfo & 0x1fff) * 8, pl))
			return "fragment payload differs from the original";
		if (n > 1 && (fo & 0x4000))
			return "fragment with DF";
		if ((fo & 0x2000) != (last ? (dfo & 0x2000) : 0x2000))
			return "fragment MF flag";
		if (!last && pl % 8)
			return "fragment not a multiple of 8 bytes";
		at += pl;
	}
	return n && at != end ? "fragments do not cover the payload" : NULL;
}

/* Every IPv4 frame sent while d was handled: forwarded, or an error. */
static void check_sent(const struct dgram *d)
{
	int idx[SENT_MAX], n = 0, i;
	const char *w = NULL;

	for (i = 0; i < nsent && !w; i++) {
		const uint8_t *ip = sent[i].f + 14;

		if (fz_get16(sent[i].f + 12) != 0x0800)
			continue;
		if (same_datagram(d, ip))
			idx[n++] = i;
		else
			w = icmp_wrong(d, ip);
	}
	if (!w)
		w = pieces_wrong(d, idx, n);
	if (n > 1)
		S.tx_frag += (uint64_t)n;
	if (w) {
		violation("%s", w);
		fz_hexdump(stderr, "  handed over", d->ip - 14, d->tot + 14);
		if (i > 0)
			fz_hexdump(stderr, "  sent", sent[i - 1].f, sent[i - 1].len);
	}
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

/* A punted frame: through the XDP entry when it punts (its metadata,
 * sometimes mutated after), else as generated with random metadata. */
static int punted(struct fz_rng *r, struct fz_frame *f, struct xr_punt_meta *m)
{
	static uint8_t out[FZ_OUT_MAX];
	uint32_t ml;
	size_t ol;
	int v;

	fz_gen(r, &C, f);
	if (fz_pct(r, 40)) {
		gen_meta(r, m);
		return 1;
	}
	if (fz_pct(r, 70))
		f->ifindex = T.if_in;           /* where the socket is published */
	v = fz_run_xdp(&T, f, out, &ol, &ml);
	cr_assert_geq(v, 0, "BPF_PROG_TEST_RUN: %s", strerror(-v));
	if (v != FZ_V_PUNT)
		return 0;
	S.punted++;
	memcpy(m, out, sizeof(*m));
	f->len = ol - ml;
	memcpy(f->d, out + ml, f->len);
	if (fz_pct(r, 25))
		meta_field(r, m, fz_below(r, 8));
	if (fz_pct(r, 10) && f->len)
		f->d[fz_below(r, (uint32_t)(f->len < 80 ? f->len : 80))] ^=
			(uint8_t)(1 + fz_below(r, 255));
	return 1;
}

static void handle_one(struct fz_rng *r)
{
	static struct fz_frame f, orig;
	struct xr_punt_meta m;
	struct dgram d;
	uint8_t *buf;
	int i;

	if (!punted(r, &f, &m))
		return;
	orig = f;
	buf = malloc(f.len ? f.len : 1);     /* its exact size: ASan sees beyond */
	cr_assert(buf);
	memcpy(buf, f.d, f.len);
	nsent = 0;
	S.handled++;
	xr_sp_handle(&SP, buf, f.len, &m);
	free(buf);
	if (!dgram_of(orig.d, orig.len, &m, &d)) {
		check_sent(&d);
		return;
	}
	for (i = 0; i < nsent; i++)
		if (fz_get16(sent[i].f + 12) == 0x0800)
			violation("sent IPv4 about a frame it cannot take");
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

static void setup(void)
{
	struct xr_sp_parms p;

	fz_setup(&T, &C);
	xr_sp_parms_default(&p);
	cr_assert_eq(xr_sp_init(&SP, NULL, &T.m, &ST, &p, cap_xmit, NULL), 0);
	SP.clock = fake_clock;
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
		S.tx_icmp, S.tx_frag, S.tx_arp, S.peak >> 10, left >> 10, S.bad);
	cr_assert_eq(S.bad, 0, "%" PRIu64 " violations (XR_FUZZ_SEED=0x%" PRIx64
		     " XR_FUZZ_COUNT=%" PRIu64 "): %s", S.bad, seed, n, why);
	cr_assert_lt(left, 1u << 20, "%zu bytes still held after draining", left);
	xr_sp_fini(&SP);
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "leaks (above)");
}
