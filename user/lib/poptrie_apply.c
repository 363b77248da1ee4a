// SPDX-License-Identifier: GPL-2.0
/*
 * Changes to the Poptrie (xr_pt_apply, and add and del, one op each),
 * by path copying. The ops are sorted by the slots they touch (in their
 * order within a slot); each slot's nodes that the ops reach are opened
 * in private memory (struct pnode), changed there, then written back
 * bottom up into fresh blocks, in canonical form (a node whose 64
 * positions are one leaf becomes that leaf), while the nodes not reached
 * are kept as they are. Every slot's new entry is prepared before any is
 * stored, so a lack of memory leaves everything as it was; then the
 * stores, one per slot, and the blocks given up go on pending.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/poptrie_int.h"

/* A pair: the slot, the op's order key within it, the op. */
#define PAIR(slot, key, op)  ((uint64_t)(slot) << 40 | (uint64_t)(key) << 32 | (op))
#define PAIR_SLOT(p)         ((uint32_t)((p) >> 40))
#define PAIR_OP(p)           ((uint32_t)(p))

struct pnode {
	struct xr_pt_free free;     /* on the pool when free */
	struct xr_pt_wide w;        /* kid[v]: a child not opened, as it is */
	struct pnode *sub[XR_PT_FANOUT];   /* children opened */
	struct xr_pt_node orig;     /* the node opened, when has_orig */
	int has_orig, dirty;
};

/* The private nodes freed, kept for reuse (a short route over a big
 * subtree opens many): the trie's pool (poptrie_alloc.c). */
struct pool {
	struct xr_pt_free **free;
	struct xr_pt_txn *x;        /* tail records given up go on x->old */
};

/* What an entry the op covers becomes (per address: add takes the
 * place of no route or of one no longer; delete gives its place, and a
 * shorter route's, to repl). */
static uint32_t leaf_apply(const struct xr_pt_geom *g, const struct xr_pt_op *o,
			   uint32_t x)
{
	int valid = !!(x & g->valid);
	unsigned int d = xr_pt_depth(g, x);

	if (o->del)
		return valid && d <= o->depth ? o->e : x;
	return !valid || d <= o->depth ? o->e : x;
}

static struct pnode *pn_leaf(struct pool *pl, uint32_t e)
{
	struct pnode *p = (struct pnode *)*pl->free;

	if (p)
		*pl->free = p->free.next;
	else if (!(p = malloc(sizeof(*p))))
		return NULL;
	xr_pt_wide_leaf(&p->w, e);
	memset(p->sub, 0, sizeof(p->sub));
	p->has_orig = p->dirty = 0;
	return p;
}

static struct pnode *pn_open(struct pool *pl, const struct xr_poptrie *t,
			     const struct xr_pt_node *n)
{
	struct pnode *p = pn_leaf(pl, 0);

	if (!p)
		return NULL;
	xr_pt_wide_read(t, n, &p->w);
	p->orig = *n;
	p->has_orig = 1;
	return p;
}

static void pn_free(struct pool *pl, struct pnode *p)
{
	unsigned int v;

	if (!p)
		return;
	for (v = 0; v < XR_PT_FANOUT; v++)
		pn_free(pl, p->sub[v]);
	p->free.next = *pl->free;
	*pl->free = &p->free;
}

static int pn_apply(struct pool *pl, const struct xr_poptrie *t,
		    struct pnode *p, unsigned int level, const struct xr_pt_op *o);

/* Whether the op may change leaf x (a tail: either of its entries). */
static int leaf_changes(const struct xr_poptrie *t, const struct xr_pt_op *o,
			uint32_t x)
{
	const struct xr_pt_tail *r;

	if (!xr_pt_is_tail(t->g, x))
		return leaf_apply(t->g, o, x) != x;
	r = xr_pt_tail_of(t, x);
	return leaf_apply(t->g, o, r->e) != r->e ||
	       leaf_apply(t->g, o, r->fallback) != r->fallback;
}

/* Tail leaf x, at a position of a node of this level, opened as a node
 * of the next one: its fallback everywhere, its entry on its prefix's
 * run, or its one position the same tail when the prefix is deeper still
 * (the record is given up when its entry is spread out). */
