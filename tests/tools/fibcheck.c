// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB as the crash test sees it (tests/integration/test_crash.sh):
 *
 *   fibcheck state          the FIB against the route table and the
 *                           addresses (xr_fib4_check): one line, then
 *                           IPv6's (xr_fib6_check, "OK6 ..."), exit 1
 *                           when anything differs in either
 *   fibcheck held           the trie's blocks and the next hops held:
 *                           "nodes N leaves N pages N nh N local N refs N
 *                           meta_nh N" (nodes, leaves: units in use;
 *                           pages: allocator pages not free, counted in
 *                           the page array; local: slots of the router's
 *                           own addresses, refs: their references;
 *                           meta_nh: the count kept)
 *   fibcheck held6          the same for the IPv6 FIB: "nodes6 N leaves6
 *                           N pages6 N nh6 N local6 N refs6 N"
 *   fibcheck verdicts DEV   for each address on stdin, the fast path's
 *                           own verdict: the program attached to DEV run
 *                           by BPF_PROG_TEST_RUN on a UDP frame arriving
 *                           on DEV: "ADDR fwd DMAC", "ADDR drop",
 *                           "ADDR pass" or "ADDR other N"
 *   fibcheck kill PID MS SEED ADDR
 *                           waits (10 s at most) until the FIB's direct
 *                           entry of ADDR is set (read without the lock:
 *                           the first route a batch writes), then kills PID
 *                           with SIGKILL after a random 0..MS ms; prints
 *                           the delay. Exit 3 when PID ended first.
 *
 * Other than kill, it opens the state with the shared lock, like `route
 * show`.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/fibrepair.h"
#include "lib/state.h"
#include "lib/tables.h"

/* One family's report: "OK ..." or "BAD ..." (IPv6's: OK6, BAD6). */
static int report(const char *v6, const struct xr_fib4_report *r)
{
	char line[512];

	xr_fib4_report_format(r, line, sizeof(line));
	printf("%s%s %s\n", xr_fib4_report_problems(r) ? "BAD" : "OK", v6, line);
	return xr_fib4_report_problems(r) ? 1 : 0;
}

static int cmd_state(struct xr_state *st)
{
	struct xr_fib4_report r, r6;
	int err = xr_fib4_check(&st->m, &r), bad;

	if (!err)
		err = xr_fib6_check(&st->m, &r6);
	if (err) {
		fprintf(stderr, "fibcheck: %s\n", strerror(-err));
		return 2;
	}
	bad = report("", &r);
	return report("6", &r6) | bad;
}

/* Allocator pages not free, in the page array (not the meta's count). */
static unsigned int pages_held(const struct xr_poptrie *t)
{
	uint32_t p, n = (t->g->nnodes + t->g->nleaves) / XR_PT_PAGE_UNITS;
	unsigned int held = 0;

	for (p = 0; p < n; p++)
		held += t->pages[p].order != XR_PT_ORDER_FREE;
	return held;
}

/* The IPv6 FIB's: "nodes6 N leaves6 N pages6 N nh6 N local6 N refs6 N". */
static int cmd_held6(struct xr_state *st)
{
	const struct xr_fib6 *f = st->m.fib6;
	unsigned int nh = 0, local = 0, refs = 0, id;

	for (id = 1; id < XR_MAX_NH6; id++) {
		const struct xr_nh6 *n = &f->nh.nh6[id];

		nh += !!n->type;
		local += n->type == XR_RTN_LOCAL;
		refs += n->type == XR_RTN_LOCAL ? n->refcnt : 0;
	}
	printf("nodes6 %llu leaves6 %llu pages6 %u nh6 %u local6 %u refs6 %u\n",
	       (unsigned long long)f->meta->nodes_used,
	       (unsigned long long)f->meta->leaves_used, pages_held(&f->pt), nh,
	       local, refs);
	return 0;
}

static int cmd_held(struct xr_state *st)
{
	const struct xr_fib4 *f = st->m.fib;
	unsigned int nh = 0, local = 0, refs = 0, id;

	for (id = 1; id < XR_MAX_NH4; id++) {
		const struct xr_nh4 *n = &f->nh.nh[id];

		if (!n->type)
			continue;
		nh++;
		if (n->type == XR_RTN_LOCAL || n->type == XR_RTN_BROADCAST) {
			local++;
			refs += n->refcnt;
		}
	}
	printf("nodes %llu leaves %llu pages %u nh %u local %u refs %u meta_nh %u\n",
	       (unsigned long long)f->meta->nodes_used,
	       (unsigned long long)f->meta->leaves_used, pages_held(&f->pt), nh,
	       local, refs, f->meta->nh_used);
	return 0;
}

