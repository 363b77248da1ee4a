/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwdbench (make bench, part 2), what its files share:
 *   fwdbench.c  the command line: prefixes, run and its options
 *   fwdsetup.c  namespaces, the traffic programs, destinations, and each
 *               contender brought up and down on r
 *   fwdrun.c    the traffic itself and the three measurements
 *   fwdprefix6.c  an IPv6 table of N prefixes grown from a real one
 */
#ifndef XR_FWDBENCH_H
#define XR_FWDBENCH_H

#include <stdint.h>

struct bench_traffic_bpf;
struct bench_fibfwd_bpf;

/* bench_traffic.bpf.c's counters (bench_cnt) */
enum { GEN_SENT, SINK_OK, SINK_BAD_TTL, SINK_BAD_CSUM, SINK_BAD_MAC,
       SINK_OTHER, ICMP_OK, ICMP_BAD, BENCH_NCNT };
/* the contenders; with --also-ipv4, xdp-router and the floor once more
 * on IPv4 frames in the same runs (C_XR4, C_FLOOR4) */
enum { C_LINUX, C_XR, C_FIB, C_FLOOR, C_XR4, C_FLOOR4, NCONT };

/* bench_traffic.bpf.c's gen_dsts6: an IPv6 destination and the UDP
 * checksum (network order) of the frame sent to it */
struct gen_dst6 {
	uint8_t addr[16];
	uint16_t udp_csum;
	uint16_t pad;
};

#define MAX_RUNS 32

struct fwdbench {
	const char *gen, *r, *sink, *xr, *scenario, *prefix_file, *churn;
	const char *also4;         /* --also-ipv4: the IPv4 prefix file */
	int runs, ndst, slow, v6;    /* v6: IPv6 traffic and forwarding */
	double secs, warmup;
	int ns_gen, ns_r, ns_sink, ns_host;
	uint32_t gen_if, rin_if, rout_if, sink_if;
	struct bench_traffic_bpf *tr;
	struct bench_fibfwd_bpf *fwd;
};
extern struct fwdbench B;

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* fwdsetup.c */
void ns_enter(int nsfd);
void xdp_attach(int nsfd, uint32_t ifindex, int prog_fd);
int contenders(void);
void contender_up(int c);
void contender_down(int c);
void fwd_setup(const char *dst);
void fwd_cleanup(void);

/* fwdprefix6.c */
void cmd_prefixes6(int argc, char **argv);

/* fwdrun.c */
void run_compare(void);
void run_churn(void);
void run_slow(void);

#endif
