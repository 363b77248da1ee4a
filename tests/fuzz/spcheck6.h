/* SPDX-License-Identifier: GPL-2.0 */
/* The slow path's fuzzer, IPv6: what it may send (tests/fuzz/spcheck6.c). */
#ifndef XR_TEST_SPCHECK6_H
#define XR_TEST_SPCHECK6_H

#include "spcheck.h"

struct fz_sp6_seen {
	uint64_t errors, forwarded, redirects, solicits;
};

/* Any IPv6 frame sent on link l: version 6, the exact payload length, a
 * hop limit, within the link's MTU (1280 at least); to a multicast MAC
 * only a neighbour solicitation to the target's solicited-node address
 * and its MAC (its checksum correct). */
const char *fz_sp6_frame_wrong(const struct fz_link *l, const uint8_t *f,
			       size_t len);
/*
 * The IPv6 frames among sent[0 .. nsent) while frame (len bytes, with
 * metadata m, as it was before) was handled: the packet forwarded (hop
 * limit - 1, every other byte the same), ICMPv6 errors about it (to its
 * source, hop limit 64, checksum, quoting its first bytes, only when one may be
 * sent: never about an ICMPv6 error, from :: or a multicast source, to a
 * multicast destination but packet too big and 4/2), a redirect about it
 * or neighbour solicitations; nothing for a frame the slow path cannot
 * take. NULL or what is wrong.
 */
const char *fz_sp6_handled_wrong(const uint8_t *frame, size_t len,
				 const struct xr_punt_meta *m,
				 const struct fz_sent *sent, int nsent,
				 struct fz_sp6_seen *seen);

#endif
