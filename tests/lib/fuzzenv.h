/* SPDX-License-Identifier: GPL-2.0 */
/* The fuzzers' namespace (tests/lib/fuzzenv.c), on top of testenv's. */
#ifndef XR_TEST_FUZZENV_H
#define XR_TEST_FUZZENV_H

#include "fuzz.h"
#include "testenv.h"

/* The test handler fz_setup registers (make: TEST_HANDLERS). */
#define FZ_HANDLER_OBJ "build/tests/handlers/meta_pass.bpf.o"

/* testenv's setup, then everything fz_cfg lists; aborts on failure. */
void fz_setup(struct xr_testenv *t, struct fz_cfg *c);

/* out holds FZ_OUT_MAX bytes */
#define FZ_OUT_MAX (FZ_FRAME_MAX + 512)
/* Frame f through the XDP entry: its FZ_V_* verdict, out starting with
 * meta_len bytes of metadata (ol in all), or -errno from the kernel. */
int fz_run_xdp(struct xr_testenv *t, const struct fz_frame *f, uint8_t *out,
	       size_t *ol, uint32_t *meta_len);
/* The same through the tc entry, with a GSO size when not 0. */
int fz_run_tc(struct xr_testenv *t, const struct fz_frame *f, uint8_t *out,
	      size_t *ol, uint32_t gso_size);

#endif