static struct pnode *tail_open(struct pool *pl, const struct xr_poptrie *t,
			       uint32_t x, unsigned int level)
{
	const struct xr_pt_tail *r = xr_pt_tail_of(t, x);
	struct xr_pt_key key = { r->hi, r->lo };
	struct pnode *p = pn_leaf(pl, r->fallback);
	unsigned int first, n, v;

	if (!p)
		return NULL;
	p->dirty = 1;
	if (xr_pt_span(t->g, key, xr_pt_depth(t->g, r->e), level + 1, &first, &n)) {
		p->w.leaf[first] = x;
		return p;
	}
	for (v = first; v < first + n; v++)
		p->w.leaf[v] = r->e;
	if (xr_idlist_push(&pl->x->old, XR_PT_BLK(x & t->g->id_mask, 0))) {
		pn_free(pl, p);
		return NULL;
	}
	return p;
}

/* Whether the op changes anything in node n of this level, as it is in
 * the trie (read there, nothing opened). */
static int affects(const struct xr_poptrie *t, const struct xr_pt_node *n,
		   unsigned int level, const struct xr_pt_op *o)
{
	unsigned int first, cnt, v, i, nk = __builtin_popcountll(n->vector);

	xr_pt_span(t->g, o->key, o->depth, level, &first, &cnt);
	if (cnt == XR_PT_FANOUT) {
		for (i = 0; i < (unsigned int)__builtin_popcountll(n->leafvec); i++)
			if (leaf_changes(t, o, t->leaves[n->base0 + i]))
				return 1;
		for (i = 0; i < nk; i++)
			if (affects(t, &t->nodes[n->base1 + i], level + 1, o))
				return 1;
		return 0;
	}
	for (v = first; v < first + cnt; v++) {
		if (n->vector >> v & 1) {
			i = __builtin_popcountll(n->vector & ((2ull << v) - 1)) - 1;
			if (affects(t, &t->nodes[n->base1 + i], level + 1, o))
				return 1;
			continue;
		}
		if (leaf_changes(t, o, xr_pt_node_leaf(t, n, v)))
			return 1;
	}
	return 0;
}

/* Position v of p, a child or a leaf the op goes below. */
static int pn_below(struct pool *pl, const struct xr_poptrie *t,
		    struct pnode *p, unsigned int level, unsigned int v,
		    const struct xr_pt_op *o)
{
	if (!p->sub[v] && (p->w.kids >> v & 1)) {
		if (!affects(t, &p->w.kid[v], level + 1, o))
			return 0;
		p->sub[v] = pn_open(pl, t, &p->w.kid[v]);
	} else if (!p->sub[v]) {
		if (!leaf_changes(t, o, p->w.leaf[v]))
			return 0;
		p->sub[v] = xr_pt_is_tail(t->g, p->w.leaf[v]) ?
			    tail_open(pl, t, p->w.leaf[v], level) :
			    pn_leaf(pl, p->w.leaf[v]);
		p->w.kids |= 1ull << v;
	}
	if (!p->sub[v])
		return -ENOMEM;
	return pn_apply(pl, t, p->sub[v], level + 1, o);
}

static int pn_apply(struct pool *pl, const struct xr_poptrie *t,
		    struct pnode *p, unsigned int level, const struct xr_pt_op *o)
{
	unsigned int first, n, v;
	int deep = xr_pt_span(t->g, o->key, o->depth, level, &first, &n);
	uint32_t e;
	int err;

	for (v = first; v < first + n; v++) {
		if (deep || (p->w.kids >> v & 1) ||
		    xr_pt_is_tail(t->g, p->w.leaf[v])) {
			err = pn_below(pl, t, p, level, v, o);
			if (err)
				return err;
			p->dirty |= p->sub[v] && p->sub[v]->dirty;
		} else if ((e = leaf_apply(t->g, o, p->w.leaf[v])) != p->w.leaf[v]) {
			p->w.leaf[v] = e;
			p->dirty = 1;
		}
	}
	return 0;
}

/* The old node's blocks, given up: its children's always, its leaves'
 * unless the new node (when one) kept them. */
