// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon: one thread, one poll loop. It follows the attached links
 * through the pinned maps (every half second), keeps an AF_XDP socket on
 * each of their rx queues and an AF_PACKET socket for ARP, and hands
 * what arrives to the slow path. It holds no state the fast path needs:
 * killed, the sockets close, their xr_xsks slots empty and the fast path
 * hands exceptions to the kernel until it is back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/filter.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/err.h"
#include "lib/clock.h"
#include "lib/fib4.h"
#include "lib/gen.h"
#include "lib/iface.h"
#include "lib/ifaces.h"
#include "lib/netdev.h"
#include "lib/tap.h"
#include "lib/stategc.h"
#include "slowpath/daemon.h"
#include "slowpath/follow.h"
#include "slowpath/linkwatch.h"
#include "slowpath/naddr.h"
#include "slowpath/ndisc.h"
#include "slowpath/textfile.h"
#include "slowpath/xsk.h"

#define SYNC_NS     500000000ull
#define RETRY_NS    10000000ull   /* writes pending: the lock tried again */
#define RX_BATCH    64
#define MAX_LINKS   256

struct dlink {
	struct xr_xsk_link x;
	int arp_fd;
	int nd_fd;                /* ICMPv6 NS and NA (ndisc) */
	char name[IF_NAMESIZE];
};

struct daemon {
	struct xr_state st;
	int have_state;
	struct xr_slow_stats *stats;
	struct xr_sp sp;
	int sp_ready;
	struct dlink *links[MAX_LINKS];
	size_t n_links;
	uint8_t slot_used[XR_XSK_SLOTS];
	struct xr_sp_parms p;
	struct ring_buffer *rb;   /* the tc entry's exceptions */
	int lw_fd;                /* linkwatch: rtnetlink events */
	int lw_lost;              /* events were lost: compare all links */
	int inst_fd;              /* one daemon per state (instance_claim) */
	int failed;
	uint64_t retry_ns;        /* no state_take before then */
	struct xr_follow_parms fp;
	struct xr_follow fw;      /* --kernel-sync, --fpm: the mirror */
	struct xr_sp_textfile tf; /* --textfile: the metrics */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xdp-router daemon: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static struct dlink *link_of(struct daemon *d, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < d->n_links; i++)
		if (d->links[i]->x.ifindex == ifindex)
			return d->links[i];
	return NULL;
}

/* The slow path's transmit: the link's first socket. */
static int xmit(void *arg, uint32_t ifindex, const uint8_t *frame, size_t len)
{
	struct dlink *l = link_of(arg, ifindex);

	if (!l || !l->x.n)
		return -ENODEV;
	return xr_xsk_tx(&l->x.q[0], frame, len);
}

static int slots_alloc(struct daemon *d, uint32_t n, uint32_t *base)
{
	uint32_t b, i;

	for (b = 0; b + n <= XR_XSK_SLOTS; b++) {
		for (i = 0; i < n && !d->slot_used[b + i]; i++)
			;
		if (i == n) {
			memset(d->slot_used + b, 1, n);
			*base = b;
			return 0;
		}
	}
	return -ENOSPC;
}

/* For the ndisc socket: ICMPv6 (next header 58 right after the IPv6
 * header) of type 135 or 136, the rest left out in the kernel. */
static struct sock_filter nd_filter[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 58, 0, 4),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 54),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 135, 0, 2),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 136, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0xffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

/* An AF_PACKET socket on ifindex for ARP or, ETH_P_IPV6, ndisc: the
 * kernel still gets every frame; the daemon reads a copy. */
static int nb_socket(uint32_t ifindex, uint16_t proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(proto),
				   .sll_ifindex = (int)ifindex };
	struct sock_fprog prog = { sizeof(nd_filter) / sizeof(nd_filter[0]),
				   nd_filter };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			htons(proto));

	if (fd < 0)
		return -errno;
	if ((proto == ETH_P_IPV6 &&
	     setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog))) ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static void link_check(struct daemon *d, uint32_t ifindex, int addrs);

