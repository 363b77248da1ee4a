// SPDX-License-Identifier: GPL-2.0
/* xr_sync, as the daemon owns it (slowpath/follow.h). */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lib/clock.h"
#include "lib/sync.h"
#include "slowpath/follow.h"
#include "slowpath/follow_src.h"

void xr_follow_parms_default(struct xr_follow_parms *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = XR_SYNC_OFF;
	p->table = 254;           /* RT_TABLE_MAIN */
}

/* xr_sync as this daemon runs: its mode, or OFF (clearing the mode a
 * killed daemon left) with the last mirror's counters kept. */
static int sync_claim(struct xr_follow *f)
{
	if (f->p.mode == XR_SYNC_OFF) {
		xr_sync_get(&f->st->m, &f->s);
		f->s.mode = XR_SYNC_OFF;
		f->s.flags = 0;
		return xr_sync_set(&f->st->m, &f->s);
	}
	memset(&f->s, 0, sizeof(f->s));
	f->s.mode = f->p.mode;
	/* FPM: zebra's routes may be in no kernel table, so a NoNeigh
	 * handed to the kernel could find no route there; the slow path
	 * takes it, asks the kernel (NTF_USE) and queues it meanwhile */
	f->s.flags = f->p.mode == XR_SYNC_KERNEL ? XR_SYNC_NEIGH : 0;
	f->s.table = f->p.table;
	f->s.pid = (uint32_t)getpid();
	f->s.started_ns = xr_mono_ns();
	return xr_sync_set(&f->st->m, &f->s);
}

int xr_follow_start(struct xr_follow *f, const struct xr_follow_parms *p,
		    struct xr_state *st)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->p = *p;
	f->st = st;
	err = sync_claim(f);
	if (err || p->mode == XR_SYNC_OFF)
		return err;
	err = xr_follow_src_open(f);
	if (err) {
		xr_follow_stop(f, 1);
		return err;
	}
	return 0;
}

void xr_follow_stop(struct xr_follow *f, int clean)
{
	if (!f->st)
		return;
	xr_follow_src_close(f);
	if (clean && f->p.mode != XR_SYNC_OFF) {
		f->s.mode = XR_SYNC_OFF;
		f->s.flags = 0;
		xr_sync_set(&f->st->m, &f->s);
	}
	f->st = NULL;
}

void xr_follow_tick(struct xr_follow *f)
{
	if (!f->st || f->p.mode == XR_SYNC_OFF)
		return;
	if (f->resync) {
		f->resync = 0;
		xr_follow_src_resync(f);
	}
	xr_follow_probe(f);
	xr_sync_set(&f->st->m, &f->s);
}

void xr_follow_lost(struct xr_follow *f)
{
	f->resync = f->p.mode != XR_SYNC_OFF;
}

int xr_follow_neigh(const struct xr_follow *f)
{
	return f->st && f->p.mode != XR_SYNC_OFF;
}