static int give_up(struct xr_poptrie *t, struct xr_pt_txn *x,
		   const struct xr_pt_node *old, const struct xr_pt_node *n)
{
	uint32_t kb = xr_pt_kids_blk(t, old), lb = xr_pt_leaves_blk(t, old);
	int err = 0;

	if (kb != XR_PT_NONE)
		err = xr_idlist_push(&x->old, kb);
	if (!err && lb != XR_PT_NONE && (!n || n->base0 != old->base0 ||
					 !n->leafvec))
		err = xr_idlist_push(&x->old, lb);
	return err;
}

/* p written back: a leaf (*e, 0) or a node (*n, 1), or -errno. A node
 * opened and not changed is kept as it is. */
static int pn_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		    struct pnode *p, struct xr_pt_at at, uint32_t *e,
		    struct xr_pt_node *n)
{
	unsigned int v;
	int r;

	if (p->has_orig && !p->dirty) {
		*n = p->orig;
		return 1;
	}
	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (!p->sub[v])
			continue;
		r = pn_write(t, x, p->sub[v], xr_pt_at_kid(t->g, at, v),
			     &p->w.leaf[v], &p->w.kid[v]);
		if (r < 0)
			return r;
		if (!r)
			p->w.kids &= ~(1ull << v);
	}
	r = xr_pt_wide_finish(t, x, &p->w, p->has_orig ? &p->orig : NULL, at,
			      e, n);
	if (r >= 0 && p->has_orig && give_up(t, x, &p->orig, r ? n : NULL))
		return -ENOMEM;
	return r;
}

/* Slot s under its ops (ops[idx[lo .. hi)] in order): its new entry in
 * *e, blocks written, nothing switched. 1 changed, 0 not, -errno. */
