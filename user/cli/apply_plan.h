/* SPDX-License-Identifier: GPL-2.0 */
/*
 * apply's plan (apply_plan.c): the difference between the configuration
 * wanted (a file's items) and the running one, as the commands that
 * make the one the other, in the order they must run: attach, link set,
 * hash policy, proto (a changed one del + add), neigh add/replace, route
 * add/replace, route del, neigh del, proto del, detach. Unchanged items
 * give no command at all.
 */
#ifndef XR_CLI_APPLY_PLAN_H
#define XR_CLI_APPLY_PLAN_H

#include "cli/cfg.h"

enum { XR_PLAN_ADD, XR_PLAN_CHANGE, XR_PLAN_REMOVE, XR_PLAN_NOPS };

struct xr_plan_step {
	uint8_t op;                /* XR_PLAN_* */
	int line;                  /* the file's line it comes from (0: none) */
	char *line_text;           /* the command, as a batch line */
};

struct xr_plan {
	struct xr_plan_step *v;
	size_t n, cap;
	/* items (not commands) per op and kind */
	unsigned long cnt[XR_PLAN_NOPS][XR_CFG_NKINDS];
};

/* Whether a neighbour entry (learnt or not) is there: its add is then a
 * replace. NULL: none is. */
typedef int (*xr_plan_has_neigh)(void *arg, const struct xr_cfg_item *it);

/* want and run sorted (xr_cfg_sort), their keys distinct. */
int xr_plan_make(const struct xr_cfg *want, const struct xr_cfg *run,
		 xr_plan_has_neigh has_neigh, void *arg, struct xr_plan *p);
void xr_plan_free(struct xr_plan *p);
/* The items of an op, all kinds. */
unsigned long xr_plan_total(const struct xr_plan *p, int op);

#endif
