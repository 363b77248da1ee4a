/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-sync suites' setting (tests/lib/syncenv.c): testenv's
 * namespace and maps (in0, out0 attached), a state around those maps
 * (no directory, no lock), and a mirror (sync/mirror.h) writing into
 * them. Aborts on failure.
 */
#ifndef XR_TEST_SYNCENV_H
#define XR_TEST_SYNCENV_H

#include <stdint.h>
#include <sys/types.h>
#include "testenv.h"
#include "sync/mirror.h"

struct xr_syncenv {
	struct xr_testenv t;
	struct xr_state st;
	struct xr_mirror *mi;
	uint64_t ctr[32];          /* XR_SYNC_COUNTER_LIST */
	pid_t peer;                /* se_peer's namespace holder; 0: none */
};

/* testenv's setup, lo up, the mirror of table main over what. */
void se_setup(struct xr_syncenv *e, unsigned int what);
void se_teardown(struct xr_syncenv *e);
/* Commit until nothing is dirty (bounded). */
void se_commit(struct xr_syncenv *e);
/* out1 (out0's peer, MAC 02:00:00:00:00:b2) moved into a namespace of
 * its own with addr/24 (a process that dies with the test holds it). */
void se_peer(struct xr_syncenv *e, const char *addr);
/* The route dst/plen of the FIB (-ENOENT: none). */
int se_route4(struct xr_syncenv *e, const char *pfx, struct xr_route4 *rt);
int se_route6(struct xr_syncenv *e, const char *pfx, struct xr_route6 *rt);

#endif