/* The sockets the slow path learns neighbours from. */
static void nb_open(struct dlink *l, uint32_t ifindex)
{
	l->arp_fd = nb_socket(ifindex, ETH_P_ARP);
	if (l->arp_fd < 0)
		logf_("%s: no ARP socket: %s", l->name, strerror(-l->arp_fd));
	l->nd_fd = nb_socket(ifindex, ETH_P_IPV6);
	if (l->nd_fd < 0)
		logf_("%s: no ndisc socket: %s", l->name, strerror(-l->nd_fd));
}

/* What the kernel dropped at the link's sockets (XDP_STATISTICS), added
 * to the SlowPath counters: a punted frame that never reached us. */
static void xsk_stats(struct daemon *d, struct dlink *l)
{
	struct xdp_statistics x;
	uint32_t q;

	for (q = 0; d->sp_ready && q < l->x.n; q++) {
		if (xr_xsk_stats_delta(&l->x.q[q], &x))
			continue;
		xr_sp_add(&d->sp, XR_SLOW_XskRxDropped, x.rx_dropped);
		xr_sp_add(&d->sp, XR_SLOW_XskRxRingFull, x.rx_ring_full);
		xr_sp_add(&d->sp, XR_SLOW_XskRxFillRingEmpty,
			  x.rx_fill_ring_empty_descs);
		xr_sp_add(&d->sp, XR_SLOW_XskRxInvalidDescs, x.rx_invalid_descs);
		xr_sp_add(&d->sp, XR_SLOW_XskTxInvalidDescs, x.tx_invalid_descs);
	}
}

static void link_close(struct daemon *d, size_t i)
{
	struct dlink *l = d->links[i];

	xsk_stats(d, l);
	memset(d->slot_used + l->x.base, 0, l->x.n);
	xr_xsk_link_close(&l->x, d->have_state ? d->st.m.xsks : -1,
			  d->have_state ? d->st.m.xsk_ports : -1);
	if (l->arp_fd >= 0)
		close(l->arp_fd);
	if (l->nd_fd >= 0)
		close(l->nd_fd);
	logf_("%s: released", l->name);
	free(l);
	d->links[i] = d->links[--d->n_links];
}

static void link_open(struct daemon *d, uint32_t ifindex)
{
	struct dlink *l;
	uint32_t base = XR_XSK_SLOTS;
	int nq = xr_xsk_queues(ifindex), err;

	if (d->n_links == MAX_LINKS || nq < 1)
		return;
	l = calloc(1, sizeof(*l));
	if (!l)
		return;
	if (!if_indextoname(ifindex, l->name))
		snprintf(l->name, sizeof(l->name), "if%u", ifindex);
	if (nq > XR_XSK_MAX_QUEUES)
		nq = XR_XSK_MAX_QUEUES;
	err = slots_alloc(d, (uint32_t)nq, &base);
	if (!err)
		err = xr_xsk_link_open(&l->x, ifindex, base, (uint32_t)nq,
				       d->st.m.xsks, d->st.m.xsk_ports);
	if (err) {
		if (!l->x.n && base < XR_XSK_SLOTS)
			memset(d->slot_used + base, 0, (size_t)nq);
		logf_("%s: cannot open AF_XDP sockets: %s (its exceptions go "
		      "to the kernel)", l->name, strerror(-err));
		free(l);
		return;
	}
	l->arp_fd = l->nd_fd = -1;
	if (!xr_follow_neigh(&d->fw))    /* else the kernel's are mirrored */
		nb_open(l, ifindex);
	d->links[d->n_links++] = l;
	logf_("%s: %u queue%s bound at slots %u..%u", l->name, l->x.n,
	      l->x.n == 1 ? "" : "s", base, base + l->x.n - 1);
	link_check(d, ifindex, 1);  /* from now on its carrier counts */
}

