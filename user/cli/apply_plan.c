// SPDX-License-Identifier: GPL-2.0
/*
 * The plan of apply (apply_plan.h): the two sorted item lists merged by
 * key into pairs (wanted, running), then each phase's commands emitted
 * in the order they must run.
 */
#include <stdlib.h>
#include <string.h>
#include "cli/apply_plan.h"
#include "lib/err.h"

/* A key of either side: want (NULL: to remove), run (NULL: to add). */
struct pair {
	const struct xr_cfg_item *want, *run;
};

struct ctx {
	struct pair *v;
	size_t n;
	struct xr_plan *p;
	xr_plan_has_neigh has_neigh;
	void *arg;
	char *buf;
};

static int merge(const struct xr_cfg *want, const struct xr_cfg *run,
		 struct ctx *x)
{
	size_t i = 0, j = 0;

	x->v = calloc(want->n + run->n + 1, sizeof(*x->v));
	if (!x->v)
		return -1;
	while (i < want->n || j < run->n) {
		struct pair *q = &x->v[x->n++];
		int c = i == want->n ? 1 : j == run->n ? -1 :
			xr_cfg_key_cmp(&want->v[i], &run->v[j]);

		q->want = c <= 0 ? &want->v[i++] : NULL;
		q->run = c >= 0 ? &run->v[j++] : NULL;
	}
	return 0;
}

static int step(struct ctx *x, int op, int line, const char *text)
{
	struct xr_plan *p = x->p;
	struct xr_plan_step *s;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;

		s = realloc(p->v, cap * sizeof(*s));
		if (!s)
			return -1;
		p->v = s;
		p->cap = cap;
	}
	s = &p->v[p->n];
	s->op = (uint8_t)op;
	s->line = line;
	if (!(s->line_text = strdup(text)))
		return -1;
	p->n++;
	return 0;
}

/* What happens to an item: XR_PLAN_* or -1 (unchanged). */
static int fate(const struct pair *q)
{
	if (!q->run)
		return XR_PLAN_ADD;
	if (!q->want)
		return XR_PLAN_REMOVE;
	return xr_cfg_same(q->want, q->run) ? -1 : XR_PLAN_CHANGE;
}

/* The fate of the link with ifindex (-1: unchanged, or none). */
static int link_fate(const struct ctx *x, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		const struct xr_cfg_item *it = x->v[i].want ? x->v[i].want :
					       x->v[i].run;

		if (it->kind == XR_CFG_LINK && it->ifindex == ifindex)
			return fate(&x->v[i]);
	}
	return -1;
}

static const struct xr_cfg_item *item(const struct pair *q)
{
	return q->want ? q->want : q->run;
}

/* An add or change of q (op), its command(s). */
static int emit_set(struct ctx *x, const struct pair *q, int op)
{
	const struct xr_cfg_item *w = q->want;
	char *b = x->buf;

	/* a link's hook, a handler's object: no replace, del + add */
	if (op == XR_PLAN_CHANGE &&
	    (w->kind == XR_CFG_LINK || w->kind == XR_CFG_PROTO) &&
	    step(x, op, w->line, xr_cfg_fmt_del(q->run, b, XR_CFG_LINE)))
		return -1;
	if (w->kind == XR_CFG_NEIGH && op == XR_PLAN_ADD && x->has_neigh &&
	    x->has_neigh(x->arg, w))
		return step(x, op, w->line, xr_cfg_fmt_change(w, b, XR_CFG_LINE));
	if (op == XR_PLAN_CHANGE)
		return step(x, op, w->line, xr_cfg_fmt_change(w, b, XR_CFG_LINE));
	return step(x, op, w->line, xr_cfg_fmt(w, b, XR_CFG_LINE));
}

/* A link's redirects setting: a link attached anew (changed) has the
 * default again, one detached has none. */
