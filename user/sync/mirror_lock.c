// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror writes as the daemon writes neighbours (slowpath.c's
 * xr_sp_write_lock): the state's exclusive lock without waiting, the
 * state still the one held, a dead writer's FIB repaired first, the
 * next-hop index rebuilt when another process may have moved the map
 * under it, the generations bumped (the configuration's only when routes
 * are written: mr_cfg_write); at the end what the writes gave up
 * released (xr_fib4_commit). A mirror over maps without a state
 * directory (tests: lock_fd -1) takes no lock.
 */
#include <errno.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/gen.h"
#include "lib/nexthop.h"
#include "sync/mirror_int.h"

/* Whether another process may have written since our last write: the
 * configuration moved since, or a writer died (gone). */
static int others_wrote(const struct xr_mirror *mi, const struct xr_state_gen *g,
			int gone)
{
	return !mi->gen_seen || g->gen[XR_GEN_CONFIG] != mi->cfg_gen || gone;
}

/* This process's index of the next-hop map rebuilt, and the copy of
 * the route tables dropped, when another writer may have moved them. */
static void others_check(struct xr_mirror *mi)
{
	struct xr_maps *m = &mi->st->m;
	struct xr_state_gen g;
	uint32_t pid;
	int gone;

	if (xr_gen_read(m, &g))
		return;
	/* once: a recorded writer's /proc entry is read for it */
	gone = m->fib && xr_fib4_writer_gone(m->fib, &pid);
	mr_snap_check(mi, g.gen[XR_GEN_CONFIG], gone);
	if (!m->fib || !others_wrote(mi, &g, gone))
		return;
	xr_nh_fini(&m->fib->nh);
	if (m->fib6)
		xr_nh_fini(&m->fib6->nh);
}

/* Our own bump is not another writer's. */
static void gen_bump(struct xr_mirror *mi, unsigned int mask)
{
	struct xr_state_gen g;

	xr_gen_bump(&mi->st->m, mask);
	if (xr_gen_read(&mi->st->m, &g))
		return;
	mi->cfg_gen = g.gen[XR_GEN_CONFIG];
	mi->gen_seen = 1;
	mr_snap_own_write(mi, mi->cfg_gen);
}

/* The configuration's generation moves only when routes or groups are
 * written (once a lock): a neighbour-only commit would make the slow
 * path rebuild its next-hop index (slowpath.c, sp_nh_index_stale) for
 * nothing. */
void mr_cfg_write(struct xr_mirror *mi)
{
	if (mi->cfg_bumped)
		return;
	mi->cfg_bumped = 1;
	gen_bump(mi, 1u << XR_GEN_CONFIG);
}

static int take(struct xr_state *st)
{
	int err;

	if (st->lock_fd < 0)
		return 0;
	err = xr_state_trylock(st, 1);
	if (err)
		return err == -EAGAIN ? -EWOULDBLOCK : err;
	/* reset while we waited, or a repair that failed: not now */
	if (!xr_state_dir_current(st) || xr_state_repair(st)) {
		xr_state_unlock(st);
		return -EWOULDBLOCK;
	}
	return 0;
}

int mr_lock(struct xr_mirror *mi)
{
	int err = take(mi->st);

	if (err)
		return err;
	others_check(mi);
	mi->cfg_bumped = 0;
	gen_bump(mi, 1u << XR_GEN_NEIGH);
	return 0;
}

void mr_unlock(struct xr_mirror *mi)
{
	if (mi->st->m.fib)
		xr_fib4_commit(mi->st->m.fib);
	if (mi->st->lock_fd >= 0)
		xr_state_unlock(mi->st);
}