/* An exception of the tc entry: the same metadata, the frame copied
 * out of the ring (read-only to us; the slow path rewrites in place). */
static int tc_punt_rcv(void *arg, void *data, size_t size)
{
	static uint8_t f[XR_XSK_PUNT_MAX];
	struct daemon *d = arg;
	const struct xr_tc_punt *r = data;

	if (size < offsetof(struct xr_tc_punt, frame) || r->len > sizeof(f) ||
	    r->len > size - offsetof(struct xr_tc_punt, frame)) {
		xr_sp_inc(&d->sp, XR_SLOW_RxBadMeta);
		return 0;
	}
	memcpy(f, r->frame, r->len);
	xr_sp_handle(&d->sp, f, r->len, &r->meta);
	return 0;
}

static void state_drop(struct daemon *d)
{
	xr_follow_stop(&d->fw, 0);
	while (d->n_links)
		link_close(d, d->n_links - 1);
	if (d->rb)
		ring_buffer__free(d->rb);
	d->rb = NULL;
	if (d->sp_ready) {
		xr_sp_flush(&d->sp);     /* what is pending, if the lock is free */
		xr_sp_fini(&d->sp);
	}
	d->sp_ready = 0;
	if (d->stats)
		munmap(d->stats, sizeof(*d->stats));
	d->stats = NULL;
	if (d->have_state)
		xr_state_close(&d->st);
	d->have_state = 0;
	if (d->inst_fd >= 0)
		close(d->inst_fd);
	d->inst_fd = -1;
}

/*
 * One daemon per state: an abstract unix socket named after the state
 * directory. Abstract names belong to the network namespace and go with
 * the process; not a flock on the directory, which is the commands'
 * lock (docs/state.md).
 */
