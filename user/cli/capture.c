// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router capture DEV [-w FILE] [-c COUNT] [--snaplen N] [--filter WORD]
 *
 * The fast path's ptype_all: frames of DEV as the fast path decided on
 * them, with the verdict, from the ring buffer xr_capture. With -w, a
 * pcap file (tcpdump -r reads it); without, one line a frame.
 */
#include <errno.h>
#include <stddef.h>
#include <strings.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/parse.h"
#include "lib/tables.h"
#include "lib/tap.h"

/* pass, drop, forward, punt, handler (xdp_router/abi/verdict.h) */
static const char *const verdict_names[XR_V_MAX] = {
	XR_VERDICT_LIST(XR_VERDICT_NAME)
};

#define XR__REASON_NAME(n) #n,
static const char *const reason_names[] = {
	"none", XR_REASON_LIST(XR__REASON_NAME) XR_REASON6_LIST(XR__REASON_NAME)
};

static volatile sig_atomic_t cap_stop;

static void on_signal(int sig)
{
	cap_stop = sig;
}

struct cap {
	uint32_t ifindex;
	char dev[IF_NAMESIZE];
	FILE *pcap;
	long count, got;
	uint64_t wall_off_ns;      /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	uint64_t start_ns;         /* CLOCK_MONOTONIC at the start */
};

static void put32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void put16(FILE *f, uint16_t v) { fwrite(&v, 2, 1, f); }

/* pcap, nanosecond timestamps (magic a1b23c4d), Ethernet */
static void pcap_header(FILE *f)
{
	put32(f, 0xa1b23c4d);
	put16(f, 2);
	put16(f, 4);
	put32(f, 0);
	put32(f, 0);
	put32(f, XR_CAPTURE_SNAP);
	put32(f, 1);
}

/* An IPv6 header at f (the frame's 14th byte; caplen bytes from it):
 * addresses, next header (the first: extension headers are not walked),
 * hop limit, then ICMPv6 type and code or TCP/UDP ports. */
static void print_ip6(const uint8_t *f, uint32_t caplen, uint32_t len)
{
	char s[XR_ADDRSTRLEN], d[XR_ADDRSTRLEN];
	struct xr_in6 a;
	uint8_t nh = f[6];

	memcpy(&a, f + 8, 16);
	xr_fmt_ipv6(&a, s);
	memcpy(&a, f + 24, 16);
	xr_fmt_ipv6(&a, d);
	printf("%s > %s proto %u hlim %u len %u", s, d, nh, f[7], len);
	if (nh == IPPROTO_ICMPV6 && caplen >= 42)
		printf(" icmp6 type %u code %u", f[40], f[41]);
	else if ((nh == IPPROTO_TCP || nh == IPPROTO_UDP) && caplen >= 44)
		printf(" sport %u dport %u", f[40] << 8 | f[41], f[42] << 8 | f[43]);
	printf("\n");
}

