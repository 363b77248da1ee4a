/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwdbench (make bench, part 2), what its files share:
 *   fwdbench.c  the command line: prefixes, run and its options
 *   fwdsetup.c  namespaces, the traffic programs, destinations, and each
 *               contender brought up and down on r
 *   fwdrun.c    the traffic itself and the three measurements
 *   fwdprefix6.c  an IPv6 table of N prefixes grown from a real one
 *   fwdshape.c  the capacity shapes (deep /24s or /48s, host routes)
 *   fwdecmp.c   ECMP: a route via 1 next hop against a group (--ecmp4,
 *               --ecmp6), both families in the same runs
 */
#ifndef XR_FWDBENCH_H
#define XR_FWDBENCH_H

#include <stdint.h>
#include <sys/types.h>
#include "benchroute.h"

struct bench_traffic_bpf;
struct bench_fibfwd_bpf;

/* bench_traffic.bpf.c's counters (bench_cnt); SINK_MEMB0 + k: frames
 * delivered by ECMP member k (BENCH_ECMP_MAX of them) */
enum { GEN_SENT, SINK_OK, SINK_BAD_TTL, SINK_BAD_CSUM, SINK_BAD_MAC,
       SINK_OTHER, ICMP_OK, ICMP_BAD, SINK_MEMB0,
       BENCH_NCNT = SINK_MEMB0 + BENCH_ECMP_MAX };
/* the contenders; with --also-ipv4, xdp-router and the floor once more
 * on IPv4 frames in the same runs (C_XR4, C_FLOOR4); with --ecmp4 and
 * --ecmp6, xdp-router with the route via its group (C_XR_NHG,
 * C_XR4_NHG: the route switched under C_XR, C_XR4, which are up)
 * beside xdp-router with the route via one next hop; with --old BIN,
 * the previous build (BIN: its CLI, with its own state) as one more
 * contender, C_OLD ("dir-24-8", the FIB before issue 17) */
enum { C_LINUX, C_XR, C_FIB, C_FLOOR, C_XR4, C_FLOOR4, C_XR_NHG, C_XR4_NHG,
       C_OLD, NCONT };

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
	const char *old;           /* --old: the previous build's CLI */
	const char *ecmp_arg[2];   /* --ecmp4, --ecmp6: PREFIX=GW,GW,... */
	struct bench_ecmp_route ecmp[2];   /* by family, on r-h2 */
	int runs, ndst, slow, v6;    /* v6: IPv6 traffic and forwarding */
	double secs, warmup;
	int ns_gen, ns_r, ns_sink, ns_host;
	uint32_t gen_if, rin_if, rout_if, sink_if;
	struct bench_traffic_bpf *tr;
	struct bench_fibfwd_bpf *fwd;
};
extern struct fwdbench B;

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* one measurement of a contender (fwdrun.c); cpu: the CPU time the
 * sending thread had meanwhile, s; memb: delivered per ECMP member */
struct result {
	double pps, secs, cpu;
	uint64_t sent, ok, bad, memb[BENCH_ECMP_MAX];
	int failed;
};

/* fwdsetup.c */
void ns_enter(int nsfd);
/* whether contender c sends IPv4 frames when both families run */
int contender_v4(int c);
void xdp_attach(int nsfd, uint32_t ifindex, int prog_fd);
/* the contenders of this run, in the order they take turns, into
 * list; their number */
int contenders(int list[NCONT]);
void contender_up(int c);
void contender_down(int c);
void fwd_setup(const char *dst);
void fwd_cleanup(void);

/* fwdprefix6.c */
void cmd_prefixes6(int argc, char **argv);

/* fwdshape.c */
void cmd_shape(int argc, char **argv);

/* fwdrun.c */
extern const char *cname[NCONT];
/* send for secs seconds (and, with a child running, until it is done) */
void traffic(double secs, pid_t child, struct result *res);
void print_run(int run, int c, const struct result *r);
void stats(double *v, int n, double *min, double *med, double *max);
/* what contender c adds per packet above the floor of the same runs,
 * ns, the median over the runs */
double own_cost(struct result r[NCONT][MAX_RUNS], int c, int floor);
void run_compare(void);
void run_churn(void);
void run_slow(void);

/* fwdecmp.c */
void ecmp_setup(void);
void ecmp_route(int c);
void run_ecmp(void);

#endif