static int instance_claim(const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(dir), max = sizeof(sa.sun_path) - 20;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), n;

	if (fd < 0)
		return -errno;
	n = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
		     "xdp-router-daemon:%s", len > max ? dir + len - max : dir);
	if (bind(fd, (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	return fd;
}

static int take_failed(struct daemon *d, int err)
{
	d->failed = 1;
	stop = SIGTERM;
	state_drop(d);
	return err;
}

/* The slow path's next hops, when neighbours follow the kernel. */
static int kick(void *arg, uint32_t ifindex, const struct xr_in6 *addr)
{
	struct xr_in6 a = *addr;

	if (!xr_na_is4(addr))
		return xr_follow_kick(arg, AF_INET6, ifindex, &a);
	a = (struct xr_in6){ { addr->a[3] } };
	return xr_follow_kick(arg, AF_INET, ifindex, &a);
}

/* xr_sync taken (or cleared: a plain daemon), the mirror started. */
static int follow_start(struct daemon *d)
{
	int err = xr_follow_start(&d->fw, &d->fp, &d->st);

	if (err) {
		logf_("cannot follow the %s: %s", d->fp.mode == XR_SYNC_FPM ?
		      "FPM feed" : "kernel", strerror(-err));
		return err;
	}
	if (xr_follow_neigh(&d->fw))
		xr_sp_follow_kernel(&d->sp, kick, &d->fw);
	if (d->fp.mode == XR_SYNC_KERNEL)
		logf_("routes (table %u) and neighbours follow the kernel",
		      d->fp.table);
	else if (d->fp.mode == XR_SYNC_FPM)
		logf_("routes (table %u) follow FRR over FPM (port %u), "
		      "neighbours the kernel", d->fp.table, d->fp.fpm_port);
	return 0;
}

static int state_take(struct daemon *d)
{
	struct xr_iface_entry *e = NULL;
	struct xr_xsk_port none = { 0 };
	size_t i, n = 0;
	int err;

	err = xr_state_open(&d->st, XR_STATE_NB);  /* busy: the next sync */
	if (err) {
		xr_state_close(&d->st);
		return err;
	}
	xr_state_unlock(&d->st);
	d->have_state = 1;
	/* one daemon per namespace: a second would unpublish the first's
	 * sockets and fail to bind its own */
	d->inst_fd = instance_claim(d->st.dir);
	if (d->inst_fd < 0) {
		logf_("another xdp-router daemon serves %s: exiting", d->st.dir);
		return take_failed(d, -EBUSY);
	}
	d->stats = mmap(NULL, sizeof(*d->stats), PROT_READ | PROT_WRITE,
			MAP_SHARED, d->st.m.slow_stats, 0);
	if (d->stats == MAP_FAILED)
		d->stats = NULL;
	/* slots a killed daemon left published point at closed sockets */
	if (xr_ifaces_dump(&d->st.m, &e, &n) == 0)
		for (i = 0; i < n; i++)
			bpf_map_update_elem(d->st.m.xsk_ports, &e[i].ifindex,
					    &none, BPF_ANY);
	free(e);
	err = xr_sp_init(&d->sp, &d->st, &d->st.m, d->stats, &d->p, xmit, d);
	if (err) {
		state_drop(d);
		return err;
	}
	d->sp_ready = 1;
	d->rb = ring_buffer__new(d->st.m.tc_punt, tc_punt_rcv, d, NULL);
	if (!d->rb) {
		/* the slots it is about to bind would send tc exceptions
		 * into a ring nobody reads: better no daemon at all */
		logf_("cannot read the tc entry's ring buffer: %s", strerror(errno));
		return take_failed(d, -EIO);
	}
	err = follow_start(d);
	if (err)
		return take_failed(d, err);
	logf_("serving the state in %s", d->st.dir);
	return 0;
}

/* The state removed (reset: its directory is not the one held), or its
 * maps replaced (upgrade): what the daemon holds is no longer what
 * forwards. */
static int state_gone(struct daemon *d)
{
	return !xr_state_current(&d->st);
}

/* A capture killed (kill -9) left its tap on: switched off. */
static void tap_reap(struct daemon *d)
{
	int n;

	if (!xr_tap_orphaned(&d->st) || xr_sp_write_lock(&d->sp))
		return;
	n = xr_tap_reap(&d->st);
	xr_sp_write_unlock(&d->sp);
	if (n > 0)
		logf_("a capture's reader is gone: its tap is off (%d link%s)",
		      n, n == 1 ? "" : "s");
}

static void gc_log(void *arg, const struct xr_gc_ent *e)
{
	if (e->removed)
		logf_("removed %s: its network namespace is gone", e->path);
}

/* Every few seconds: the state of namespaces deleted without a reset. */
static void state_gc(struct daemon *d)
{
	static uint64_t next;
	uint64_t now = xr_mono_ns();

	if (!d->have_state || now < next)
		return;
	next = now + 5000000000ull;
	xr_state_gc(d->st.base_fd, d->st.base, strrchr(d->st.dir, '/') + 1, 1,
		    gc_log, NULL);
}

/* Follow the maps: state made or removed, links attached or detached. */
static void sync_links(struct daemon *d)
{
	struct xr_iface_entry *e = NULL;
	size_t i, j, n = 0;
	static int waiting;

	state_gc(d);

	if (d->have_state && state_gone(d)) {
		logf_("state removed (reset) or replaced (upgrade): letting "
		      "go of every link, taking it again");
		state_drop(d);
	}
	if (!d->have_state) {
		int err;

		if (xr_mono_ns() < d->retry_ns)
			return;          /* a state that failed to open: later */
		err = state_take(d);
		/* it cannot be repaired or converted: not every sync */
		d->retry_ns = err == -EIO ? xr_mono_ns() + 5000000000ull : 0;

		if (err && d->failed)
			return;
		if (err == -EWOULDBLOCK)
			return;          /* a command holds the lock: next sync */
		if (err) {
			if (!waiting)
				logf_("no router state yet (%s): waiting for "
				      "'xdp-router link attach'", strerror(-err));
			waiting = 1;
			return;
		}
		waiting = 0;
	}
	tap_reap(d);
	xr_follow_tick(&d->fw);
	if (xr_sp_sync(&d->sp) || xr_ifaces_dump(&d->st.m, &e, &n))
		return;
	for (i = 0; i < d->n_links;) {
		for (j = 0; j < n && e[j].ifindex != d->links[i]->x.ifindex; j++)
			;
		if (j == n)
			link_close(d, i);
		else
			i++;
	}
	for (i = 0; i < d->n_links; i++)
		xsk_stats(d, d->links[i]);
	for (j = 0; j < n; j++)
		if (!link_of(d, e[j].ifindex))
			link_open(d, e[j].ifindex);
		else      /* a `link attach` that reset UP; lost events */
			link_check(d, e[j].ifindex, d->lw_lost || d->lw_fd < 0);
	if (d->lw_lost)             /* which links changed is not known */
		xr_follow_lost(&d->fw);
	d->lw_lost = 0;
	free(e);
	xr_sp_tick(&d->sp);
}

/* Whether the kernel's view of the link (with its addresses, when addrs)
 * differs from what the maps hold (a sync rewrites the link's routes:
 * not for nothing). */
static int link_differs(struct daemon *d, uint32_t ifindex, int addrs)
{
	const struct xr_iface *v = &d->sp.ifs[ifindex];
	struct xr_ifaddr4 a[64];
	struct xr_devinfo di;
	int n, i, mine = 0;
	size_t k;

	if (xr_dev_info(ifindex, &di) < 0)
		return 1;
	if (!!di.up != !!(v->flags & XR_IF_UP) || di.mtu != v->mtu ||
	    memcmp(di.mac, v->mac, 6))
		return 1;
	if (!addrs)
		return 0;
	if (xr_iface_addrs6_differ(&d->st.m, ifindex))
		return 1;
	n = xr_dev_addrs4(ifindex, a, 64);
	if (n < 0)
		return 1;
	for (k = 0; k < d->sp.n_addrs; k++)
		mine += d->sp.addrs[k].val.ifindex == ifindex &&
			d->sp.addrs[k].val.type == XR_ADDR_LOCAL;
	if (mine != n)
		return 1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < d->sp.n_addrs; k++)
			if (d->sp.addrs[k].addr == a[i].addr &&
			    d->sp.addrs[k].val.ifindex == ifindex &&
			    d->sp.addrs[k].val.plen == a[i].plen)
				break;
		if (k == d->sp.n_addrs)
			return 1;
	}
	return 0;
}

