/* SPDX-License-Identifier: GPL-2.0 */
/* The slow path's fuzzer: what it may send (tests/fuzz/spcheck.c). */
#ifndef XR_TEST_SPCHECK_H
#define XR_TEST_SPCHECK_H

#include "slowpath/slowpath.h"
#include "fuzz.h"

struct fz_sent {
	uint32_t ifindex;
	size_t len;
	uint8_t f[XR_XSK_FRAME_MAX];
};
#define FZ_SENT_MAX 256

struct fz_sp_seen {
	uint64_t icmp, frags;
};

/* Any frame sent on ifindex, whenever: a valid ARP frame (from the link's
 * MAC and a router address) or IPv4 frame (header, exact length,
 * checksum, TTL > 0, unicast, within the link's MTU). NULL or what is
 * wrong. */
const char *fz_sp_frame_wrong(const struct fz_cfg *c, uint32_t ifindex,
			      const uint8_t *f, size_t len);
/*
 * The IPv4 frames among sent[0 .. nsent) while frame (len bytes, with
 * metadata m, as it was before) was handled: pieces of it forwarded (TTL
 * - 1, fragments that reassemble to its payload) or ICMP errors about it
 * (to its source, from a router address, checksum, quote, and only about
 * a datagram that may have one); none for a frame the slow path cannot
 * take. NULL or what is wrong; seen counts the errors and fragments.
 */
const char *fz_sp_handled_wrong(const struct fz_cfg *c, const uint8_t *frame,
				size_t len, const struct xr_punt_meta *m,
				const struct fz_sent *sent, int nsent,
				struct fz_sp_seen *seen);

#endif