static uint16_t csum(const void *p, size_t len)
{
	const uint16_t *w = p;
	uint32_t s = 0;

	for (; len > 1; len -= 2)
		s += *w++;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* A UDP frame from h1 (behind DEV) to dst, for the router's MAC. */
static size_t frame(unsigned char *buf, const unsigned char *mac, __be32 dst)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	size_t len = sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + 32;

	memset(buf, 0, len);
	memcpy(eth->h_dest, mac, ETH_ALEN);
	memcpy(eth->h_source, "\x02\x00\x00\x00\x11\x11", ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons((uint16_t)(len - sizeof(*eth)));
	ip->saddr = inet_addr("198.18.1.2");
	ip->daddr = dst;
	ip->check = csum(ip, sizeof(*ip));
	udp->source = htons(4000);
	udp->dest = htons(5000);
	udp->len = htons((uint16_t)(sizeof(*udp) + 32));
	return len;
}

static int attached_prog(const char *dev, uint32_t *ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	*ifindex = if_nametoindex(dev);
	if (!*ifindex || bpf_xdp_query((int)*ifindex, 0, &q) < 0 || !q.prog_id) {
		fprintf(stderr, "fibcheck: no XDP program on %s\n", dev);
		return -1;
	}
	return bpf_prog_get_fd_by_id(q.prog_id);
}

static void verdict(int prog, uint32_t ifindex, const unsigned char *mac,
		    const char *addr)
{
	unsigned char in[128], out[256];
	struct xdp_md ctx = { .ingress_ifindex = ifindex };
	size_t len = frame(in, mac, inet_addr(addr));
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in,
		    .data_size_in = (uint32_t)len, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	ctx.data_end = (uint32_t)len;
	if (bpf_prog_test_run_opts(prog, &o) < 0) {
		printf("%s error %d\n", addr, errno);
	} else if (o.retval == XDP_REDIRECT || o.retval == XDP_TX) {
		printf("%s fwd %02x:%02x:%02x:%02x:%02x:%02x\n", addr, out[0],
		       out[1], out[2], out[3], out[4], out[5]);
	} else if (o.retval == XDP_DROP) {
		printf("%s drop\n", addr);
	} else if (o.retval == XDP_PASS) {
		printf("%s pass\n", addr);
	} else {
		printf("%s other %u\n", addr, o.retval);
	}
}

static int cmd_verdicts(struct xr_state *st, const char *dev)
{
	struct xr_iface ifv;
	char addr[64];
	uint32_t ifindex;
	int prog = attached_prog(dev, &ifindex);

	if (prog < 0 || xr_iface_get(&st->m, ifindex, &ifv)) {
		fprintf(stderr, "fibcheck: %s is not attached\n", dev);
		return 2;
	}
	while (scanf("%63s", addr) == 1)
		verdict(prog, ifindex, ifv.mac, addr);
	return 0;
}

/* The direct entry of addr, mapped read-only without the lock (the
 * direct array's chunks are 4 KiB: entry i is at i * 4). */
static const uint32_t *direct_map(__be32 addr)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t off = (size_t)(ntohl(addr) >> (32 - XR_PT4_DIRECT_BITS)) *
		     sizeof(uint32_t);
	struct xr_state st;
	char path[PATH_MAX + 32];
	void *mem;
	int fd;

	if (xr_state_locate(&st))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", st.dir, XR_MAP_NAME(fib4_dir));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return NULL;
	mem = mmap(NULL, page, PROT_READ, MAP_SHARED, fd,
		   (off_t)(off & ~(page - 1)));
	close(fd);
	return mem == MAP_FAILED ? NULL :
	       (const uint32_t *)((char *)mem + (off & (page - 1)));
}

static int cmd_kill(int pid, long ms, unsigned int seed, const char *addr)
{
	const uint32_t *e = direct_map(inet_addr(addr));
	long delay;
	int i;

	if (!e || ms <= 0)
		return 2;
	for (i = 0; i < 10000; i++) {      /* 10 s */
		if (kill(pid, 0) < 0)
			return 3;
		if (__atomic_load_n(e, __ATOMIC_ACQUIRE))
			break;
		usleep(1000);
	}
	srand(seed);
	delay = rand() % ms;
	usleep((useconds_t)delay * 1000);
	if (kill(pid, SIGKILL) < 0)
		return 3;
	printf("%ld\n", delay);
	return 0;
}

int main(int argc, char **argv)
{
	struct xr_state st;
	int ret = 2;

	if (argc == 6 && !strcmp(argv[1], "kill"))
		return cmd_kill(atoi(argv[2]), atol(argv[3]),
				(unsigned int)atoi(argv[4]), argv[5]);
	if (argc < 2 || xr_state_open(&st, 0)) {
		fprintf(stderr, "usage: fibcheck state|held|held6|verdicts DEV|"
			"kill PID MS SEED ADDR "
			"(run in the router's namespace, with state)\n");
		return 2;
	}
	if (!strcmp(argv[1], "state"))
		ret = cmd_state(&st);
	else if (!strcmp(argv[1], "held"))
		ret = cmd_held(&st);
	else if (!strcmp(argv[1], "held6"))
		ret = cmd_held6(&st);
	else if (!strcmp(argv[1], "verdicts") && argc == 3)
		ret = cmd_verdicts(&st, argv[2]);
	xr_state_close(&st);
	return ret;
}