/*
 * linkwatch_event: an attached link changed (up/down, carrier, MTU,
 * addresses). Its entry, addresses and connected routes are written
 * again as `link attach` would, and the next hops through it refreshed:
 * while it is down they are unusable (the fast path punts LinkDown).
 */
static void link_check(struct daemon *d, uint32_t ifindex, int addrs)
{
	char name[IF_NAMESIZE];
	struct xr_iface cur;
	int was_up, err;

	if (!d->sp_ready || !xr_sp_attached(&d->sp, ifindex))
		return;
	was_up = !!(d->sp.ifs[ifindex].flags & XR_IF_UP);
	if (if_indextoname(ifindex, name) && !link_differs(d, ifindex, addrs))
		return;
	if (xr_sp_write_lock(&d->sp)) {
		d->lw_lost = 1;      /* a command holds the lock: next sync */
		return;
	}
	xr_gen_bump(&d->st.m, XR_GEN_ALL);
	/* under the lock, from the map: the cache may predate a detach */
	if (xr_iface_get(&d->st.m, ifindex, &cur)) {
		xr_sp_write_unlock(&d->sp);
		return;
	}
	if (!if_indextoname(ifindex, name)) {   /* deleted */
		xr_iface_forget(&d->st.m, ifindex);
		err = 0;
		snprintf(name, sizeof(name), "if%u", ifindex);
	} else {
		err = xr_iface_sync_carrier(&d->st.m, ifindex, (int)cur.mode, 1);
	}
	xr_sp_write_unlock(&d->sp);
	xr_sp_sync(&d->sp);
	if (err)
		logf_("%s: cannot follow its change: %s", name, strerror(-err));
	else if (was_up != !!(d->sp.ifs[ifindex].flags & XR_IF_UP))
		logf_("%s: %s", name, d->sp.ifs[ifindex].flags & XR_IF_UP ?
		      "up: routes through it are used again" :
		      "down: routes through it are unusable");
}

