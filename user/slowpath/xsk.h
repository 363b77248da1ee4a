/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow path's AF_XDP sockets (libxdp's xsk API): one per rx queue of
 * every attached link, each with a UMEM of its own whose first half
 * feeds the fill ring and whose second half holds frames to transmit.
 * Bound into xr_xsks; xr_xsk_ports tells the fast path where.
 */
#ifndef XR_SP_XSK_H
#define XR_SP_XSK_H

#include <stddef.h>
#include <stdint.h>
#include <xdp/xsk.h>
#include "xdp_router/abi.h"

#define XR_XSK_FRAMES      4096
#define XR_XSK_FRAME_SIZE  XR_XSK_FRAME
#define XR_XSK_RING        2048
#define XR_XSK_MAX_QUEUES  64

struct xr_xsk {
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fq, tx;
	struct xsk_ring_cons cq, rx;
	void *area;
	uint64_t tx_free[XR_XSK_FRAMES / 2];
	uint32_t n_tx_free;
	uint32_t queue;
	int kick;                 /* frames queued since the last sendto */
	struct xdp_statistics seen;   /* XDP_STATISTICS already counted */
};

struct xr_xsk_link {
	uint32_t ifindex;
	uint32_t base;            /* first xr_xsks slot */
	uint32_t n;               /* sockets = rx queues */
	struct xr_xsk q[XR_XSK_MAX_QUEUES];
};

/* Open a socket on rx queues 0..nq-1 of ifindex and bind them at slots
 * base..base+nq-1; xsks_fd and ports_fd are xr_xsks and xr_xsk_ports. */
int xr_xsk_link_open(struct xr_xsk_link *l, uint32_t ifindex, uint32_t base,
		     uint32_t nq, int xsks_fd, int ports_fd);
/* Unpublish (ports first), then close. */
void xr_xsk_link_close(struct xr_xsk_link *l, int xsks_fd, int ports_fd);
/* Rx queues of a link (sysfs). */
int xr_xsk_queues(uint32_t ifindex);

/* The socket's XDP_STATISTICS grown since the last call, in d. */
int xr_xsk_stats_delta(struct xr_xsk *s, struct xdp_statistics *d);

/* Received frames: up to max descriptors; call done() after use. */
uint32_t xr_xsk_rx_peek(struct xr_xsk *s, uint32_t max, uint32_t *idx);
void xr_xsk_rx_done(struct xr_xsk *s, uint32_t idx, uint32_t n);
/* Queue one frame for transmission (copied); xr_xsk_flush sends. */
int xr_xsk_tx(struct xr_xsk *s, const void *frame, size_t len);
/* Hand the queued frames to the kernel; 0 when all are sent, -EAGAIN
 * when some wait for the next call (kick stays set). */
int xr_xsk_flush(struct xr_xsk *s);

#endif
