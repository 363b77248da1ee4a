// SPDX-License-Identifier: GPL-2.0
/*
 * FRR's Forwarding Plane Manager (sync/fpm.h): a TCP listener, one
 * zebra connection at a time, its byte stream cut into frames (FRR's
 * fpm/fpm.h: version 1, type 1 = netlink, a 16-bit length in network
 * order that includes the 4-byte header) whatever the reads' sizes, and
 * the netlink messages of each frame (one or more: zebra sends a route
 * update as RTM_DELROUTE and RTM_NEWROUTE in one frame) to the mirror
 * (xr_ksync_feed, the walk the kernel's messages take).
 * docs/kernel-sync.md, "FPM".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "lib/err.h"
#include "sync/fpm.h"
#include "lib/clock.h"
#include "sync/ksync.h"

#define FPM_HDR        4
#define FPM_VERSION    1
#define FPM_NETLINK    1
#define FPM_FRAME_MAX  65535u             /* the header's length is 16 bits */
#define FPM_BUF        (2 * 65536)        /* a whole frame + the next read */
#define FPM_SETTLE_MS  3000u

struct xr_fpm {
	struct xr_mirror *mi;
	uint64_t *ctr;             /* XR_SYNC_COUNTER_LIST, or NULL */
	int lfd;                   /* the listener */
	int cfd;                   /* zebra's connection; -1: none */
	unsigned int settle_ms;
	int replaying;             /* a connection's replay is not swept yet */
	uint64_t last_ns;          /* its last frame (or its accept) */
	size_t len;                /* bytes in buf */
	uint8_t buf[FPM_BUF] __attribute__((aligned(8)));
	/* a payload that does not start on 4 bytes (zebra's always do), copied */
	uint8_t aligned[FPM_FRAME_MAX] __attribute__((aligned(8)));
};

static void count(struct xr_fpm *f, int i)
{
	if (f->ctr)
		f->ctr[i]++;
}

/* ---- addresses ---- */

/* addr (NULL: 127.0.0.1), IPv4 or IPv6, and port as a socket address. */
static int sockaddr_of(const char *addr, uint16_t port,
		       struct sockaddr_storage *ss, socklen_t *sl)
{
	struct sockaddr_in *in = (void *)ss;
	struct sockaddr_in6 *in6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (!addr)
		addr = "127.0.0.1";
	if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		*sl = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		*sl = sizeof(*in6);
		return 0;
	}
	return -EINVAL;
}

