// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's writes never wait for the state's lock (docs/state.md,
 * Locking): on real maps, with the lock a directory's flock as in a
 * state, held by another open file as a command would hold it. A write
 * made meanwhile is pending, seen by the slow path, absent from the map
 * (the fast path still punts), and written once the lock is free, with
 * the neighbours' generation bumped; a permanent entry made meanwhile
 * wins.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include "lib/gen.h"
#include "lib/tables.h"
#include "slowpath/slowpath.h"
#include "xdp_router/abi.h"
#include "expect.h"
#include "pkt.h"
#include "testenv.h"

static struct xr_testenv T;
static struct xr_state ST;
static struct xr_sp SP;
static char dir[] = "/tmp/xr-sp-lock-XXXXXX";
static int holder = -1;     /* the command's open file of the same dir */

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0x0b, 0x02 };

static int no_xmit(void *arg, uint32_t ifindex, const uint8_t *f, size_t len)
{
	return 0;
}

static void setup(void)
{
	struct xr_sp_parms p;

	te_setup(&T);
	cr_assert_not_null(mkdtemp(dir));
	memset(&ST, 0, sizeof(ST));
	snprintf(ST.dir, sizeof(ST.dir), "%s", dir);
	ST.lock_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	holder = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cr_assert(ST.lock_fd >= 0 && holder >= 0);
	xr_sp_parms_default(&p);
	cr_assert_eq(xr_sp_init(&SP, &ST, &T.m, NULL, &p, no_xmit, NULL), 0);
}

static void teardown(void)
{
	xr_sp_fini(&SP);
	close(holder);
	close(ST.lock_fd);
	rmdir(dir);
	te_teardown(&T);
}

TestSuite(sp_lock, .init = setup, .fini = teardown);

static struct xr_neigh neigh(unsigned int state, const uint8_t mac[6])
{
	struct xr_neigh n;

	memset(&n, 0, sizeof(n));
	n.state = (uint16_t)state;
	memcpy(n.mac, mac, 6);
	return n;
}

/* A UDP datagram from the peer to 198.51.100.7, a host on out0. */
static size_t frame_to_host(uint8_t *f)
{
	struct pkt_spec s = te_spec();

	s.daddr = "198.51.100.7";
	return pkt_build(f, &s);
}

Test(sp_lock, write_pending_while_held_then_flushed)
{
	__be32 a = inet_addr("198.51.100.7");
	struct xr_in6 na = xr_na4(a);
	struct xr_neigh n = neigh(XR_NUD_REACHABLE, MAC_A), got;
	struct xr_state_gen g0, g1;
	uint8_t in[256], out[256];
	size_t il = frame_to_host(in), ol = sizeof(out);

	cr_assert_eq(xr_gen_read(&T.m, &g0), 0);
	cr_assert_eq(flock(holder, LOCK_EX | LOCK_NB), 0);
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(SP.n_pend, 1);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), -ENOENT,
		     "written to the map under another's lock");
	cr_assert_eq(xr_sp_neigh_get(&SP, T.if_out, &na, &got), 0);
	cr_assert(!memcmp(got.mac, MAC_A, 6) && got.state == XR_NUD_REACHABLE);
	/* newest wins, one entry a neighbour */
	n = neigh(XR_NUD_STALE, MAC_B);
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(SP.n_pend, 1);
	xr_sp_flush(&SP);
	cr_assert_eq(SP.n_pend, 1, "flushed under another's lock");
	cr_assert_neq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT,
		      "the fast path forwarded to a neighbour not in its map");

	cr_assert_eq(flock(holder, LOCK_UN), 0);
	xr_sp_flush(&SP);
	cr_assert_eq(SP.n_pend, 0);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), 0);
	cr_assert(!memcmp(got.mac, MAC_B, 6) && got.state == XR_NUD_STALE);
	cr_assert_eq(xr_gen_read(&T.m, &g1), 0);
	cr_assert_eq(g1.gen[XR_GEN_NEIGH], g0.gen[XR_GEN_NEIGH] + 1);
	cr_assert_eq(g1.gen[XR_GEN_CONFIG], g0.gen[XR_GEN_CONFIG]);
	ol = sizeof(out);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, MAC_B);
}

Test(sp_lock, a_shared_holder_defers_too_and_a_delete_is_pending)
{
	__be32 a = inet_addr("198.51.100.8");
	struct xr_in6 na = xr_na4(a);
	struct xr_neigh n = neigh(XR_NUD_REACHABLE, MAC_A), got;

	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(SP.n_pend, 0, "the lock was free: written at once");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), 0);
	cr_assert_eq(flock(holder, LOCK_SH | LOCK_NB), 0);   /* a command checking */
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, NULL), 0);
	cr_assert_eq(SP.n_pend, 1);
	cr_assert_eq(xr_sp_neigh_get(&SP, T.if_out, &na, &got), -ENOENT);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), 0, "deleted under a lock");
	cr_assert_eq(flock(holder, LOCK_UN), 0);
	xr_sp_flush(&SP);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), -ENOENT);
}