static int slot_prepare(struct xr_poptrie *t, struct xr_pt_txn *x,
			struct pool *pl, uint32_t s, const struct xr_pt_op *ops,
			const uint64_t *idx, size_t lo, size_t hi, uint32_t *e)
{
	const struct xr_pt_geom *g = t->g;
	uint32_t cur = xr_pt_load(&t->direct[s]), id;
	struct pnode *root = NULL;
	struct xr_pt_node n;
	const struct xr_pt_op *o;
	int r = 0;

	*e = cur;
	for (; lo < hi && !r; lo++) {
		o = &ops[PAIR_OP(idx[lo])];
		if (!root && (cur & g->ext)) {
			if (!affects(t, &t->nodes[cur & g->id_mask], 0, o))
				continue;
			root = pn_open(pl, t, &t->nodes[cur & g->id_mask]);
			if (!root)
				return -ENOMEM;
		}
		if (!root && (o->depth <= g->direct_bits ||
			      leaf_apply(g, o, *e) == *e)) {
			*e = leaf_apply(g, o, *e);
			continue;
		}
		if (!root && !(root = pn_leaf(pl, *e)))
			return -ENOMEM;
		r = pn_apply(pl, t, root, 0, o);
	}
	if (r || !root || (root->has_orig && !root->dirty)) {
		pn_free(pl, root);
		return r ? r : !(cur & g->ext) && *e != cur;
	}
	r = pn_write(t, x, root, xr_pt_at_slot(g, s), e, &n);
	pn_free(pl, root);
	if (r > 0 && !(r = xr_pt_alloc(t, x, 0, 0, &id))) {
		t->nodes[id] = n;
		*e = xr_pt_root_entry(g, id);
	}
	if (!r && (cur & g->ext))
		r = xr_idlist_push(&x->old, XR_PT_BLK(cur & g->id_mask, 0));
	return r ? r : *e != cur || (cur & g->ext);
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The slots op touches: cnt from first. */
static uint32_t op_slots(const struct xr_pt_geom *g, const struct xr_pt_op *o,
			 uint32_t *first)
{
	unsigned int db = g->direct_bits;
	uint32_t cnt = o->depth < db ? 1u << (db - o->depth) : 1;

	*first = xr_pt_bits(o->key, 0, db) & ~(cnt - 1);
	return cnt;
}

/* v stably sorted by (v >> shift) & mask: a counting sort. */
static int count_sort(uint64_t *v, size_t nv, unsigned int shift,
		      uint32_t nb)
{
	uint32_t *start = calloc(nb, sizeof(*start)), b, sum = 0, c;
	uint64_t *out = malloc(nv * sizeof(*out));
	size_t i;

	if (!start || !out) {
		free(start);
		free(out);
		return -ENOMEM;
	}
	for (i = 0; i < nv; i++)
		start[(v[i] >> shift) & (nb - 1)]++;
	for (b = 0; b < nb; b++) {
		c = start[b];
		start[b] = sum;
		sum += c;
	}
	for (i = 0; i < nv; i++)
		out[start[(v[i] >> shift) & (nb - 1)]++] = v[i];
	memcpy(v, out, nv * sizeof(*v));
	free(start);
	free(out);
	return 0;
}

/* v sorted by slot, then key, then op: qsort for a few pairs, else a
 * radix sort (by key, then by slot). */
static int sort_pairs(const struct xr_pt_geom *g, uint64_t *v, size_t nv)
{
	uint32_t ns = 1u << g->direct_bits;

	if (nv < ns / 16) {
		qsort(v, nv, sizeof(*v), u64_cmp);
		return 0;
	}
	return count_sort(v, nv, 32, 256) ?: count_sort(v, nv, 40, ns);
}

/* Every (slot, op) the ops touch, sorted. Within a slot the ops keep
 * their order, but for a batch of adds alone: then the shorter routes
 * go first (the result is the same in any order, but for the same
 * prefix, whose order is kept; and a short route added before the long
 * ones below it need not reach into their nodes). */
static int slot_pairs(const struct xr_poptrie *t, const struct xr_pt_op *ops,
		      size_t n, uint64_t **out, size_t *np)
{
	uint64_t total = 0, *v, k = 0;
	uint32_t first, cnt, s;
	int err, adds = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (ops[i].depth > t->g->key_bits || i > UINT32_MAX - 1)
			return -EINVAL;
		total += op_slots(t->g, &ops[i], &first);
		adds &= !ops[i].del;
	}
	v = malloc((total ? total : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		cnt = op_slots(t->g, &ops[i], &first);
		for (s = first; s < first + cnt; s++)
			v[k++] = PAIR(s, adds ? ops[i].depth : 0, i);
	}
	err = n > 1 ? sort_pairs(t->g, v, total) : 0;
	if (err)
		free(v);
	*out = err ? NULL : v;
	*np = total;
	return err;
}

/* The slots' new entries (slot[i] gets e[i]), prepared. */
static int prepare(struct xr_poptrie *t, struct xr_pt_txn *x,
		   const struct xr_pt_op *ops, const uint64_t *v, size_t nv,
		   struct xr_idlist *slot, struct xr_idlist *e)
{
	struct pool pl = { xr_pt_pool(t), x };
	size_t i = 0, j;
	uint32_t s, ne;
	int r = pl.free ? 0 : -ENOMEM;

	while (i < nv && r >= 0) {
		s = PAIR_SLOT(v[i]);
		for (j = i; j < nv && PAIR_SLOT(v[j]) == s; j++)
			;
		r = slot_prepare(t, x, &pl, s, ops, v, i, j, &ne);
		if (r > 0)
			r = xr_idlist_push(slot, s) ?: xr_idlist_push(e, ne);
		i = j;
	}
	return r < 0 ? r : 0;
}

int xr_pt_apply(struct xr_poptrie *t, const struct xr_pt_op *ops, size_t n)
{
	struct xr_idlist slot = { 0 }, e = { 0 };
	struct xr_pt_txn x = { 0 };
	uint64_t *v = NULL;
	size_t nv, i;
	int err = slot_pairs(t, ops, n, &v, &nv);

	if (!err)
		err = prepare(t, &x, ops, v, nv, &slot, &e);
	if (err) {
		xr_pt_txn_abort(t, &x);
	} else {
		for (i = 0; i < slot.n; i++)
			xr_pt_store(&t->direct[slot.v[i]], e.v[i]);
		err = xr_pt_txn_commit(t, &x);
	}
	free(v);
	xr_pt_txn_free(&x);
	xr_idlist_free(&slot);
	xr_idlist_free(&e);
	return err;
}
