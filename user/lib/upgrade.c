// SPDX-License-Identifier: GPL-2.0
/*
 * Converting the state of another build (docs/state.md "Upgrades").
 * Plan first: each map of the embedded object against its pin (same,
 * new, to copy, refused); a refusal stops everything before any change.
 * Then the maps to make are created by loading the object without its
 * programs (so they come from their one definition, BTF included),
 * filled from the old ones with every value zero-extended, and only when
 * every copy succeeded pinned: new maps at their name, replacements
 * under a temporary name renamed over the old pin (rename(2) is atomic in
 * the bpffs). Programs still running on an old map keep it until they
 * are replaced (`xdp-router upgrade` does that next).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/err.h"
#include "lib/nhgtab.h"
#include "lib/state.h"
#include "lib/upgrade.h"
#include "lib/version.h"
#include "xdp_router.skel.h"

enum { P_SAME, P_NEW, P_COPY, P_REFUSE };

struct plan {
	struct bpf_map *map;       /* this build's definition */
	int old_fd;                /* the pinned map; -1: none */
	struct bpf_map_info old;
	int kind;                  /* P_* */
	char why[96];
};

/* The flags the kernel reports for a map made from this definition: it
 * adds BPF_F_RDONLY_PROG to every devmap (dev_map_init_map). */
static __u32 want_flags(const struct bpf_map *m)
{
	__u32 f = bpf_map__map_flags(m);

	if (bpf_map__type(m) == BPF_MAP_TYPE_DEVMAP ||
	    bpf_map__type(m) == BPF_MAP_TYPE_DEVMAP_HASH)
		f |= BPF_F_RDONLY_PROG;
	return f;
}

static int is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Entries that belong to a running process (the daemon's sockets, ring
 * readers): the map is made anew, empty. */
static int is_process_owned(__u32 type)
{
	return type == BPF_MAP_TYPE_XSKMAP || type == BPF_MAP_TYPE_RINGBUF;
}

static int is_copyable(__u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH: case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE: case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH: case BPF_MAP_TYPE_PROG_ARRAY:
		return 1;
	}
	return is_process_owned(type);
}

static const char *type_str(__u32 t)
{
	const char *s = libbpf_bpf_map_type_str((enum bpf_map_type)t);

	return s ? s : "unknown";
}

/* Why the pin cannot become this build's map ("" when it can). */
static void refusal(const struct plan *p, char *why, size_t len)
{
	const struct bpf_map *m = p->map;

	why[0] = '\0';
	if (p->old.type != bpf_map__type(m))
		snprintf(why, len, "its type changed (%s -> %s)",
			 type_str(p->old.type), type_str(bpf_map__type(m)));
	else if (p->old.key_size != bpf_map__key_size(m))
		snprintf(why, len, "its key size changed (%u -> %u bytes)",
			 p->old.key_size, bpf_map__key_size(m));
	else if (p->old.value_size > bpf_map__value_size(m))
		snprintf(why, len, "its value shrank (%u -> %u bytes): data "
			 "would be lost", p->old.value_size,
			 bpf_map__value_size(m));
	else if (!is_copyable(p->old.type))
		snprintf(why, len, "a %s map cannot be copied",
			 type_str(p->old.type));
}

/* What differs between the pin and the definition ("" when nothing). */
static void change(const struct plan *p, char *why, size_t len)
{
	const struct bpf_map *m = p->map;

	why[0] = '\0';
	if (p->old.value_size != bpf_map__value_size(m))
		snprintf(why, len, "value size %u -> %u", p->old.value_size,
			 bpf_map__value_size(m));
	else if (p->old.max_entries != bpf_map__max_entries(m))
		snprintf(why, len, "max_entries %u -> %u", p->old.max_entries,
			 bpf_map__max_entries(m));
	else if (p->old.map_flags != want_flags(m))
		snprintf(why, len, "flags 0x%x -> 0x%x", p->old.map_flags,
			 want_flags(m));
}

static void plan_one(struct plan *p, struct bpf_map *map, const char *dir)
{
	char path[PATH_MAX];
	__u32 len = sizeof(p->old);

	memset(p, 0, sizeof(*p));
	p->map = map;
	snprintf(path, sizeof(path), "%s/%s", dir, bpf_map__name(map));
	p->old_fd = bpf_obj_get(path);
	if (p->old_fd < 0) {
		p->kind = P_NEW;
		snprintf(p->why, sizeof(p->why), "new in this build");
		return;
	}
	if (bpf_obj_get_info_by_fd(p->old_fd, &p->old, &len) < 0) {
		p->kind = P_REFUSE;
		snprintf(p->why, sizeof(p->why), "it cannot be read (%s)",
			 strerror(errno));
		return;
	}
	refusal(p, p->why, sizeof(p->why));
	if (p->why[0]) {
		p->kind = P_REFUSE;
		return;
	}
	change(p, p->why, sizeof(p->why));
	p->kind = p->why[0] ? P_COPY : P_SAME;
}