/* An event named this link: everything is compared, addresses too;
 * the mirror hears of any link's state (its routes may use any). */
static void link_event(void *arg, uint32_t ifindex)
{
	struct daemon *d = arg;
	struct xr_devinfo di;

	link_check(d, ifindex, 1);
	if (d->fw.mi)          /* else xr_follow_link has nothing to tell */
		xr_follow_link(&d->fw, ifindex,
			       xr_dev_info(ifindex, &di) >= 0 && di.up);
}

static void rx_xsk(struct daemon *d, struct xr_xsk *s)
{
	uint32_t idx, n, i;

	n = xr_xsk_rx_peek(s, RX_BATCH, &idx);
	for (i = 0; i < n; i++) {
		const struct xdp_desc *desc = xsk_ring_cons__rx_desc(&s->rx, idx + i);
		uint8_t *f = xsk_umem__get_data(s->area, desc->addr);
		struct xr_punt_meta m;

		memcpy(&m, f - sizeof(m), sizeof(m));
		xr_sp_handle(&d->sp, f, desc->len, &m);
	}
	if (n)
		xr_xsk_rx_done(s, idx, n);
}

/* One ARP or ndisc frame (fd says which) to the slow path. */
static void rx_nb_one(struct daemon *d, struct dlink *l, int fd,
		      const uint8_t *buf, size_t n)
{
	struct xr_arp a;
	struct xr_nd nd;

	if (fd == l->arp_fd && xr_arp_parse(buf, n, &a) == 0)
		xr_sp_arp_rcv(&d->sp, l->x.ifindex, &a);
	if (fd == l->nd_fd && xr_ndisc_parse(buf, n, &nd) == 0)
		xr_sp_ndisc_rcv(&d->sp, l->x.ifindex, &nd);
}

static void rx_nb(struct daemon *d, struct dlink *l, int fd)
{
	uint8_t buf[1600];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;
	int k;

	for (k = 0; fd >= 0 && k < 256; k++) {
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		if (from.sll_pkttype == PACKET_OUTGOING ||
		    from.sll_pkttype == PACKET_OTHERHOST)
			continue;       /* arp_rcv, ipv6_rcv: not for this host */
		rx_nb_one(d, l, fd, buf, (size_t)n);
	}
}

