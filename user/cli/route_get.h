/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp-router route get ADDR [from ADDR] [iif DEV] [ipproto N] [sport N]
 * [dport N] [len N]:
 * the fast path's own answer (user/cli/route_get.c, docs/cli.md).
 */
#ifndef XR_CLI_ROUTE_GET_H
#define XR_CLI_ROUTE_GET_H

#include <stdint.h>
#include <linux/types.h>
#include "lib/parse.h"

struct xr_cli;

/* What to ask: the frame route get makes. Unset values take defaults. */
struct xr_route_get_req {
	char what[56];         /* ADDR as given, for the output */
	int family;            /* ADDR's: AF_INET or AF_INET6 */
	struct xr_inaddr dst;
	struct xr_inaddr src;  /* from ADDR (the same family) */
	uint32_t iif;          /* iif DEV (ifindex) */
	uint32_t ipproto;      /* ipproto N */
	uint32_t len;          /* len N: the datagram's total length */
	uint32_t sport, dport; /* sport N, dport N: ipproto's ports */
	unsigned int given;    /* XR_RG_* of the options given */
};

#define XR_RG_FROM    0x1
#define XR_RG_IIF     0x2
#define XR_RG_IPPROTO 0x4
#define XR_RG_LEN     0x8
#define XR_RG_SPORT   0x10
#define XR_RG_DPORT   0x20

/* argv starts after "get"; family: -4/-6 (0: from ADDR). 0, or -1
 * after one error line. */
int xr_route_get_req_parse(int argc, char **argv, int family,
			   struct xr_route_get_req *q);
/* iif DEV, when given, is attached as the batch sees it (one line). */
int xr_route_get_req_check(struct xr_cli *cli, const struct xr_route_get_req *q);
/* Runs the probe and prints its answer. 0, or non-zero after one line. */
int xr_route_get(struct xr_cli *cli, const struct xr_route_get_req *q);

#endif
