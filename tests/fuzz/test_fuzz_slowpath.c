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
 * Every frame the slow path transmits is checked from its bytes
 * (tests/fuzz/spcheck.c): a valid ARP or IPv4 frame from the link's MAC
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
#include <sanitizer/lsan_interface.h>
#include "slowpath/slowpath.h"
#include "fuzz.h"
#include "fuzzenv.h"
#include "spcheck.h"

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

static struct {
	uint64_t handled, punted, arp, tx_ip, tx_arp, bad;
	struct fz_sp_seen seen;
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
	const char *w = fz_sp_frame_wrong(&C, ifindex, f, len);

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
	const char *w;
	uint8_t *buf;

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
	w = fz_sp_handled_wrong(&C, orig.d, orig.len, &m, sent, nsent, &S.seen);
	if (w) {
		violation("%s", w);
		fz_hexdump(stderr, "  handed over", orig.d, orig.len);
		if (nsent)
			fz_hexdump(stderr, "  last sent", sent[nsent - 1].f,
				   sent[nsent - 1].len);
	}
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
		S.seen.icmp, S.seen.frags, S.tx_arp, S.peak >> 10, left >> 10, S.bad);
	cr_assert_eq(S.bad, 0, "%" PRIu64 " violations (XR_FUZZ_SEED=0x%" PRIx64
		     " XR_FUZZ_COUNT=%" PRIu64 "): %s", S.bad, seed, n, why);
	cr_assert_lt(left, 1u << 20, "%zu bytes still held after draining", left);
	xr_sp_fini(&SP);
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "leaks (above)");
}
