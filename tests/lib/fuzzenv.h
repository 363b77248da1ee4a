/* SPDX-License-Identifier: GPL-2.0 */
/* The fuzzers' namespace (tests/lib/fuzzenv.c), on top of testenv's. */
#ifndef XR_TEST_FUZZENV_H
#define XR_TEST_FUZZENV_H

#include "fuzz.h"
#include "testenv.h"

/* testenv's setup, then everything fz_cfg lists; aborts on failure. */
void fz_setup(struct xr_testenv *t, struct fz_cfg *c);

#endif
