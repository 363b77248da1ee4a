// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path fuzzed through both entries: random frames and mutations
 * of valid ones (tests/lib/fuzzgen.c) run with BPF_PROG_TEST_RUN on the
 * namespace of tests/lib/fuzzenv.c, every output judged by the
 * invariants of tests/lib/fuzzcheck.c. One case per entry; the two run
 * in parallel (Criterion's jobs).
 *
 *   XR_FUZZ_COUNT  frames per entry (100,000; `make fuzz`: 10,000,000)
 *   XR_FUZZ_SEED   the run's seed (printed; fresh when unset)
 *   XR_FUZZ_FIRST  the first frame's number (0): with XR_FUZZ_COUNT=1,
 *                  one reported frame alone
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "fuzz.h"
#include "fuzzenv.h"
#include "testenv.h"

static struct xr_testenv T;
static struct fz_cfg C;

static void setup(void) { fz_setup(&T, &C); }
static void teardown(void) { te_teardown(&T); }

TestSuite(fuzz, .init = setup, .fini = teardown);

#define REPORT_MAX 3

static void report(const char *entry, uint64_t seed, uint64_t i,
		   const struct fz_frame *f, int v, const uint8_t *out,
		   size_t ol, const char *why)
{
	fprintf(stderr, "fuzz %s: VIOLATION at frame %" PRIu64 " (%s, ingress %u): %s\n"
		"  reproduce: XR_FUZZ_SEED=0x%" PRIx64 " XR_FUZZ_FIRST=%" PRIu64
		" XR_FUZZ_COUNT=1 %s --filter 'fuzz/%s'\n",
		entry, i, fz_verdict_name[v], f->ifindex, why, seed, i,
		"build/tests/bpf/test_fuzz", entry);
	fz_hexdump(stderr, "  in", f->d, f->len);
	if (v != FZ_V_REFUSED)
		fz_hexdump(stderr, "  out", out, ol);
}

static void fuzz_entry(const char *entry, int tc)
{
	uint64_t seed = fz_env_seed(), first = fz_env_u64("XR_FUZZ_FIRST", 0);
	uint64_t n = fz_env_u64("XR_FUZZ_COUNT", 100000), i, bad = 0, first_bad = 0;
	uint64_t cnt[FZ_V_MAX] = { 0 };
	static uint8_t out[FZ_OUT_MAX];
	static struct fz_frame f;
	char why[200];
	time_t t0 = time(NULL);
	int v, k;

	fprintf(stderr, "fuzz %s: seed 0x%" PRIx64 ", frames %" PRIu64 "..%" PRIu64 "\n",
		entry, seed, first, first + n - 1);
	for (i = first; i < first + n; i++) {
		struct fz_rng r = fz_rng_at(seed, i);
		size_t ol = 0;
		uint32_t ml;
		const char *w;

		fz_gen(&r, &C, &f);
		ml = 0;
		v = tc ? fz_run_tc(&T, &f, out, &ol, fz_pct(&r, 6) ? 1 + fz_below(&r, 1500) : 0)
		       : fz_run_xdp(&T, &f, out, &ol, &ml);
		cr_assert_geq(v, 0, "BPF_PROG_TEST_RUN: %s", strerror(-v));
		cnt[v]++;
		w = fz_check_fast(&C, &f, v, out + ml, ol - ml, out, ml, why, sizeof(why));
		if (!w)
			continue;
		if (!bad++)
			first_bad = i;
		if (bad <= REPORT_MAX)
			report(entry, seed, i, &f, v, out + ml, ol - ml, w);
	}
	fprintf(stderr, "fuzz %s: %" PRIu64 " frames in %lds:", entry, n,
		(long)(time(NULL) - t0));
	for (k = 0; k < FZ_V_MAX; k++)
		fprintf(stderr, " %s %" PRIu64, fz_verdict_name[k], cnt[k]);
	fprintf(stderr, "; to the handler %" PRIu64 "; violations %" PRIu64 "\n",
		te_counter(&T, tc ? CNT_OTHER(ProtoAtTc) : CNT_OTHER(ProtoDispatched)), bad);
	cr_assert_eq(bad, 0, "%s: %" PRIu64 " violations, the first at frame %" PRIu64
		     " (XR_FUZZ_SEED=0x%" PRIx64 " XR_FUZZ_FIRST=%" PRIu64 " XR_FUZZ_COUNT=1)",
		     entry, bad, first_bad, seed, first_bad);
}

Test(fuzz, xdp) { fuzz_entry("xdp", 0); }
Test(fuzz, tc) { fuzz_entry("tc", 1); }