/* The object's maps (not .rodata and the like), in definition order. */
static size_t plan_all(struct bpf_object *obj, const char *dir,
		       struct plan *p, size_t max)
{
	struct bpf_map *map;
	size_t n = 0;

	bpf_object__for_each_map(map, obj)
		if (!bpf_map__is_internal(map) && n < max)
			plan_one(&p[n++], map, dir);
	return n;
}

/* A program array is emptied when its last user reference goes (the
 * kernel's way out of cycles): an old one that was replaced stays open
 * until this process ends, so that the programs still running on it
 * until `upgrade` replaces them keep finding their handlers. */
static void plan_close(struct plan *p, size_t n, int replaced)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].old_fd >= 0 &&
		    !(replaced && p[i].kind == P_COPY &&
		      p[i].old.type == BPF_MAP_TYPE_PROG_ARRAY))
			close(p[i].old_fd);
}

static __u32 fnv1a(__u32 h, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	while (len--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static __u32 layout_digest(struct bpf_object *obj)
{
	struct bpf_map *map;
	__u32 h = 2166136261u;

	bpf_object__for_each_map(map, obj) {
		__u32 d[5] = { bpf_map__type(map), bpf_map__key_size(map),
			       bpf_map__value_size(map),
			       bpf_map__max_entries(map), want_flags(map) };

		if (bpf_map__is_internal(map))
			continue;
		h = fnv1a(h, bpf_map__name(map), strlen(bpf_map__name(map)));
		h = fnv1a(h, d, sizeof(d));
	}
	return h;
}

static void self_info(struct bpf_object *obj, struct xr_state_info *si)
{
	memset(si, 0, sizeof(*si));
	si->layout = XR_STATE_LAYOUT;
	si->maps = layout_digest(obj);
	snprintf(si->build, sizeof(si->build), "%s", xr_build_version());
}

int xr_layout_self(struct xr_state_info *si)
{
	struct xdp_router_bpf *skel = xdp_router_bpf__open();

	if (!skel)
		return -errno;
	self_info(skel->obj, si);
	xdp_router_bpf__destroy(skel);
	return 0;
}

/* Entry key of fd into buf (len bytes), whatever the map's value size. */
static int read_value(int fd, const void *key, void *buf, size_t len)
{
	struct bpf_map_info info = { 0 };
	__u32 ilen = sizeof(info);
	char *v;
	int err = 0;

	if (bpf_obj_get_info_by_fd(fd, &info, &ilen) < 0)
		return -errno;
	v = calloc(1, info.value_size > len ? info.value_size : len);
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, key, v) < 0)
		err = -errno;
	else
		memcpy(buf, v, len);
	free(v);
	return err;
}