static int emit_linkset(struct ctx *x, const struct pair *q, int op)
{
	int lf = link_fate(x, item(q)->ifindex);

	if (lf == XR_PLAN_CHANGE && q->want)
		return step(x, op < 0 ? XR_PLAN_CHANGE : op, q->want->line,
			    xr_cfg_fmt(q->want, x->buf, XR_CFG_LINE));
	if (op < 0 || (op == XR_PLAN_REMOVE && lf >= 0))
		return 0;
	return op == XR_PLAN_REMOVE ?
	       step(x, op, 0, xr_cfg_fmt_del(q->run, x->buf, XR_CFG_LINE)) :
	       step(x, op, q->want->line, xr_cfg_fmt(q->want, x->buf, XR_CFG_LINE));
}

/* One phase: the items of kind whose op is in ops (a bit mask). */
static int phase(struct ctx *x, int kind, unsigned int ops)
{
	size_t i;
	int op, err = 0;

	for (i = 0; !err && i < x->n; i++) {
		const struct pair *q = &x->v[i];

		if (item(q)->kind != kind)
			continue;
		op = fate(q);
		if (kind == XR_CFG_LINKSET && (ops & (1u << XR_PLAN_ADD)))
			err = emit_linkset(x, q, op);
		else if (op < 0 || !(ops >> op & 1))
			continue;
		else if (op == XR_PLAN_REMOVE)
			err = step(x, op, 0, xr_cfg_fmt_del(q->run, x->buf, XR_CFG_LINE));
		else
			err = emit_set(x, q, op);
	}
	return err;
}

/* What the summary counts for q: its fate, or a change for a setting
 * given again to a link attached anew (emit_linkset). */
static int counted(const struct ctx *x, const struct pair *q)
{
	int op = fate(q);

	if (op < 0 && q->want && q->want->kind == XR_CFG_LINKSET &&
	    link_fate(x, q->want->ifindex) == XR_PLAN_CHANGE)
		return XR_PLAN_CHANGE;
	return op;
}

static void count(struct ctx *x)
{
	size_t i;
	int op;

	for (i = 0; i < x->n; i++)
		if ((op = counted(x, &x->v[i])) >= 0)
			x->p->cnt[op][item(&x->v[i])->kind]++;
}

#define SET (1u << XR_PLAN_ADD | 1u << XR_PLAN_CHANGE)
#define DEL (1u << XR_PLAN_REMOVE)

int xr_plan_make(const struct xr_cfg *want, const struct xr_cfg *run,
		 xr_plan_has_neigh has_neigh, void *arg, struct xr_plan *p)
{
	static const struct { int kind; unsigned int ops; } phases[] = {
		{ XR_CFG_LINK, SET }, { XR_CFG_LINKSET, SET | DEL },
		{ XR_CFG_POLICY, SET | DEL }, { XR_CFG_PROTO, SET },
		{ XR_CFG_NEIGH, SET }, { XR_CFG_ROUTE, SET },
		{ XR_CFG_ROUTE, DEL }, { XR_CFG_NEIGH, DEL },
		{ XR_CFG_PROTO, DEL }, { XR_CFG_LINK, DEL },
	};
	struct ctx x = { .p = p, .has_neigh = has_neigh, .arg = arg };
	size_t k;
	int err;

	memset(p, 0, sizeof(*p));
	x.buf = malloc(XR_CFG_LINE);
	err = !x.buf || merge(want, run, &x) ? -1 : 0;
	for (k = 0; !err && k < sizeof(phases) / sizeof(phases[0]); k++)
		err = phase(&x, phases[k].kind, phases[k].ops);
	if (!err)
		count(&x);
	else
		xr_err("out of memory");
	free(x.v);
	free(x.buf);
	return err;
}

void xr_plan_free(struct xr_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].line_text);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

unsigned long xr_plan_total(const struct xr_plan *p, int op)
{
	unsigned long t = 0;
	int k;

	for (k = 0; k < XR_CFG_NKINDS; k++)
		t += p->cnt[op][k];
	return t;
}