static void print_line(const struct cap *c, const struct xr_capture_rec *r,
		       uint64_t wall)
{
	time_t sec = (time_t)(wall / 1000000000ull);
	struct tm tm;
	char ts[16], v[48], s[XR_ADDRSTRLEN], d[XR_ADDRSTRLEN];
	const uint8_t *f = r->data;

	gmtime_r(&sec, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	snprintf(v, sizeof(v), "%s", r->verdict < XR_V_MAX && verdict_names[r->verdict] ?
		 verdict_names[r->verdict] : "?");
	if (r->verdict == XR_V_PUNT && r->reason < XR_REASON_MAX)
		snprintf(v, sizeof(v), "punt %s", reason_names[r->reason]);
	printf("%s.%06llu %s %s ", ts, (unsigned long long)(wall % 1000000000ull) / 1000,
	       c->dev, v);
	if (r->caplen >= 34 && f[12] == 0x08 && f[13] == 0x00) {
		inet_ntop(AF_INET, f + 26, s, sizeof(s));
		inet_ntop(AF_INET, f + 30, d, sizeof(d));
		printf("%s > %s proto %u ttl %u len %u\n", s, d, f[23], f[22], r->len);
	} else if (r->caplen >= 54 && f[12] == 0x86 && f[13] == 0xdd) {
		print_ip6(f + 14, r->caplen - 14, r->len);
	} else if (r->caplen >= 14) {
		printf("ethertype 0x%02x%02x len %u\n", f[12], f[13], r->len);
	} else {
		printf("len %u\n", r->len);
	}
}

static int on_rec(void *arg, void *data, size_t size)
{
	struct cap *c = arg;
	const struct xr_capture_rec *r = data;
	uint64_t wall;

	if (size < offsetof(struct xr_capture_rec, data) || r->ifindex != c->ifindex ||
	    r->caplen > XR_CAPTURE_SNAP || (c->count && c->got >= c->count) ||
	    r->ts_ns < c->start_ns)      /* left by an earlier capture */
		return 0;
	wall = r->ts_ns + c->wall_off_ns;
	if (c->pcap) {
		put32(c->pcap, (uint32_t)(wall / 1000000000ull));
		put32(c->pcap, (uint32_t)(wall % 1000000000ull));
		put32(c->pcap, r->caplen);
		put32(c->pcap, r->len);
		fwrite(r->data, 1, r->caplen, c->pcap);
	} else {
		print_line(c, r, wall);
	}
	c->got++;
	return 0;
}

/* Under the state's lock: the tap claimed (one capture a namespace), the
 * filter written, the link's tap on. The claim's fd, or -errno. */
static int tap_start(struct xr_state *st, uint32_t ifindex,
		     struct xr_capture_cfg *cfg)
{
	uint32_t zero = 0;
	int err = xr_state_lock(st, 1), fd;

	if (err)
		return err;
	err = xr_state_writing(st);     /* what every writer does first */
	if (err) {
		xr_state_unlock(st);
		return -ECANCELED;      /* it said why */
	}
	fd = xr_tap_claim(st, ifindex);
	if (fd >= 0) {
		cfg->ifindex = ifindex;
		err = bpf_map_update_elem(st->m.capture_cfg, &zero, cfg, BPF_ANY) ?
		      -errno : xr_iface_set_flags(&st->m, ifindex, XR_IF_CAPTURE, 0);
		if (err) {
			xr_tap_release(st, fd, ifindex);
			fd = err;
		}
	}
	xr_state_unlock(st);
	return fd;
}

/* The tap off and the claim given up (a capture that cannot lock leaves
 * it to the next command: its claim goes with its fd). */
static void tap_stop(struct xr_state *st, uint32_t ifindex, int fd)
{
	if (xr_state_lock(st, 1)) {
		close(fd);
		return;
	}
	xr_tap_release(st, fd, ifindex);
	xr_state_unlock(st);
}

static int parse_filter(const char *w, struct xr_capture_cfg *cfg)
{
	uint32_t i;

	for (i = XR_V_CONTINUE + 1; i < XR_V_MAX; i++)
		if (!strcmp(w, verdict_names[i])) {
			cfg->verdicts = 1u << i;
			return 0;
		}
	for (i = 1; i < XR_REASON_MAX; i++)
		if (!strcasecmp(w, reason_names[i])) {
			cfg->verdicts = 1u << XR_V_PUNT;
			cfg->reason = i;
			return 0;
		}
	xr_err("invalid filter \"%s\" (pass, drop, forward, punt, handler, or a "
	       "reason: "
	       "TtlExceeded, NoNeigh, ...)", xr_word(w));
	return -1;
}

int xr_capture_main(int argc, char **argv)
{
	struct xr_capture_cfg cfg = { .snaplen = XR_CAPTURE_SNAP };
	static struct xr_state st;
	struct cap c = { 0 };
	const char *file = NULL;
	struct ring_buffer *rb = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec rt, mt;
	int i, err, tap;

	if (argc < 1) {
		xr_err("missing DEV (capture DEV [-w FILE] [-c COUNT] "
		       "[--snaplen N] [--filter WORD])");
		return 1;
	}
	if (xr_parse_dev(argv[0], &c.ifindex))
		return 1;
	snprintf(c.dev, sizeof(c.dev), "%s", argv[0]);
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];

		if (i + 1 >= argc) {
			xr_err("missing value after \"%s\"", xr_word(o));
			return 1;
		}
		if (!strcmp(o, "-w")) {
			file = argv[++i];
		} else if (!strcmp(o, "-c")) {
			uint32_t n;

			if (xr_parse_u32(argv[++i], "count", 1, UINT32_MAX, &n))
				return 1;
			c.count = n;
		} else if (!strcmp(o, "--snaplen")) {
			if (xr_parse_u32(argv[++i], "snaplen", 14, XR_CAPTURE_SNAP,
					 &cfg.snaplen))
				return 1;
		} else if (!strcmp(o, "--filter")) {
			if (parse_filter(argv[++i], &cfg))
				return 1;
		} else {
			xr_err("unknown capture option \"%s\" (-w, -c, --snaplen, "
			       "--filter)", xr_word(o));
			return 1;
		}
	}
	if (xr_check_privileges())
		return 1;
	err = xr_state_open(&st, 0);
	if (err) {
		if (err == -ENOENT)
			xr_err("\"%s\" is not attached", xr_word(c.dev));
		xr_state_close(&st);
		return 1;
	}
	xr_state_unlock(&st);
	{
		struct xr_iface v;

		if (xr_iface_get(&st.m, c.ifindex, &v)) {
			xr_err("\"%s\" is not attached", xr_word(c.dev));
			xr_state_close(&st);
			return 1;
		}
	}
	if (file) {
		c.pcap = strcmp(file, "-") ? fopen(file, "wb") : stdout;
		if (!c.pcap) {
			xr_err("cannot write \"%s\": %s", xr_word(file), strerror(errno));
			xr_state_close(&st);
			return 1;
		}
		pcap_header(c.pcap);
	}
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mt);
	c.start_ns = (uint64_t)mt.tv_sec * 1000000000ull + (uint64_t)mt.tv_nsec;
	c.wall_off_ns = ((uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec) -
			c.start_ns;
	/* before the tap is on: a signal must find it switched off */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	rb = ring_buffer__new(st.m.capture, on_rec, &c, NULL);
	tap = rb ? tap_start(&st, c.ifindex, &cfg) : -errno;
	if (tap < 0) {
		/* else said: which capture runs, or what the state is */
		if (tap != -EBUSY && tap != -ECANCELED)
			xr_err("cannot start the capture on \"%s\": %s",
			       xr_word(c.dev), strerror(-tap));
		ring_buffer__free(rb);
		xr_state_close(&st);
		return 1;
	}
	fprintf(stderr, "xdp-router: capturing on %s%s%s, snaplen %u\n", c.dev,
		file ? " to " : "", file ? file : "", cfg.snaplen);
	while (!cap_stop && (!c.count || c.got < c.count)) {
		err = ring_buffer__poll(rb, 200);
		if (err < 0 && err != -EINTR)
			break;
		if (c.pcap)
			fflush(c.pcap);
		if (!c.pcap)
			fflush(stdout);
	}
	tap_stop(&st, c.ifindex, tap);
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	if (c.pcap && c.pcap != stdout)
		fclose(c.pcap);
	fprintf(stderr, "%ld frame%s captured\n", c.got, c.got == 1 ? "" : "s");
	xr_state_close(&st);
	return 0;
}