int xr_layout_of_state(const char *dir, struct xr_state_info *si)
{
	char path[PATH_MAX];
	__u32 key = 0;
	int fd, err = 0;

	memset(si, 0, sizeof(*si));
	if (access(dir, F_OK) < 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%s", dir, XR_MAP_NAME(state_info));
	fd = bpf_obj_get(path);
	if (fd < 0) {
		si->layout = 1;         /* before xr_state_info */
		return 0;
	}
	err = read_value(fd, &key, si, sizeof(*si));
	close(fd);
	return err;
}

/* ------------------------------------------------------------------ */
/* Copying entries                                                      */
/* ------------------------------------------------------------------ */

struct copy {
	int from, to;
	__u32 type, osize, nsize, nmax;
	size_t ostride, nstride;
	int ncpu;
	char *key, *next, *ov, *nv;
};

static int copy_init(struct copy *c, const struct plan *p, int to)
{
	int percpu = is_percpu(p->old.type);

	memset(c, 0, sizeof(*c));
	c->from = p->old_fd;
	c->to = to;
	c->type = p->old.type;
	c->osize = p->old.value_size;
	c->nsize = bpf_map__value_size(p->map);
	c->nmax = bpf_map__max_entries(p->map);
	c->ncpu = percpu ? libbpf_num_possible_cpus() : 1;
	if (c->ncpu < 1)
		return -EINVAL;
	/* a per-CPU value is one 8-byte-aligned slot per possible CPU */
	c->ostride = percpu ? (c->osize + 7) / 8 * 8 : c->osize;
	c->nstride = percpu ? (c->nsize + 7) / 8 * 8 : c->nsize;
	c->key = calloc(2, p->old.key_size + 8);
	c->next = c->key + p->old.key_size + 8;
	c->ov = calloc(1, c->ostride * (size_t)c->ncpu + 8);
	c->nv = calloc(1, c->nstride * (size_t)c->ncpu + 8);
	return c->key && c->ov && c->nv ? 0 : -ENOMEM;
}

static void copy_free(struct copy *c)
{
	free(c->key);
	free(c->ov);
	free(c->nv);
}

/* The old value of c->key, zero-extended per CPU into c->nv. 1: an
 * entry that is all zero (nothing to carry), 0: copy it. */
static int widen(struct copy *c)
{
	size_t i, nz = 0;
	int cpu;

	memset(c->nv, 0, c->nstride * (size_t)c->ncpu);
	for (cpu = 0; cpu < c->ncpu; cpu++)
		memcpy(c->nv + (size_t)cpu * c->nstride,
		       c->ov + (size_t)cpu * c->ostride, c->osize);
	for (i = 0; i < c->nstride * (size_t)c->ncpu; i++)
		nz |= (size_t)(unsigned char)c->nv[i];
	return nz == 0;
}

/* Carry the entry at c->key; a program array holds ids, written as fds. */
static int copy_entry(struct copy *c)
{
	int fd, err;

	if (bpf_map_lookup_elem(c->from, c->key, c->ov) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (c->type == BPF_MAP_TYPE_PROG_ARRAY) {
		fd = bpf_prog_get_fd_by_id(*(__u32 *)c->ov);
		if (fd < 0)
			return 0;          /* gone meanwhile */
		err = bpf_map_update_elem(c->to, c->key, &fd, BPF_ANY);
		close(fd);
		return err < 0 ? -errno : 0;
	}
	if (c->type == BPF_MAP_TYPE_ARRAY ||
	    c->type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		if (widen(c))
			return 0;          /* a new array starts zeroed */
		if (*(__u32 *)c->key >= c->nmax)
			return -E2BIG;     /* a used slot beyond the new end */
	} else {
		widen(c);
	}
	return bpf_map_update_elem(c->to, c->key, c->nv, BPF_ANY) < 0 ? -errno : 0;
}

static int copy_entries(const struct plan *p, int to)
{
	struct copy c;
	int err = copy_init(&c, p, to), more;

	if (!err && is_process_owned(p->old.type))
		goto out;
	if (!err)
		more = !bpf_map_get_next_key(c.from, NULL, c.next);
	while (!err && more) {
		memcpy(c.key, c.next, p->old.key_size);
		err = copy_entry(&c);
		more = !bpf_map_get_next_key(c.from, c.key, c.next);
	}
out:
	copy_free(&c);
	return err;
}

/* ------------------------------------------------------------------ */
/* Applying the plan                                                    */
/* ------------------------------------------------------------------ */

/* Maps to make are left without fd and pin: the load creates them. */
static int prepare(struct bpf_object *obj, struct plan *p, size_t n)
{
	struct bpf_program *prog;
	size_t i;
	int err;

	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; i < n; i++)
		if (p[i].kind == P_SAME &&
		    (err = bpf_map__reuse_fd(p[i].map, p[i].old_fd)))
			return err;
	return bpf_object__load(obj);
}

/* Pin fd at dir/name: a new pin, or atomically over the old one. */
static int pin_at(int fd, const char *dir, const char *name, int replace)
{
	char path[PATH_MAX], tmp[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!replace)
		return bpf_obj_pin(fd, path) < 0 ? -errno : 0;
	/* the bpffs refuses names with a dot */
	snprintf(tmp, sizeof(tmp), "%s/%s-upgrading", dir, name);
	unlink(tmp);
	if (bpf_obj_pin(fd, tmp) < 0)
		return -errno;
	if (rename(tmp, path) == 0)
		return 0;
	/* a bpffs without rename: unlink and pin, under the lock all the same */
	unlink(tmp);
	if (unlink(path) < 0 || bpf_obj_pin(fd, path) < 0)
		return -errno;
	return 0;
}

static int stamp(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, XR_MAP_NAME(state_info));
	struct xr_state_info si;
	__u32 key = 0;

	if (!m)
		return -ENOENT;
	self_info(obj, &si);
	return bpf_map_update_elem(bpf_map__fd(m), &key, &si, BPF_ANY) < 0 ?
	       -errno : 0;
}

/* The flow hash's seed (abi/nhg.h), drawn unless the state has one:
 * the map made by this upgrade or the pinned one (reused by the load). */
static int seed(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, XR_MAP_NAME(mp_cfg));

	return m ? xr_mp_cfg_seed_fd(bpf_map__fd(m)) : -ENOENT;
}

/* Fill the maps made, then pin them; the first failure stops before
 * any pin changed. */