/* A port: 1 .. 65535, digits only. */
static int parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 5)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (!v || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* The ADDR of "ADDR:PORT" or "[ADDR]:PORT" (n bytes long at s), checked
 * to be an address, into addr. */
static int copy_addr(const char *s, size_t n, char *addr, size_t addrlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int br = n >= 2 && s[0] == '[' && s[n - 1] == ']';

	if (br) {
		s++;
		n -= 2;
	}
	if (!n || n >= addrlen)
		return -EINVAL;
	memcpy(addr, s, n);
	addr[n] = 0;
	if (!br && strchr(addr, ':'))
		return -EINVAL;    /* an IPv6 address without brackets */
	if (br && !strchr(addr, ':'))
		return -EINVAL;    /* brackets are for IPv6 */
	return sockaddr_of(addr, 1, &ss, &sl);
}

int xr_fpm_parse_addr(const char *s, char *addr, size_t addrlen,
		      uint16_t *port)
{
	const char *colon;

	if (!s || !addr || addrlen < sizeof("127.0.0.1"))
		return -EINVAL;
	colon = strrchr(s, ':');
	if (!colon) {
		strcpy(addr, "127.0.0.1");
		return parse_port(s, port);
	}
	if (copy_addr(s, (size_t)(colon - s), addr, addrlen))
		return -EINVAL;
	return parse_port(colon + 1, port);
}

/* ---- the listener and the connection ---- */

static int listen_on(const char *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1, fd, err;

	if (sockaddr_of(addr, port, &ss, &sl))
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 4)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int xr_fpm_open(struct xr_fpm **out, struct xr_mirror *mi, const char *addr,
		uint16_t port, unsigned int settle_ms, uint64_t *counters)
{
	struct xr_fpm *f;
	int fd;

	*out = NULL;
	if (!mi || !port)
		return -EINVAL;
	fd = listen_on(addr, port);
	if (fd < 0)
		return fd;
	f = calloc(1, sizeof(*f));
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	f->mi = mi;
	f->ctr = counters;
	f->lfd = fd;
	f->cfd = -1;
	f->settle_ms = settle_ms ? settle_ms : FPM_SETTLE_MS;
	*out = f;
	return 0;
}

/* The connection ends; every route stays (forwarding goes on) until a
 * new connection's replay has settled. */
static void drop_conn(struct xr_fpm *f)
{
	if (f->cfd >= 0)
		close(f->cfd);
	f->cfd = -1;
	f->len = 0;
	f->replaying = 0;
}

void xr_fpm_close(struct xr_fpm *f)
{
	if (!f)
		return;
	drop_conn(f);
	close(f->lfd);
	free(f);
}

void xr_fpm_fds(const struct xr_fpm *f, int *fds, int *n)
{
	int k = 0;

	if (*n > k)
		fds[k++] = f->lfd;
	if (*n > k && f->cfd >= 0)
		fds[k++] = f->cfd;
	*n = k;
}

/* A new connection replaces the current one (zebra keeps one; a new one
 * means it started over) and begins a resync: zebra sends everything. */
static void accept_conn(struct xr_fpm *f)
{
	int fd = accept4(f->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	drop_conn(f);
	f->cfd = fd;
	f->replaying = 1;
	f->last_ns = xr_mono_ns();
	count(f, XR_SYNC_FpmConnections);
	xr_mirror_resync_begin(f->mi, XR_MIRROR_ROUTES);
}

/* ---- frames ---- */

/* One frame at p, whole (flen bytes). */
static void frame(struct xr_fpm *f, const uint8_t *p, size_t flen)
{
	f->last_ns = xr_mono_ns();
	if (p[0] != FPM_VERSION || p[1] != FPM_NETLINK) {
		count(f, XR_SYNC_FpmBadFrames);
		return;
	}
	count(f, XR_SYNC_FpmFrames);
	p += FPM_HDR;
	flen -= FPM_HDR;
	if ((uintptr_t)p % 4) {
		memcpy(f->aligned, p, flen);
		p = f->aligned;
	}
	xr_ksync_feed(f->mi, p, flen, f->ctr);
}

/* The length of the frame at p (its header there), or 0 when it cannot
 * be one: shorter than its own header. */
static size_t frame_len(const uint8_t *p)
{
	size_t flen = (size_t)p[2] << 8 | p[3];

	return flen < FPM_HDR ? 0 : flen;
}

/* The whole frames in buf, at most max (0: all): how many; what is left
 * (a frame's beginning) moves to the front. -EPROTO: a length no frame
 * can have; the stream cannot be followed any further. */
static int frames(struct xr_fpm *f, size_t max, size_t *done)
{
	size_t off = 0, flen;
	int err = 0;

	while (f->len - off >= FPM_HDR && (!max || *done < max)) {
		flen = frame_len(f->buf + off);
		if (!flen) {
			err = -EPROTO;
			break;
		}
		if (f->len - off < flen)
			break;
		frame(f, f->buf + off, flen);
		off += flen;
		(*done)++;
	}
	memmove(f->buf, f->buf + off, f->len - off);
	f->len -= off;
	return err;
}

/* Read what the connection has into buf: 1 when something came, 0 when
 * nothing is waiting, -errno or -EPIPE (closed) when it is over. */
static int fill(struct xr_fpm *f)
{
	ssize_t n;

	do {
		n = read(f->cfd, f->buf + f->len, FPM_BUF - f->len);
	} while (n < 0 && errno == EINTR);
	if (n > 0) {
		f->len += (size_t)n;
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	return n ? -errno : -EPIPE;
}

/* Frames while the connection has them, at most max: 1 when more may be
 * waiting. A bad length closes the connection (counted). */
static int conn_read(struct xr_fpm *f, size_t max)
{
	size_t done = 0;
	int r;

	for (;;) {
		if (frames(f, max, &done)) {
			count(f, XR_SYNC_FpmBadFrames);
			xr_err("fpm: a frame shorter than its header: connection closed");
			drop_conn(f);
			return 0;
		}
		if (max && done >= max)
			return 1;
		r = fill(f);
		if (r <= 0) {
			if (r < 0)
				drop_conn(f);
			return 0;
		}
	}
}

/* The replay of a new connection is over once it has been quiet for
 * settle_ms: what it did not name is swept. */
static void settle(struct xr_fpm *f)
{
	uint64_t quiet = (uint64_t)f->settle_ms * 1000000ull;

	if (f->replaying && xr_mono_ns() - f->last_ns >= quiet) {
		f->replaying = 0;
		xr_mirror_resync_end(f->mi, XR_MIRROR_ROUTES);
	}
}

int xr_fpm_poll(struct xr_fpm *f, size_t max)
{
	int more = 0;

	accept_conn(f);
	if (f->cfd >= 0)
		more = conn_read(f, max);
	settle(f);
	return more;
}

int xr_fpm_timeout_ms(const struct xr_fpm *f)
{
	uint64_t quiet = (uint64_t)f->settle_ms * 1000000ull, t;

	if (!f->replaying)
		return -1;
	t = xr_mono_ns() - f->last_ns;
	return t >= quiet ? 0 : (int)((quiet - t + 999999) / 1000000);
}
