// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench's setup (fwdbench.h): the three namespaces, the generator and
 * sink (bench_traffic.bpf.c) and the bpf_fib_lookup forwarder
 * (bench_fibfwd.bpf.c) loaded, the destinations the generator sends to,
 * and each contender brought up and down on r.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench_traffic.skel.h"
#include "bench_fibfwd.skel.h"
#include "benchlib.h"
#include "fwdbench.h"

static int ns_open(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	return fd;
}

void ns_enter(int nsfd)
{
	if (setns(nsfd, CLONE_NEWNET) < 0)
		die("setns: %s", strerror(errno));
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		die("command failed (%d): %s", rc, cmd);
}

static uint32_t ifindex_in(int nsfd, const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };
	uint32_t idx;
	int s;

	ns_enter(nsfd);
	idx = if_nametoindex(dev);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	if (!idx || s < 0 || ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
		die("device %s: %s", dev, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	ns_enter(B.ns_host);
	return idx;
}

/* ------------------------------------------------------- contenders */

void xdp_attach(int nsfd, uint32_t ifindex, int prog_fd)
{
	int err;

	ns_enter(nsfd);
	err = bpf_xdp_attach((int)ifindex, prog_fd, XDP_FLAGS_DRV_MODE, NULL);
	if (err && prog_fd >= 0)
		die("XDP attach on ifindex %u: %s", ifindex, strerror(-err));
	ns_enter(B.ns_host);
}

/* the kernel's forwarding of the family measured, on or off */
static void kernel_forwarding(int on)
{
	sh("ip netns exec %s sysctl -qw %s=%d", B.r,
	   B.v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward", on);
}

int contenders(int list[NCONT])
{
	int n = 0;

	list[n++] = C_LINUX;
	list[n++] = C_XR;
	if (B.old)
		list[n++] = C_OLD;
	list[n++] = C_FIB;
	list[n++] = C_FLOOR;
	if (B.also4) {
		list[n++] = C_XR4;
		list[n++] = C_FLOOR4;
	}
	return n;
}

/* a build's links on r (both), attached or detached */
static void router_links(const char *cli, const char *verb)
{
	sh("ip netns exec %s %s link %s r-h1 && ip netns exec %s %s link %s r-h2",
	   B.r, cli, verb, B.r, cli, verb);
}

int contender_v4(int c)
{
	return c == C_XR4 || c == C_FLOOR4 || c == C_XR4_NHG;
}

/* IPv6 frames or IPv4 ones from now on: the generator's program
 * (fwdrun.c) and the sink's follow B.v6 */
static void family(int v6)
{
	B.v6 = v6;
	xdp_attach(B.ns_sink, B.sink_if, bpf_program__fd(v6 ?
		   B.tr->progs.bench_sink6 : B.tr->progs.bench_sink));
}

void contender_up(int c)
{
	if (B.also4 || B.ecmp_arg[0])
		family(!contender_v4(c));
	switch (c) {
	case C_LINUX:
		kernel_forwarding(1);
		break;
	case C_XR:
	case C_XR4:
		kernel_forwarding(0);
		if (B.ecmp_arg[0])   /* via 1 next hop; fwdecmp.c switches */
			ecmp_route(c);
		router_links(B.xr, "attach");
		break;
	case C_OLD:
		kernel_forwarding(0);
		router_links(B.old, "attach");
		break;
	case C_FIB:
		/* bpf_fib_lookup refuses when forwarding is off on the link */
		kernel_forwarding(1);
		xdp_attach(B.ns_r, B.rin_if, bpf_program__fd(B.fwd->progs.bench_fibfwd));
		break;
	case C_FLOOR:
	case C_FLOOR4:
		xdp_attach(B.ns_r, B.rin_if, bpf_program__fd(B.v6 ?
			   B.fwd->progs.bench_floor6 : B.fwd->progs.bench_floor));
		break;
	}
}

void contender_down(int c)
{
	switch (c) {
	case C_LINUX:
		break;
	case C_XR:
	case C_XR4:
		router_links(B.xr, "detach");
		break;
	case C_OLD:
		router_links(B.old, "detach");
		break;
	case C_FIB:
	case C_FLOOR:
	case C_FLOOR4:
		xdp_attach(B.ns_r, B.rin_if, -1);
		break;
	}
	kernel_forwarding(0);
}

/* --------------------------------------------------------------- setup */

/* n destinations: a random address inside each of n random prefixes
 * of pfx/len (host order); IPv4 */
static void fill_dsts4(const uint32_t *pfx, const uint8_t *len, uint32_t npfx)
{
	int fd = bpf_map__fd(B.tr->maps.gen_dsts);
	uint32_t i;

	bench_seed(7);
	for (i = 0; i < (uint32_t)B.ndst; i++) {
		uint32_t k = bench_rnd() % npfx;
		uint32_t host = len[k] == 32 ? 0 : bench_rnd() & (~0u >> len[k]);
		__be32 d = htonl(pfx[k] | host);

		if (bpf_map_update_elem(fd, &i, &d, BPF_ANY))
			die("gen_dsts: %s", strerror(errno));
	}
}

/* the same from the prefixes of the table file, or the one address
 * given */
static void load_dsts4(const char *spec, const char *file)
{
	int fd = bpf_map__fd(B.tr->maps.gen_dsts);
	uint32_t *pfx = NULL, i, npfx = 0, cap = 0;
	uint8_t *len = NULL;
	char line[64];
	FILE *f;

	if (!file) {
		struct in_addr a;

		if (inet_pton(AF_INET, spec, &a) != 1)
			die("bad destination \"%s\"", spec);
		for (i = 0; i < (uint32_t)B.ndst; i++)
			if (bpf_map_update_elem(fd, &i, &a.s_addr, BPF_ANY))
				die("gen_dsts: %s", strerror(errno));
		return;
	}
	f = fopen(file, "r");
	if (!f)
		die("%s: %s", file, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *slash = strchr(line, '/');
		struct in_addr a;

		if (!slash)
			continue;
		*slash = '\0';
		if (inet_pton(AF_INET, line, &a) != 1)
			die("bad prefix \"%s\" in %s", line, file);
		if (npfx == cap) {
			cap = cap ? cap * 2 : 1024;
			pfx = realloc(pfx, cap * sizeof(*pfx));
			len = realloc(len, cap);
			if (!pfx || !len)
				die("out of memory");
		}
		pfx[npfx] = ntohl(a.s_addr);
		len[npfx++] = (uint8_t)atoi(slash + 1);
	}
	fclose(f);
	if (!npfx)
		die("no prefixes in %s", file);
	fill_dsts4(pfx, len, npfx);
	free(pfx);
	free(len);
}

/* The UDP checksum of the frame bench_gen6 sends to dst: the pseudo
 * header, the UDP header (ports 9, length 10) and 2 bytes of zeros. */
static uint16_t udp6_csum(const uint8_t saddr[16], const uint8_t dst[16])
{
	uint32_t sum = 2 * 10 + 17 + 2 * 9;   /* lengths, next header, ports */
	int k;

	for (k = 0; k < 16; k += 2)
		sum += (uint32_t)(saddr[k] << 8 | saddr[k + 1]) +
		       (uint32_t)(dst[k] << 8 | dst[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	return htons(sum ? (uint16_t)sum : 0xffff);
}

/* the same for IPv6 from the prefixes t, each with its UDP checksum
 * (gen_dsts6) */
static void fill_dsts6(const struct bench_pfx6 *t, size_t nt)
{
	int fd = bpf_map__fd(B.tr->maps.gen_dsts6);
	const uint8_t *saddr = (const uint8_t *)B.tr->rodata->gen_saddr6;
	uint32_t i;

	bench_seed(7);
	for (i = 0; i < (uint32_t)B.ndst; i++) {
		struct gen_dst6 d = { 0 };

		bench_random_in6(&t[bench_rnd() % nt], d.addr);
		d.udp_csum = udp6_csum(saddr, d.addr);
		if (bpf_map_update_elem(fd, &i, &d, BPF_ANY))
			die("gen_dsts6: %s", strerror(errno));
	}
}

/* from the table file (--prefixes) or the one address given */
static void load_dsts6(const char *spec)
{
	struct bench_pfx6 one = { .plen = 128 }, *t = &one;
	size_t nt = 1;

	if (B.prefix_file)
		bench_read_prefixes6(B.prefix_file, &t, &nt);
	else if (inet_pton(AF_INET6, spec, one.a) != 1)
		die("bad destination \"%s\"", spec);
	fill_dsts6(t, nt);
	if (t != &one)
		free(t);
}

/* ECMP: destinations inside the route of each family (--ecmp4, --ecmp6) */
static void load_dsts_ecmp(void)
{
	struct bench_pfx6 p6 = { .plen = B.ecmp[1].plen };
	uint32_t p4 = ntohl(B.ecmp[0].dst.a[0]);
	uint8_t l4 = B.ecmp[0].plen;

	memcpy(p6.a, &B.ecmp[1].dst, 16);
	fill_dsts4(&p4, &l4, 1);
	fill_dsts6(&p6, 1);
}

void fwd_setup(const char *dst)
{
	uint8_t gen_mac[6], rin_mac[6], rout_mac[6], sink_mac[6];
	uint32_t k;

	B.ns_host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	B.ns_gen = ns_open(B.gen);
	B.ns_r = ns_open(B.r);
	B.ns_sink = ns_open(B.sink);
	B.gen_if = ifindex_in(B.ns_gen, "eth0", gen_mac);
	B.rin_if = ifindex_in(B.ns_r, "r-h1", rin_mac);
	B.rout_if = ifindex_in(B.ns_r, "r-h2", rout_mac);
	B.sink_if = ifindex_in(B.ns_sink, "eth0", sink_mac);

	B.tr = bench_traffic_bpf__open();
	if (!B.tr)
		die("open the traffic programs");
	memcpy((void *)B.tr->rodata->gen_smac, gen_mac, 6);
	memcpy((void *)B.tr->rodata->gen_dmac, rin_mac, 6);
	memcpy((void *)B.tr->rodata->sink_mac, sink_mac, 6);
	memcpy((void *)B.tr->rodata->sink_router_mac, rout_mac, 6);
	B.tr->rodata->gen_saddr = inet_addr("198.18.1.2");
	inet_pton(AF_INET6, "2001:db8:1::2", (void *)B.tr->rodata->gen_saddr6);
	B.tr->rodata->gen_ndst_mask = (uint32_t)B.ndst - 1;
	if (B.slow)
		B.tr->rodata->gen_ttl = 1;
	if (B.ecmp_arg[0])
		ecmp_setup();   /* the routes, the sink's member MACs */
	if (bench_traffic_bpf__load(B.tr))
		die("load the traffic programs");
	if (B.ecmp_arg[0])
		load_dsts_ecmp();
	else if (B.v6)
		load_dsts6(dst);
	if (!B.ecmp_arg[0] && (!B.v6 || B.also4))
		load_dsts4(dst, B.v6 ? B.also4 : B.prefix_file);

	B.fwd = bench_fibfwd_bpf__open();
	if (!B.fwd)
		die("open the bpf_fib_lookup forwarder");
	memcpy((void *)B.fwd->rodata->floor_dmac, sink_mac, 6);
	memcpy((void *)B.fwd->rodata->floor_smac, rout_mac, 6);
	B.fwd->rodata->floor_port = B.rout_if;
	if (bench_fibfwd_bpf__load(B.fwd))
		die("load the bpf_fib_lookup forwarder");
	/* a devmap resolves the ifindex in the caller's namespace: r's */
	k = B.rout_if;
	ns_enter(B.ns_r);
	if (bpf_map_update_elem(bpf_map__fd(B.fwd->maps.fwd_ports), &k, &k, BPF_ANY))
		die("fwd_ports: %s", strerror(errno));
	ns_enter(B.ns_host);

	xdp_attach(B.ns_sink, B.sink_if, bpf_program__fd(B.v6 ?
		   B.tr->progs.bench_sink6 : B.tr->progs.bench_sink));
}

void fwd_cleanup(void)
{
	if (B.tr)
		xdp_attach(B.ns_sink, B.sink_if, -1);
	if (B.tr && B.slow)
		xdp_attach(B.ns_gen, B.gen_if, -1);
}