Test(sp_lock, a_permanent_entry_made_meanwhile_wins)
{
	__be32 a = inet_addr("198.51.100.9");
	struct xr_in6 na = xr_na4(a);
	struct xr_neigh n = neigh(XR_NUD_REACHABLE, MAC_A), perm, got;

	cr_assert_eq(flock(holder, LOCK_EX | LOCK_NB), 0);
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	perm = neigh(XR_NUD_PERMANENT, MAC_B);          /* the command's write */
	cr_assert_eq(xr_neigh4_update(&T.m, T.if_out, a, &perm), 0);
	cr_assert_eq(flock(holder, LOCK_UN), 0);
	xr_sp_flush(&SP);
	cr_assert_eq(SP.n_pend, 0);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), 0);
	cr_assert(got.state == XR_NUD_PERMANENT && !memcmp(got.mac, MAC_B, 6));
}

Test(sp_lock, generations_moved_by_kind)
{
	struct xr_state_gen a, b;

	cr_assert_eq(xr_gen_read(&T.m, &a), 0);
	cr_assert_eq(xr_gen_bump(&T.m, 1u << XR_GEN_CONFIG), 0);
	cr_assert_eq(xr_gen_read(&T.m, &b), 0);
	cr_assert_eq(xr_gen_moved(&a, &b, XR_GEN_ALL), 1u << XR_GEN_CONFIG);
	cr_assert_eq(xr_gen_moved(&a, &b, 1u << XR_GEN_NEIGH), 0);
	cr_assert_eq(xr_gen_bump(&T.m, XR_GEN_ALL), 0);
	cr_assert_eq(xr_gen_read(&T.m, &a), 0);
	cr_assert_eq(a.gen[XR_GEN_CONFIG], b.gen[XR_GEN_CONFIG] + 1);
	cr_assert_eq(a.gen[XR_GEN_NEIGH], b.gen[XR_GEN_NEIGH] + 1);
}

/* A command that deletes a neighbour (neigh del, neigh flush) while the
 * daemon's update of it waits: the update is not written back. */
Test(sp_lock, a_neighbour_a_command_deleted_meanwhile_stays_deleted)
{
	__be32 a = inet_addr("198.51.100.10");
	struct xr_in6 na = xr_na4(a);
	struct xr_neigh n = neigh(XR_NUD_STALE, MAC_A), got;

	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), 0);
	/* a command takes the exclusive lock and bumps the generations
	 * first (write_lock), then writes */
	cr_assert_eq(flock(holder, LOCK_EX | LOCK_NB), 0);
	cr_assert_eq(xr_gen_bump(&T.m, XR_GEN_ALL), 0);
	n = neigh(XR_NUD_REACHABLE, MAC_A);              /* confirmed */
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(SP.n_pend, 1);
	cr_assert_eq(xr_neigh4_delete(&T.m, T.if_out, a), 0);   /* its delete */
	cr_assert_eq(flock(holder, LOCK_UN), 0);
	xr_sp_flush(&SP);
	cr_assert_eq(SP.n_pend, 0);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), -ENOENT,
		     "a neighbour the command deleted was written back");
}

/* A new entry that is pending counts toward gc_thresh3 like one in the
 * map: the neighbours the daemon keeps stay bounded during a long hold. */
Test(sp_lock, pending_creations_are_counted)
{
	struct xr_neigh n = neigh(XR_NUD_INCOMPLETE, MAC_A);
	struct xr_neigh6_entry *e = NULL;
	struct xr_in6 na;
	size_t cnt = 0;
	uint32_t i;

	cr_assert_eq(flock(holder, LOCK_EX | LOCK_NB), 0);
	for (i = 0; i < 5; i++) {
		na = xr_na4(htonl(0xc6336420 + i));
		cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	}
	na = xr_na4(htonl(0xc6336421));
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, NULL), 0);
	cr_assert_eq(xr_sp_neigh_dump(&SP, &e, &cnt), 0);
	cr_assert_eq(xr_sp_pend_new(&SP, e, cnt), 4, "4 creations pending (one "
		     "deleted again)");
	free(e);
	cr_assert_eq(flock(holder, LOCK_UN), 0);
}

/* The state removed under the daemon (a reset: its directory is gone,
 * another in its place): the daemon's lock is on what was removed, and
 * nothing is written to the maps it still holds; the write waits. */
Test(sp_lock, a_state_reset_meanwhile_is_not_written)
{
	__be32 a = inet_addr("198.51.100.11");
	struct xr_in6 na = xr_na4(a);
	struct xr_neigh n = neigh(XR_NUD_REACHABLE, MAC_A), got;

	cr_assert_eq(rmdir(dir), 0);
	cr_assert_eq(mkdir(dir, 0700), 0);
	cr_assert_eq(xr_sp_neigh_write(&SP, T.if_out, &na, &n), 0);
	cr_assert_eq(SP.n_pend, 1, "written to a state that was reset");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, a, &got), -ENOENT);
}
