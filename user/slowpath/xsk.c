// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "slowpath/xsk.h"

int xr_xsk_queues(uint32_t ifindex)
{
	char name[IF_NAMESIZE], path[64 + IF_NAMESIZE];
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (!if_indextoname(ifindex, name))
		return -errno;
	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", name);
	d = opendir(path);
	if (!d)
		return 1;
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "rx-", 3);
	closedir(d);
	return n > 0 ? n : 1;
}

static void xsk_close(struct xr_xsk *s)
{
	if (s->xsk)
		xsk_socket__delete(s->xsk);
	if (s->umem)
		xsk_umem__delete(s->umem);
	if (s->area)
		munmap(s->area, (size_t)XR_XSK_FRAMES * XR_XSK_FRAME_SIZE);
	memset(s, 0, sizeof(*s));
}

static int xsk_open(struct xr_xsk *s, const char *ifname, uint32_t queue)
{
	struct xsk_socket_config cfg = {
		.rx_size = XR_XSK_RING,
		.tx_size = XR_XSK_RING,
		/* our own program redirects; libxdp must not load its own */
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_USE_NEED_WAKEUP,
	};
	struct xsk_umem_config ucfg = {
		.fill_size = XR_XSK_RING,
		.comp_size = XR_XSK_RING,
		.frame_size = XR_XSK_FRAME_SIZE,
		.frame_headroom = 0,
	};
	size_t len = (size_t)XR_XSK_FRAMES * XR_XSK_FRAME_SIZE;
	uint32_t i, idx;
	int err;

	memset(s, 0, sizeof(*s));
	s->queue = queue;
	s->area = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->area == MAP_FAILED) {
		s->area = NULL;
		return -errno;
	}
	err = xsk_umem__create(&s->umem, s->area, len, &s->fq, &s->cq, &ucfg);
	if (!err)
		err = xsk_socket__create(&s->xsk, ifname, queue, s->umem, &s->rx,
					 &s->tx, &cfg);
	if (err) {
		xsk_close(s);
		return err < 0 ? err : -err;
	}
	/* first half: receive buffers; second half: transmit frames */
	if (xsk_ring_prod__reserve(&s->fq, XR_XSK_FRAMES / 2, &idx) !=
	    XR_XSK_FRAMES / 2) {
		xsk_close(s);
		return -ENOMEM;
	}
	for (i = 0; i < XR_XSK_FRAMES / 2; i++)
		*xsk_ring_prod__fill_addr(&s->fq, idx + i) =
			(uint64_t)i * XR_XSK_FRAME_SIZE;
	xsk_ring_prod__submit(&s->fq, XR_XSK_FRAMES / 2);
	for (i = 0; i < XR_XSK_FRAMES / 2; i++)
		s->tx_free[i] = (uint64_t)(XR_XSK_FRAMES / 2 + i) * XR_XSK_FRAME_SIZE;
	s->n_tx_free = XR_XSK_FRAMES / 2;
	return 0;
}

int xr_xsk_link_open(struct xr_xsk_link *l, uint32_t ifindex, uint32_t base,
		     uint32_t nq, int xsks_fd, int ports_fd)
{
	char name[IF_NAMESIZE];
	struct xr_xsk_port port = { .base = base };
	int err = 0, fd;
	uint32_t i, slot;

	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	l->base = base;
	if (!if_indextoname(ifindex, name))
		return -errno;
	if (nq < 1 || nq > XR_XSK_MAX_QUEUES || base + nq > XR_XSK_SLOTS)
		return -ERANGE;
	for (i = 0; i < nq && !err; i++) {
		err = xsk_open(&l->q[i], name, i);
		if (err)
			break;
		l->n++;
		fd = xsk_socket__fd(l->q[i].xsk);
		slot = base + i;
		if (bpf_map_update_elem(xsks_fd, &slot, &fd, BPF_ANY) < 0)
			err = -errno;
	}
	if (err) {
		xr_xsk_link_close(l, xsks_fd, ports_fd);
		return err;
	}
	port.queues = l->n;   /* published last: every slot is bound */
	if (bpf_map_update_elem(ports_fd, &ifindex, &port, BPF_ANY) < 0) {
		err = -errno;
		xr_xsk_link_close(l, xsks_fd, ports_fd);
	}
	return err;
}

