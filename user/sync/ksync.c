// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the mirror (sync/ksync.h): rtnetlink through
 * libmnl. The event socket joins the groups before any dump is asked
 * for; the dumps go over a second socket, so that their replies never
 * mix with events. docs/kernel-sync.md, "Following the kernel".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/rtnetlink.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <libmnl/libmnl.h>
#include "lib/err.h"
#include "sync/ksync.h"

#define KS_BUF        (128 * 1024)        /* > a dump's 32 KiB skbs */
#define KS_RCVBUF     (64 * 1024 * 1024)  /* the event socket's default */
#define KS_REDO       8                   /* an interrupted dump, again */
#define KS_TIMEOUT_S  5                   /* a dump's reply, at most */

struct xr_ksync {
	struct mnl_socket *ev;     /* joined to the groups; non-blocking */
	struct mnl_socket *dump;   /* dumps and requests (neigh_kick) */
	struct xr_mirror *mi;
	uint64_t *ctr;             /* XR_SYNC_COUNTER_LIST, or NULL */
	unsigned int what;         /* XR_MIRROR_* */
	int rcvbuf;
	int lost;                  /* events were lost; no resync since */
	int redo;                  /* an interrupted dump, again at most */
	int again;                 /* a dump stayed interrupted: resync */
	uint32_t seq;
	char *buf;                 /* KS_BUF */
};

static void count(struct xr_ksync *ks, int i)
{
	if (ks->ctr)
		ks->ctr[i]++;
}

/* ---- sockets ---- */

static int join(struct mnl_socket *s, unsigned int grp)
{
	if (mnl_socket_setsockopt(s, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return -errno;
	return 0;
}

/* The groups of what: routes (both families) and next-hop objects,
 * neighbours (both families share one group). */
static int join_groups(struct mnl_socket *s, unsigned int what)
{
	static const unsigned int routes[] = {
		RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP,
	};
	int err = 0;

	for (size_t i = 0; i < 3 && !err && (what & XR_MIRROR_ROUTES); i++)
		err = join(s, routes[i]);
	if (!err && (what & XR_MIRROR_NEIGH))
		err = join(s, RTNLGRP_NEIGH);
	return err;
}

/* SO_RCVBUFFORCE (CAP_NET_ADMIN: above rmem_max), else SO_RCVBUF. */
static int set_rcvbuf(struct mnl_socket *s, int bytes)
{
	int fd = mnl_socket_get_fd(s);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -errno;
	return 0;
}

static struct mnl_socket *sock_open(int flags, int *err)
{
	struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE,
						flags | SOCK_CLOEXEC);

	if (!s) {
		*err = -errno;
		return NULL;
	}
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		*err = -errno;
		mnl_socket_close(s);
		return NULL;
	}
	return s;
}

static int open_events(struct xr_ksync *ks)
{
	int err = 0;

	ks->ev = sock_open(SOCK_NONBLOCK, &err);
	if (!ks->ev)
		return err;
	err = set_rcvbuf(ks->ev, ks->rcvbuf);
	return err ? err : join_groups(ks->ev, ks->what);
}

/* A reply that does not come within KS_TIMEOUT_S is an error, not a
 * hang. */