static void loop(struct daemon *d)
{
	struct pollfd pfd[MAX_LINKS * (XR_XSK_MAX_QUEUES + 2) + 2 +
			  XR_FOLLOW_MAX_FDS];
	uint64_t next_sync = 0, now, wait;
	size_t i, npfd;
	int pending = 0;   /* frames still to hand over: poll without sleeping */
	uint32_t q;

	while (!stop) {
		now = xr_mono_ns();
		if (now >= next_sync) {
			sync_links(d);
			next_sync = now + SYNC_NS;
		} else if (d->sp_ready) {
			xr_sp_tick_resolve(&d->sp);
		}
		xr_sp_textfile_tick(&d->tf, d->have_state ? &d->st.m : NULL, now);
		if (d->sp_ready)
			xr_sp_flush(&d->sp);
		npfd = 0;
		for (i = 0; i < d->n_links; i++) {
			for (q = 0; q < d->links[i]->x.n; q++)
				pfd[npfd++] = (struct pollfd){
					.fd = xsk_socket__fd(d->links[i]->x.q[q].xsk),
					.events = POLLIN };
			if (d->links[i]->arp_fd >= 0)
				pfd[npfd++] = (struct pollfd){
					.fd = d->links[i]->arp_fd, .events = POLLIN };
			if (d->links[i]->nd_fd >= 0)
				pfd[npfd++] = (struct pollfd){
					.fd = d->links[i]->nd_fd, .events = POLLIN };
		}
		if (d->rb)
			pfd[npfd++] = (struct pollfd){
				.fd = ring_buffer__epoll_fd(d->rb), .events = POLLIN };
		if (d->lw_fd >= 0)
			pfd[npfd++] = (struct pollfd){ .fd = d->lw_fd, .events = POLLIN };
		npfd += xr_follow_fds(&d->fw, pfd + npfd);
		wait = next_sync - now;
		if (d->sp_ready)
			wait = xr_sp_next_timer(&d->sp, wait);
		if (((d->sp_ready && d->sp.n_pend) || d->fw.blocked) &&
		    wait > RETRY_NS)
			wait = RETRY_NS;
		if (poll(pfd, npfd, pending ? 0 : (int)(wait / 1000000) + 1) < 0 &&
		    errno != EINTR) {
			logf_("poll: %s", strerror(errno));
			d->failed = 1;
			break;
		}
		for (i = 0; i < d->n_links; i++) {
			for (q = 0; q < d->links[i]->x.n; q++)
				rx_xsk(d, &d->links[i]->x.q[q]);
			rx_nb(d, d->links[i], d->links[i]->arp_fd);
			rx_nb(d, d->links[i], d->links[i]->nd_fd);
		}
		if (d->rb)
			ring_buffer__consume(d->rb);
		if (d->lw_fd >= 0)
			d->lw_lost |= xr_linkwatch_read(d->lw_fd, link_event, d);
		xr_follow_work(&d->fw);
		pending = d->fw.more;
		for (i = 0; i < d->n_links; i++)
			pending |= xr_xsk_flush(&d->links[i]->x.q[0]) != 0;
	}
}

int xr_daemon_run(const struct xr_sp_parms *p, const struct xr_follow_parms *fp)
{
	static struct daemon d;
	struct sigaction sa = { .sa_handler = on_signal };

	d.p = *p;
	d.fp = *fp;
	xr_err_dedupe = 1;        /* it retries: a failure is said once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	logf_("started (icmp_ratelimit %u ms, icmp6_ratelimit %u ms, "
	      "icmp_msgs_per_sec %u, "
	      "icmp_msgs_burst %u, unres_qlen %u, unres_qlen_bytes %u, "
	      "unres_total_bytes %u, gc_thresh3 %u, locktime %u ms)",
	      p->icmp_ratelimit_ms, p->icmp6_ratelimit_ms,
	      p->icmp_msgs_per_sec, p->icmp_msgs_burst,
	      p->nud.unres_qlen, p->nud.unres_qlen_bytes,
	      p->nud.unres_total_bytes, p->nud.gc_thresh3, p->locktime_ms);
	if (p->textfile)
		logf_("metrics to %s every %u s", p->textfile,
		      p->textfile_interval_s);
	d.tf = (struct xr_sp_textfile){ .path = p->textfile,
		.interval_ns = p->textfile_interval_s * 1000000000ull,
		.write = p->textfile_write };
	d.inst_fd = -1;
	d.lw_fd = xr_linkwatch_open();
	if (d.lw_fd < 0)
		logf_("no link watch (rtnetlink: %s): link changes need "
		      "'link attach' again", strerror(-d.lw_fd));
	loop(&d);
	xr_sp_textfile_stop(&d.tf);
	if (d.lw_fd >= 0)
		close(d.lw_fd);
	if (!d.failed)
		logf_("%s: closing", stop == SIGINT ? "SIGINT" : "SIGTERM");
	if (!d.failed)           /* the CLI may write routes again */
		xr_follow_stop(&d.fw, 1);
	state_drop(&d);
	return d.failed ? 1 : 0;
}
