/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who reads the capture tap (`xdp-router capture`). One capture a
 * network namespace: the ring xr_capture and the filter xr_capture_cfg
 * are one each. A capture holds an OFD lock on <state>/capture/, a
 * directory it makes there; the kernel drops the lock when the process
 * ends, however it ends, so a tap whose reader died is found (the
 * directory is there and nobody holds it) and switched off.
 */
#ifndef XR_TAP_H
#define XR_TAP_H

#include <stdint.h>
#include "lib/state.h"

/* Under the write lock. Claim the tap for a capture of ifindex: its
 * fd (holding the lock), or -EBUSY (one line said which capture runs),
 * or -errno. */
int xr_tap_claim(struct xr_state *st, uint32_t ifindex);
/* Under the write lock: the tap off on ifindex, the claim given up. */
void xr_tap_release(struct xr_state *st, int fd, uint32_t ifindex);
/* Under the write lock: when the reader died, every link's tap off and
 * its directory gone. Returns the links switched off, or -errno. */
int xr_tap_reap(struct xr_state *st);
/* Without a lock, cheap (one openat when no capture ever ran): whether
 * xr_tap_reap has work. */
int xr_tap_orphaned(const struct xr_state *st);
/* Under the write lock, after link attach: the link's tap stays on only
 * for a live capture of it. */
int xr_tap_settle(struct xr_state *st, uint32_t ifindex);
/* The directory gone (state destroy). */
void xr_tap_remove(const struct xr_state *st);

#endif