static int open_dump(struct xr_ksync *ks)
{
	struct timeval tv = { .tv_sec = KS_TIMEOUT_S };
	int err = 0;

	ks->dump = sock_open(0, &err);
	if (!ks->dump)
		return err;
	if (setsockopt(mnl_socket_get_fd(ks->dump), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		return -errno;
	return 0;
}

/* After a failed request the dump socket may still hold the rest of a
 * dump (and the kernel refuses a second one while it does): a new one. */
static int reopen_dump(struct xr_ksync *ks)
{
	if (ks->dump)
		mnl_socket_close(ks->dump);
	ks->dump = NULL;
	return open_dump(ks);
}

int xr_ksync_open(struct xr_ksync **out, struct xr_mirror *mi,
		  const struct xr_ksync_parms *p, uint64_t *counters)
{
	struct xr_ksync *ks;
	int err;

	*out = NULL;
	if (!mi || !p || !(p->what & (XR_MIRROR_ROUTES | XR_MIRROR_NEIGH)) ||
	    p->rcvbuf < 0 || p->redo < 0)
		return -EINVAL;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;
	ks->mi = mi;
	ks->ctr = counters;
	ks->what = p->what;
	ks->rcvbuf = p->rcvbuf ? p->rcvbuf : KS_RCVBUF;
	ks->redo = p->redo ? p->redo : KS_REDO;
	ks->seq = (uint32_t)getpid() << 8;
	ks->buf = malloc(KS_BUF);
	err = ks->buf ? open_events(ks) : -ENOMEM;
	if (!err)
		err = open_dump(ks);
	if (err) {
		xr_ksync_close(ks);
		return err;
	}
	*out = ks;
	return 0;
}

void xr_ksync_close(struct xr_ksync *ks)
{
	if (!ks)
		return;
	if (ks->ev)
		mnl_socket_close(ks->ev);
	if (ks->dump)
		mnl_socket_close(ks->dump);
	free(ks->buf);
	free(ks);
}

int xr_ksync_fd(const struct xr_ksync *ks)
{
	return mnl_socket_get_fd(ks->ev);
}

/* ---- requests and their replies ---- */

/* The family header each request carries (the kernel checks its size
 * for some: RTM_GETNEXTHOP wants a whole nhmsg). */
static size_t family_hdr_len(uint16_t type)
{
	switch (type) {
	case RTM_GETNEXTHOP:
		return sizeof(struct nhmsg);
	case RTM_GETNEIGH:
	case RTM_NEWNEIGH:
		return sizeof(struct ndmsg);
	default:
		return sizeof(struct rtmsg);
	}
}

/* A request of type with flags; its family header zeroed but for the
 * family (the first byte of every one of them). */
static struct nlmsghdr *request(struct xr_ksync *ks, uint16_t type,
				uint16_t flags, uint8_t family)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(ks->buf);
	uint8_t *fh;

	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = ++ks->seq;
	fh = mnl_nlmsg_put_extra_header(h, family_hdr_len(type));
	fh[0] = family;
	return h;
}

static int send_request(struct xr_ksync *ks, const struct nlmsghdr *h)
{
	int err = ks->dump ? 0 : open_dump(ks);

	if (err)
		return err;
	if (mnl_socket_sendto(ks->dump, h, h->nlmsg_len) < 0)
		return -errno;
	return 0;
}

/* The error a NLMSG_ERROR or NLMSG_DONE carries (0: none). */
static int msg_error(const struct nlmsghdr *h)
{
	const int *e = mnl_nlmsg_get_payload(h);

	if (mnl_nlmsg_get_payload_len(h) < sizeof(int))
		return h->nlmsg_type == NLMSG_DONE ? 0 : -EINVAL;
	return *e > 0 ? -*e : *e;
}

/* The kernel does not support what a dump asked for (no IPv6, no
 * next-hop objects): there is nothing of it to mirror. */
static int unsupported(int err)
{
	return err == -EAFNOSUPPORT || err == -EOPNOTSUPP ||
	       err == -EPROTONOSUPPORT;
}

/* mnl_nlmsg_ok compares the length as an int: a length above 2 GiB
 * would pass. */
static int msg_ok(const struct nlmsghdr *h, int len)
{
	return mnl_nlmsg_ok(h, len) && h->nlmsg_len <= (unsigned int)len;
}

struct reply {
	uint32_t seq;
	int feed;                  /* hand the messages to the mirror */
	int intr;                  /* NLM_F_DUMP_INTR seen */
	int err;
};

/* One buffer of a reply: 1 at its end (NLMSG_DONE, an error or ack),
 * 0 when more is to come. Messages of another request are skipped. */
static int reply_walk(struct xr_ksync *ks, struct reply *r, int len)
{
	unsigned int portid = mnl_socket_get_portid(ks->dump);
	const struct nlmsghdr *h = (const void *)ks->buf;

	for (; msg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
		if (!mnl_nlmsg_seq_ok(h, r->seq) ||
		    !mnl_nlmsg_portid_ok(h, portid))
			continue;
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			r->intr = 1;
		if (h->nlmsg_type == NLMSG_DONE ||
		    h->nlmsg_type == NLMSG_ERROR) {
			r->err = msg_error(h);
			return 1;
		}
		if (r->feed)
			xr_mirror_msg(ks->mi, h);
	}
	return 0;
}

/* Read the reply to request seq to its end. */
static int read_reply(struct xr_ksync *ks, struct reply *r)
{
	ssize_t n;
	int end = 0;

	while (!end) {
		n = mnl_socket_recvfrom(ks->dump, ks->buf, KS_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -errno : -EIO;
		end = reply_walk(ks, r, (int)n);
	}
	return r->err;
}

/* One dump into the mirror; *intr when the kernel marked it
 * interrupted. */
static int dump_once(struct xr_ksync *ks, uint16_t type, uint8_t family,
		     int *intr)
{
	struct nlmsghdr *h = request(ks, type, NLM_F_DUMP, family);
	struct reply r = { .seq = h->nlmsg_seq, .feed = 1 };
	int err = send_request(ks, h);

	if (!err)
		err = read_reply(ks, &r);
	*intr = r.intr;
	if (err && !unsupported(err))
		reopen_dump(ks);
	return unsupported(err) ? 0 : err;
}

/* A dump, done again while the kernel says the table changed during it
 * (at most ks->redo times more: the events that changed it are queued
 * on the event socket and put the mirror right after it anyway). One
 * still interrupted after that sets *stale: it may lack what was there
 * all along, so nothing may be swept by it. */
static int dump(struct xr_ksync *ks, uint16_t type, uint8_t family,
		int *stale)
{
	int intr = 0, err = 0;

	for (int i = 0; i <= ks->redo; i++) {
		err = dump_once(ks, type, family, &intr);
		if (err || !intr)
			break;
		count(ks, XR_SYNC_DumpsInterrupted);
	}
	if (!err)
		count(ks, XR_SYNC_Dumps);
	*stale |= !err && intr;
	return err;
}

/* The dumps of a resync, in the order the messages depend on each
 * other: next-hop objects before the routes naming them. */
static int dump_all(struct xr_ksync *ks, int *stale)
{
	int err = 0;

	if (ks->what & XR_MIRROR_NEIGH) {
		err = dump(ks, RTM_GETNEIGH, AF_INET, stale);
		err = err ? err : dump(ks, RTM_GETNEIGH, AF_INET6, stale);
	}
	if (!err && (ks->what & XR_MIRROR_ROUTES)) {
		err = dump(ks, RTM_GETNEXTHOP, AF_UNSPEC, stale);
		err = err ? err : dump(ks, RTM_GETROUTE, AF_INET, stale);
		err = err ? err : dump(ks, RTM_GETROUTE, AF_INET6, stale);
	}
	return err;
}

/* A dump that failed midway, or stayed interrupted, leaves the resync
 * open (nothing swept); one that stayed interrupted makes the next read
 * resync again (counted ResyncsRedone); a later resync's begin marks
 * everything again. */
int xr_ksync_resync(struct xr_ksync *ks)
{
	int err, stale = 0;

	ks->again = 0;
	xr_mirror_resync_begin(ks->mi, ks->what);
	err = dump_all(ks, &stale);
	if (err) {
		xr_err("kernel sync: dump: %s", strerror(-err));
		return err;
	}
	if (stale) {
		ks->again = 1;
		count(ks, XR_SYNC_ResyncsRedone);
		return 0;
	}
	xr_mirror_resync_end(ks->mi, ks->what);
	return 0;
}

int xr_ksync_resync_pending(const struct xr_ksync *ks)
{
	return ks->lost || ks->again;
}

/* ---- events ---- */

size_t xr_ksync_feed(struct xr_mirror *mi, const void *buf, size_t len,
		     uint64_t *counters)
{
	const struct nlmsghdr *h = buf;
	int left = len > INT_MAX ? INT_MAX : (int)len;
	size_t n = 0;

	for (; msg_ok(h, left); h = mnl_nlmsg_next(h, &left), n++)
		xr_mirror_msg(mi, h);
	if (left > 0 && counters)
		counters[XR_SYNC_BadMsgs]++;
	return n;
}

static size_t feed(struct xr_ksync *ks, int len)
{
	return xr_ksync_feed(ks->mi, ks->buf, (size_t)len, ks->ctr);
}

/* What the event socket still holds is older than what was lost: read
 * and dropped (bounded: at most what the buffer can have held, twice
 * over, in case more keeps coming), before the dump replaces it. */
static void drain(struct xr_ksync *ks)
{
	size_t bytes = 0, bound = 2 * (size_t)ks->rcvbuf + KS_BUF;
	ssize_t n;

	while (bytes < bound) {
		n = mnl_socket_recvfrom(ks->ev, ks->buf, KS_BUF);
		if (n < 0 && errno != EINTR && errno != ENOBUFS)
			return;
		bytes += n > 0 ? (size_t)n : 1;
	}
}

/* The event socket overran: events were lost, the mirror may be wrong
 * anywhere. What is queued is dropped and everything dumped again;
 * until a resync succeeds, every read tries again. */
static int overrun(struct xr_ksync *ks)
{
	int err;

	if (!ks->lost)
		count(ks, XR_SYNC_Resyncs);
	ks->lost = 1;
	drain(ks);
	err = xr_ksync_resync(ks);
	if (!err)
		ks->lost = 0;
	return err;
}

int xr_ksync_read(struct xr_ksync *ks, size_t max)
{
	size_t done = 0;
	ssize_t n;
	int err;

	if (ks->lost) {
		err = overrun(ks);
		return err ? err : 1;
	}
	if (ks->again) {
		err = xr_ksync_resync(ks);
		return err ? err : 1;
	}
	while (!max || done < max) {
		n = mnl_socket_recvfrom(ks->ev, ks->buf, KS_BUF);
		if (n >= 0) {
			done += feed(ks, (int)n);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno != ENOBUFS)
			return -errno;
		err = overrun(ks);
		return err ? err : 1;
	}
	return 1;
}

/* ---- neighbour resolution ---- */

int xr_ksync_neigh_kick(struct xr_ksync *ks, int family, uint32_t ifindex,
			const struct xr_in6 *addr)
{
	struct nlmsghdr *h;
	struct ndmsg *nd;
	struct reply r = { 0 };
	int err;

	if ((family != AF_INET && family != AF_INET6) || !ifindex || !addr)
		return -EINVAL;
	h = request(ks, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_ACK, (uint8_t)family);
	nd = mnl_nlmsg_get_payload(h);
	nd->ndm_ifindex = (int)ifindex;
	nd->ndm_flags = NTF_USE;
	mnl_attr_put(h, NDA_DST, family == AF_INET ? 4 : 16, addr->a);
	r.seq = h->nlmsg_seq;
	err = send_request(ks, h);
	if (!err)
		err = read_reply(ks, &r);
	if (err == -EAGAIN || err == -EWOULDBLOCK)
		reopen_dump(ks);
	return err;
}