static int commit(struct bpf_object *obj, const char *dir, struct plan *p,
		  size_t n)
{
	const char *name;
	size_t i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		if (p[i].kind == P_COPY &&
		    (err = copy_entries(&p[i], bpf_map__fd(p[i].map))))
			xr_err("cannot copy map %s/%s (%s): %s", dir,
			       bpf_map__name(p[i].map), p[i].why,
			       strerror(-err));
	for (i = 0; i < n && !err; i++) {
		name = bpf_map__name(p[i].map);
		if (p[i].kind != P_SAME &&
		    (err = pin_at(bpf_map__fd(p[i].map), dir, name,
				  p[i].kind == P_COPY)))
			xr_err("cannot pin map %s/%s: %s", dir, name,
			       strerror(-err));
	}
	return err;
}

#define MAX_MAPS 64

/* A refusal, or (only checking) a change: one line, -EIO. */
static int check_plan(const struct plan *p, size_t n, const char *dir,
		      int apply, int *changes)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].kind == P_REFUSE) {
			xr_err("cannot convert map %s/%s of another build: %s "
			       "(nothing was changed; 'xdp-router reset' clears "
			       "the state)", dir, bpf_map__name(p[i].map),
			       p[i].why);
			return -EIO;
		}
	for (i = 0; i < n; i++)
		if (p[i].kind != P_SAME) {
			if (!apply) {
				xr_err("the state in %s was written by another "
				       "version of xdp-router (map %s: %s): "
				       "'xdp-router upgrade' converts it", dir,
				       bpf_map__name(p[i].map), p[i].why);
				return -EIO;
			}
			(*changes)++;
		}
	return 0;
}

static int check_newer(const char *dir)
{
	struct xr_state_info si;

	if (xr_layout_of_state(dir, &si) == 0 && si.layout > XR_STATE_LAYOUT) {
		xr_err("the state in %s was written by a newer build (%.*s, "
		       "state layout %u; this build knows %u)", dir,
		       (int)sizeof(si.build), si.build, si.layout,
		       XR_STATE_LAYOUT);
		return -EIO;
	}
	return 0;
}

static void report(const struct plan *p, size_t n, const char *dir)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].kind == P_NEW)
			printf("created map %s/%s\n", dir, bpf_map__name(p[i].map));
		else if (p[i].kind == P_COPY)
			printf("converted map %s/%s (%s)%s\n", dir,
			       bpf_map__name(p[i].map), p[i].why,
			       is_process_owned(p[i].old.type) ?
			       ", made anew empty: restart the daemon" : "");
}

/* Whether the plan makes the FIB's trie maps (a state of layout 2 or
 * before: its FIB was DIR-24-8): they are made empty before they are
 * pinned, and filled from the route table once the state is open
 * (xr_upgrade_fib). */
static int fib_new(const struct plan *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(bpf_map__name(p[i].map), XR_MAP_NAME(fib4_dir)))
			return p[i].kind == P_NEW;
	return 0;
}

/* Make the maps the plan needs, fill and pin them, stamp the state. */
static int apply_plan(struct bpf_object *obj, struct plan *p, size_t n,
		      const char *dir)
{
	int err = prepare(obj, p, n);

	if (!err && fib_new(p, n))
		err = xr_fib_format_obj(obj);
	if (err) {
		xr_err("cannot make the new maps of %s: %s", dir, strerror(-err));
		return err;
	}
	err = commit(obj, dir, p, n);
	if (!err && (err = seed(obj)))
		xr_err("cannot seed %s/%s: %s", dir, XR_MAP_NAME(mp_cfg),
		       strerror(-err));
	if (!err && (err = stamp(obj)))
		xr_err("cannot write %s/%s: %s", dir, XR_MAP_NAME(state_info),
		       strerror(-err));
	return err;
}

/* The state's xr_state_info: still zero when nothing stamped it. */
static int stamped(const struct plan *p, size_t n)
{
	struct xr_state_info si = { 0 };
	__u32 key = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(bpf_map__name(p[i].map), XR_MAP_NAME(state_info)) &&
		    p[i].old_fd >= 0)
			read_value(p[i].old_fd, &key, &si, sizeof(si));
	return si.layout != 0;
}

int xr_state_upgrade(const char *dir, int apply)
{
	struct xdp_router_bpf *skel = xdp_router_bpf__open();
	struct plan p[MAX_MAPS];
	int err, changes = 0;
	size_t n;

	if (!skel) {
		err = -errno;
		xr_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	n = plan_all(skel->obj, dir, p, MAX_MAPS);
	/* a newer build's state first: its maps would only look "shrunk" */
	err = check_newer(dir);
	if (!err)
		err = check_plan(p, n, dir, apply, &changes);
	if (!err && (apply || !stamped(p, n))) {
		err = apply_plan(skel->obj, p, n, dir);
		if (!err && apply)
			report(p, n, dir);
	}
	plan_close(p, n, apply && !err);
	xdp_router_bpf__destroy(skel);
	return err ? -EIO : 0;
}