void xr_xsk_link_close(struct xr_xsk_link *l, int xsks_fd, int ports_fd)
{
	struct xr_xsk_port none = { 0 };
	uint32_t i, slot;

	if (ports_fd >= 0)
		bpf_map_update_elem(ports_fd, &l->ifindex, &none, BPF_ANY);
	for (i = 0; i < l->n; i++) {
		slot = l->base + i;
		if (xsks_fd >= 0)
			bpf_map_delete_elem(xsks_fd, &slot);
		xsk_close(&l->q[i]);
	}
	l->n = 0;
}

int xr_xsk_stats_delta(struct xr_xsk *s, struct xdp_statistics *d)
{
	struct xdp_statistics now = { 0 };
	socklen_t len = sizeof(now);

	memset(d, 0, sizeof(*d));
	if (getsockopt(xsk_socket__fd(s->xsk), SOL_XDP, XDP_STATISTICS, &now,
		       &len) < 0)
		return -errno;
	d->rx_dropped = now.rx_dropped - s->seen.rx_dropped;
	d->rx_invalid_descs = now.rx_invalid_descs - s->seen.rx_invalid_descs;
	d->tx_invalid_descs = now.tx_invalid_descs - s->seen.tx_invalid_descs;
	d->rx_ring_full = now.rx_ring_full - s->seen.rx_ring_full;
	d->rx_fill_ring_empty_descs = now.rx_fill_ring_empty_descs -
				      s->seen.rx_fill_ring_empty_descs;
	s->seen = now;
	return 0;
}

uint32_t xr_xsk_rx_peek(struct xr_xsk *s, uint32_t max, uint32_t *idx)
{
	return xsk_ring_cons__peek(&s->rx, max, idx);
}

/* Give the n descriptors from idx back to the fill ring. */
void xr_xsk_rx_done(struct xr_xsk *s, uint32_t idx, uint32_t n)
{
	uint32_t i, fidx;

	while (xsk_ring_prod__reserve(&s->fq, n, &fidx) != n)
		;   /* the fill ring holds every rx frame: never full */
	for (i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&s->fq, fidx + i) =
			xsk_umem__extract_addr(xsk_ring_cons__rx_desc(&s->rx, idx + i)->addr);
	xsk_ring_prod__submit(&s->fq, n);
	xsk_ring_cons__release(&s->rx, n);
	if (xsk_ring_prod__needs_wakeup(&s->fq))
		recvfrom(xsk_socket__fd(s->xsk), NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

static void tx_reclaim(struct xr_xsk *s)
{
	uint32_t i, idx, n = xsk_ring_cons__peek(&s->cq, XR_XSK_RING, &idx);

	for (i = 0; i < n; i++)
		s->tx_free[s->n_tx_free++] = *xsk_ring_cons__comp_addr(&s->cq, idx + i);
	xsk_ring_cons__release(&s->cq, n);
}

int xr_xsk_tx(struct xr_xsk *s, const void *frame, size_t len)
{
	struct xdp_desc *d;
	uint32_t idx;
	uint64_t addr;

	if (len > XR_XSK_FRAME_SIZE)
		return -EMSGSIZE;
	if (!s->n_tx_free)
		tx_reclaim(s);
	if (!s->n_tx_free) {
		xr_xsk_flush(s);
		tx_reclaim(s);
		if (!s->n_tx_free)
			return -ENOBUFS;
	}
	if (xsk_ring_prod__reserve(&s->tx, 1, &idx) != 1)
		return -ENOBUFS;
	addr = s->tx_free[--s->n_tx_free];
	memcpy(xsk_umem__get_data(s->area, addr), frame, len);
	d = xsk_ring_prod__tx_desc(&s->tx, idx);
	d->addr = addr;
	d->len = (uint32_t)len;
	d->options = 0;
	xsk_ring_prod__submit(&s->tx, 1);
	s->kick = 1;
	return 0;
}

int xr_xsk_flush(struct xr_xsk *s)
{
	int i;

	if (!s->kick)
		return 0;
	/* Copy mode transmits in sendto(), at most 32 frames a call
	 * (EAGAIN: more to go). Bounded: what is left waits for the next
	 * turn of the loop, with kick still set. */
	for (i = 0; i < 64; i++) {
		if (sendto(xsk_socket__fd(s->xsk), NULL, 0, MSG_DONTWAIT,
			   NULL, 0) < 0 &&
		    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
			break;
		tx_reclaim(s);
		if (s->n_tx_free == XR_XSK_FRAMES / 2) {
			s->kick = 0;
			return 0;
		}
	}
	return -EAGAIN;
}
