// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol registry: dev_add_pack / inet_add_protocol for BPF
 * handlers. A handler is loaded from its own object with libbpf, checked
 * (an XDP program, the one asked for, accepted by the verifier), given
 * the router's shared maps, put in a free slot of xr_proto_progs, and
 * only then made reachable: the dispatch entry (xr_proto_eth or
 * xr_proto_ip) is written last and removed first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "lib/err.h"
#include "lib/parse.h"
#include "lib/proto.h"
#include "lib/rcu.h"
#include "lib/sdir.h"
#include "xdp_router_resume.skel.h"

#define LOG_SIZE (4u << 20)

const char *xr_proto_key_str(int kind, uint16_t key, char *buf, size_t len)
{
	if (kind == XR_PROTO_ETH)
		snprintf(buf, len, "ethertype 0x%04x", key);
	else
		snprintf(buf, len, "%s %u", kind == XR_PROTO_IP6 ? "ip6proto" :
			 "ipproto", key);
	return buf;
}

/* What the fast path's walk to the upper layer steps over or stops at
 * (abi/proto.h): a handler keyed by one would never be called. */
static int ip6_not_upper(uint32_t nh)
{
	return XR_IP6_EXT_HDR(nh) || nh == XR_IP6_NEXTHDR_NONE;
}

int xr_proto_parse_key(const char *kind_word, const char *val, int *kind,
		       uint16_t *key)
{
	char *end;
	unsigned long v;

	if (!strcmp(kind_word, "ethertype")) {
		*kind = XR_PROTO_ETH;
		errno = 0;
		v = strtoul(val, &end, 0);
		if (errno || !*val || *end || val[0] == '-' || v > 0xffff ||
		    v < 0x0600) {
			xr_err("invalid ethertype \"%s\" (0x0600 to 0xffff; "
			       "below 0x0600 is an 802.3 length)", xr_word(val));
			return -1;
		}
		if (v == 0x0800 || v == 0x86dd) {
			xr_err("ethertype 0x%04lx is the router's own %s path: "
			       "register its protocols with %s", v,
			       v == 0x0800 ? "IPv4" : "IPv6",
			       v == 0x0800 ? "ipproto" : "ip6proto");
			return -1;
		}
	} else if (!strcmp(kind_word, "ipproto") ||
		   !strcmp(kind_word, "ip6proto")) {
		uint32_t p;

		*kind = kind_word[2] == '6' ? XR_PROTO_IP6 : XR_PROTO_IP;
		if (xr_parse_u32(val, *kind == XR_PROTO_IP6 ? "IPv6 next header" :
				 "IP protocol", 0, 255, &p))
			return -1;
		if (*kind == XR_PROTO_IP6 && ip6_not_upper(p)) {
			xr_err("IPv6 next header %u is an extension header, not "
			       "an upper-layer protocol: the fast path walks "
			       "past it", p);
			return -1;
		}
		v = p;
	} else {
		xr_err("unknown protocol kind \"%s\" (ethertype, ipproto or "
		       "ip6proto)", xr_word(kind_word));
		return -1;
	}
	*key = (uint16_t)v;
	return 0;
}

int xr_proto_slot(const struct xr_maps *m, int kind, uint16_t key,
		  uint16_t *flags)
{
	struct xr_proto_ent e = { 0 };
	int err;

	if (kind == XR_PROTO_ETH) {
		__be16 k = htons(key);

		err = bpf_map_lookup_elem(m->proto_eth, &k, &e);
	} else {
		__u32 k = key;

		err = bpf_map_lookup_elem(kind == XR_PROTO_IP6 ? m->proto_ip6 :
					  m->proto_ip, &k, &e);
	}
	if (err)
		return 0;
	if (flags)
		*flags = e.flags;
	return e.slot;
}

static int dispatch_set(const struct xr_maps *m, int kind, uint16_t key,
			const struct xr_proto_ent *e)
{
	if (kind == XR_PROTO_ETH) {
		__be16 k = htons(key);

		if (!e->slot)
			return bpf_map_delete_elem(m->proto_eth, &k) ? -errno : 0;
		return bpf_map_update_elem(m->proto_eth, &k, e, BPF_NOEXIST) ?
		       -errno : 0;
	} else {
		__u32 k = key;

		return bpf_map_update_elem(kind == XR_PROTO_IP6 ? m->proto_ip6 :
					   m->proto_ip, &k, e, 0) ? -errno : 0;
	}
}

/* The first slot whose record says kind/key (also one an interrupted
 * add or del left without a dispatch entry); kind 0: the first free
 * slot. 0: none. */
static int info_slot(const struct xr_maps *m, int kind, uint16_t key)
{
	struct xr_proto_info info;
	__u32 s;

	for (s = XR_PROTO_SLOT_ROUTER + 1; s < XR_PROTO_SLOTS; s++)
		if (!bpf_map_lookup_elem(m->proto_info, &s, &info) &&
		    info.kind == kind && (!kind || info.key == key))
			return (int)s;
	return 0;
}

int xr_proto_free_slots(const struct xr_maps *m)
{
	struct xr_proto_info info;
	int n = 0;
	__u32 s;

	for (s = XR_PROTO_SLOT_ROUTER + 1; s < XR_PROTO_SLOTS; s++)
		n += !bpf_map_lookup_elem(m->proto_info, &s, &info) && !info.kind;
	return n;
}

void xr_proto_pin_dir(const char *state_dir, int kind, uint16_t key,
		    char *buf, size_t len)
{
	if (kind == XR_PROTO_ETH)
		snprintf(buf, len, "%s/proto/eth-%04x", state_dir, key);
	else
		snprintf(buf, len, "%s/proto/ip%s-%u", state_dir,
			 kind == XR_PROTO_IP6 ? "6" : "", key);
}

/* The checked proto/ of the state in state_dir (made when create). */
static int proto_dir_open(const char *state_dir, int create)
{
	char path[PATH_MAX];
	int sfd = xr_sdir_open_path(state_dir, 0), fd;

	if (sfd < 0)
		return sfd;
	snprintf(path, sizeof(path), "%s/proto", state_dir);
	fd = xr_sdir_openat(sfd, "proto", path, create ? XR_SDIR_CREATE : 0);
	close(sfd);
	return fd;
}

/* Remove the handler's directory dir (state_dir/proto/<name>). */
static int unpin_handler(const char *state_dir, const char *dir)
{
	int pfd = proto_dir_open(state_dir, 0), err;

	if (pfd < 0)
		return pfd == -ENOENT ? 0 : pfd;
	err = xr_sdir_remove(pfd, strrchr(dir, '/') + 1, dir, 0);
	close(pfd);
	return err;
}

/* proto/, when it holds nothing (never through a link: AT_REMOVEDIR). */
static void proto_dir_remove(const char *state_dir)
{
	int sfd = xr_sdir_open_path(state_dir, XR_SDIR_QUIET);

	if (sfd >= 0) {
		unlinkat(sfd, "proto", AT_REMOVEDIR);
		close(sfd);
	}
}

/* xr_ifaces is read-only to BPF programs (BPF_F_RDONLY_PROG), so the
 * verifier refuses a handler that writes it. State made by an older
 * build has it writable: no handler is given that one. */
static int check_rdonly(int fd, const char *name, const char *file)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (strcmp(name, XR_MAP_NAME(ifaces)))
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 ||
	    !(info.map_flags & BPF_F_RDONLY_PROG)) {
		xr_err("%s: the router's map %s is writable by BPF programs "
		       "(state made by an older xdp-router: upgrade it)",
		       file, name);
		return -EPERM;
	}
	return 0;
}

/* Point the object's maps named like the router's at the router's. */
static int share_maps(struct bpf_object *obj, const struct xr_maps *m,
		      const char *file)
{
	struct bpf_map *map;
	size_t i;

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		int shared = 0, fd;

		for (i = 0; i < XR_N_SHARED_MAPS; i++)
			shared |= !strcmp(name, xr_shared_maps[i]);
		fd = xr_maps_fd(m, name);
		if (fd >= 0 && !shared) {
			xr_err("%s: map %s is the router's own; a handler may "
			       "share only xr_ifaces, xr_tx_ports and "
			       "xr_proto_progs", file, name);
			return -EPERM;
		}
		if (fd >= 0 && check_rdonly(fd, name, file))
			return -EPERM;
		if (fd >= 0 && bpf_map__reuse_fd(map, fd)) {
			xr_err("%s: cannot share the router's map %s", file, name);
			return -EINVAL;
		}
	}
	return 0;
}

/* XR_HANDLER_FLAGS(...) in the object's .rodata, found through BTF. */
static uint32_t handler_flags(struct bpf_object *obj)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	struct bpf_map *map;
	const void *data = NULL;
	size_t sz = 0;
	uint32_t f;
	int id, i;

	bpf_object__for_each_map(map, obj) {
		const char *n = bpf_map__name(map);
		size_t l = strlen(n);

		if (bpf_map__is_internal(map) && l >= 7 &&
		    !strcmp(n + l - 7, ".rodata"))
			data = bpf_map__initial_value(map, &sz);
	}
	if (!btf || !data)
		return 0;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return 0;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off),
			    "xr_handler_flags") &&
		    vs->size == sizeof(f) && vs->offset + sizeof(f) <= sz) {
			memcpy(&f, (const char *)data + vs->offset, sizeof(f));
			return f & XR_PROTO_F_TRANSIT;
		}
	}
	return 0;
}

/* The object's program to register, checked; one error line if none. */
static struct bpf_program *pick_prog(struct bpf_object *obj,
				     const struct xr_proto_req *r)
{
	struct bpf_program *p, *pick = NULL;
	char names[256] = "";
	int n = 0;

	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p);

		if (n++ < 8 && strlen(names) + strlen(name) + 3 < sizeof(names))
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
				 "%s%s", strlen(names) ? ", " : "", name);
		if (r->prog ? !strcmp(name, r->prog) : !pick)
			pick = p;
	}
	if (!n) {
		xr_err("%s has no BPF program", r->obj);
		return NULL;
	}
	if (r->prog && !pick) {
		xr_err("%s has no program \"%s\" (it has: %s)", r->obj, xr_word(r->prog),
		       names);
		return NULL;
	}
	if (!r->prog && n > 1) {
		xr_err("%s has %d programs (%s): name one with prog NAME",
		       r->obj, n, names);
		return NULL;
	}
	if (bpf_program__type(pick) != BPF_PROG_TYPE_XDP ||
	    bpf_program__expected_attach_type(pick) != BPF_XDP ||
	    (bpf_program__flags(pick) & BPF_F_XDP_HAS_FRAGS)) {
		const char *t = libbpf_bpf_prog_type_str(bpf_program__type(pick));

		xr_err("program %s of %s is a %s program (SEC(\"%s\")): a "
		       "handler must be a plain XDP program, SEC(\"xdp\")",
		       bpf_program__name(pick), r->obj, t ? t : "unknown",
		       xr_word(bpf_program__section_name(pick)));
		return NULL;
	}
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == pick);
	return pick;
}

/* The verifier's last words: the last two lines that say something. */
static void log_tail(const char *log, char *out, size_t len)
{
	const char *lines[2] = { NULL, NULL };
	size_t lens[2] = { 0, 0 };
	const char *p = log;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l && strncmp(p, "processed ", 10) &&
		    strncmp(p, "verification time", 17) &&
		    strncmp(p, "stack depth", 11) && strncmp(p, "-- ", 3)) {
			lines[0] = lines[1];
			lens[0] = lens[1];
			lines[1] = p;
			lens[1] = l;
		}
		p += l + (e ? 1 : 0);
	}
	out[0] = '\0';
	if (lines[0])
		snprintf(out, len, "%.*s | ", (int)lens[0], lines[0]);
	if (lines[1])
		snprintf(out + strlen(out), len - strlen(out), "%.*s",
			 (int)lens[1], lines[1]);
}

/* Load the object; one line on failure, the verifier's if it refused. */
static int load_obj(struct bpf_object *obj, struct bpf_program *prog,
		    const char *file)
{
	char *log = calloc(1, LOG_SIZE), tail[512];
	int err;

	if (!log) {
		xr_err("out of memory");
		return -ENOMEM;
	}
	bpf_program__set_log_buf(prog, log, LOG_SIZE);
	err = bpf_object__load(obj);
	if (err && log[0]) {
		log_tail(log, tail, sizeof(tail));
		xr_err("%s: program %s was rejected by the verifier: %s%s", file,
		       bpf_program__name(prog), tail,
		       strstr(tail, "write into map forbidden") ?
		       " (the router's xr_ifaces is read-only to handlers)" : "");
	} else if (err) {
		xr_err("%s: cannot load program %s: %s", file,
		       bpf_program__name(prog), strerror(-err));
	}
	free(log);
	return err;
}

/* A map of the handler's own: not the router's, not .rodata/.bss. */
static int own_map(const struct bpf_map *map, const struct xr_maps *m)
{
	return !bpf_map__is_internal(map) && xr_maps_fd(m, bpf_map__name(map)) < 0;
}

/* Pin the handler's own maps in the checked directory hfd. */
static int pin_maps_at(struct bpf_object *obj, const struct xr_maps *m,
		       int hfd, const char *dir)
{
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, obj) {
		if (!own_map(map, m))
			continue;
		err = xr_obj_pin_at(hfd, bpf_map__name(map), bpf_map__fd(map));
		if (err) {
			xr_err("cannot pin map %s at %s/%s: %s", bpf_map__name(map),
			       dir, bpf_map__name(map), strerror(-err));
			return err;
		}
	}
	return 0;
}

/* The handler's directory dir made anew (what an interrupted add left
 * goes first), its maps pinned in it. */
static int pin_own_maps(struct bpf_object *obj, const struct xr_maps *m,
			const char *state_dir, const char *dir)
{
	const char *name = strrchr(dir, '/') + 1;
	int pfd = proto_dir_open(state_dir, 1), hfd, err;

	if (pfd < 0)
		return pfd;
	err = xr_sdir_remove(pfd, name, dir, 0);
	hfd = err ? err : xr_sdir_openat(pfd, name, dir, XR_SDIR_CREATE);
	close(pfd);
	if (hfd < 0)
		return hfd;
	err = pin_maps_at(obj, m, hfd, dir);
	close(hfd);
	if (err) {
		unpin_handler(state_dir, dir);
		proto_dir_remove(state_dir);
	}
	return err;
}

int xr_proto_router_slot(const struct xr_maps *m, const char *state_dir)
{
	struct xdp_router_resume_bpf *skel = xdp_router_resume_bpf__open();
	struct bpf_map *map;
	__u32 slot = XR_PROTO_SLOT_ROUTER;
	int err = 0, fd;

	if (!skel) {
		err = -errno;
		xr_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	bpf_object__for_each_map(map, skel->obj) {
		fd = xr_maps_fd(m, bpf_map__name(map));
		if (fd >= 0 && (err = bpf_map__reuse_fd(map, fd)))
			break;
	}
	if (!err)
		err = xdp_router_resume_bpf__load(skel);
	if (!err) {
		fd = bpf_program__fd(skel->progs.xdp_router_resume);
		err = bpf_map_update_elem(m->proto_progs, &slot, &fd, 0) ?
		      -errno : 0;
	}
	xdp_router_resume_bpf__destroy(skel);  /* the slot keeps the program */
	if (err)
		xr_err("cannot put the router's path in slot 0: %s",
		       strerror(-err));
	return err;
}

static void slot_clear(const struct xr_maps *m, __u32 slot)
{
	struct xr_proto_info info = { 0 };

	bpf_map_delete_elem(m->proto_progs, &slot);
	bpf_map_update_elem(m->proto_info, &slot, &info, 0);
}

/* The handler's object opened (a regular file, an ELF BPF object); one
 * error line when not. */
static int obj_open(const struct xr_proto_req *r, struct bpf_object **out)
{
	struct bpf_object *obj;
	struct stat sb;
	int err;

	*out = NULL;
	if (stat(r->obj, &sb) < 0) {
		err = -errno;
		xr_err("cannot read %s: %s", xr_word(r->obj), strerror(-err));
		return err;
	}
	if (!S_ISREG(sb.st_mode)) {
		xr_err("%s is not a BPF object file (not a regular file)", r->obj);
		return -EINVAL;
	}
	obj = bpf_object__open_file(r->obj, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		xr_err("%s is not a BPF object file (an ELF object built with "
		       "clang -target bpf)", r->obj);
		return err;
	}
	*out = obj;
	return 0;
}

int xr_proto_trial(const struct xr_maps *m, const struct xr_proto_req *r)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	int err = obj_open(r, &obj);

	if (err)
		return err;
	prog = pick_prog(obj, r);
	err = prog ? 0 : -EINVAL;
	if (!err && m)
		err = share_maps(obj, m, r->obj);
	if (!err)
		err = load_obj(obj, prog, r->obj);
	bpf_object__close(obj);      /* nothing of it stays */
	return err;
}

int xr_proto_add(const struct xr_maps *m, const char *state_dir,
		 const struct xr_proto_req *r)
{
	struct xr_proto_info info = { 0 };
	struct bpf_prog_info pinfo = { 0 };
	__u32 plen = sizeof(pinfo);
	struct xr_proto_ent e = { 0 };
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	char what[32], dir[PATH_MAX] = "", real[PATH_MAX];
	struct timespec ts;
	int slot, err, fd;

	xr_proto_key_str(r->kind, r->key, what, sizeof(what));
	if (xr_proto_slot(m, r->kind, r->key, NULL) ||
	    info_slot(m, r->kind, r->key)) {
		xr_err("%s is registered already ('proto del %s' first)",
		       what, what);
		return -EEXIST;
	}
	slot = info_slot(m, 0, 0);
	if (!slot) {
		xr_err("no free handler slot (%d handlers at most)",
		       XR_PROTO_SLOTS - 1);
		return -ENOSPC;
	}
	err = obj_open(r, &obj);
	if (err)
		return err;
	prog = pick_prog(obj, r);
	if (!prog) {
		err = -EINVAL;
		goto out;
	}
	e.slot = (__u16)slot;
	e.flags = r->kind != XR_PROTO_ETH ? (__u16)handler_flags(obj) : 0;
	err = share_maps(obj, m, r->obj);
	if (!err)
		err = load_obj(obj, prog, r->obj);
	if (err)
		goto out;
	err = xr_proto_router_slot(m, state_dir);
	if (err)
		goto out;
	if (state_dir) {
		xr_proto_pin_dir(state_dir, r->kind, r->key, dir, sizeof(dir));
		err = pin_own_maps(obj, m, state_dir, dir);
		if (err)
			goto out;     /* pinned nothing */
	}
	fd = bpf_program__fd(prog);
	info.kind = (__u8)r->kind;
	info.key = r->key;
	info.flags = e.flags;
	if (!bpf_obj_get_info_by_fd(fd, &pinfo, &plen))
		info.prog_id = pinfo.id;
	clock_gettime(CLOCK_REALTIME, &ts);
	info.loaded_ns = (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
	snprintf(info.prog, sizeof(info.prog), "%s", bpf_program__name(prog));
	snprintf(info.obj, sizeof(info.obj), "%s",
		 realpath(r->obj, real) ? real : r->obj);
	if (bpf_map_update_elem(m->proto_progs, &(__u32){ (__u32)slot }, &fd, 0) ||
	    bpf_map_update_elem(m->proto_info, &(__u32){ (__u32)slot }, &info, 0)) {
		err = -errno;
		xr_err("cannot put %s in handler slot %d: %s", r->obj, slot,
		       strerror(-err));
		goto clear;
	}
	err = dispatch_set(m, r->kind, r->key, &e);   /* reachable from now */
	if (err) {
		xr_err("cannot register %s: %s", what,
		       err == -E2BIG ? "the ethertype table is full" :
		       strerror(-err));
		goto clear;
	}
	goto out;
clear:
	slot_clear(m, (__u32)slot);
	if (dir[0]) {
		unpin_handler(state_dir, dir);
		proto_dir_remove(state_dir);
	}
out:
	bpf_object__close(obj);    /* what is registered keeps what it needs */
	return err;
}

int xr_proto_del(const struct xr_maps *m, const char *state_dir, int kind,
		 uint16_t key)
{
	struct xr_proto_ent none = { 0 }, was = { 0 };
	char what[32], dir[PATH_MAX];
	int slot = xr_proto_slot(m, kind, key, &was.flags), err;

	xr_proto_key_str(kind, key, what, sizeof(what));
	if (slot) {
		was.slot = (__u16)slot;
		err = dispatch_set(m, kind, key, &none);
		if (err) {
			xr_err("cannot unregister %s: %s", what, strerror(-err));
			return err;
		}
		/* every packet that found the slot must have left it before
		 * the slot goes (and may be given to another protocol) */
		err = xr_synchronize_rcu();
		if (err) {
			dispatch_set(m, kind, key, &was);
			return err;
		}
	} else {
		/* an add or del interrupted before its dispatch entry was
		 * written or after it was removed: nothing reaches it */
		slot = info_slot(m, kind, key);
		if (!slot) {
			xr_err("%s is not registered", what);
			return -ENOENT;
		}
	}
	slot_clear(m, (__u32)slot);
	if (state_dir) {
		xr_proto_pin_dir(state_dir, kind, key, dir, sizeof(dir));
		err = unpin_handler(state_dir, dir);
	}
	return err;
}

/* The handler's own maps: the ones pinned in its checked directory
 * (state_dir/proto/<name>, dir), reused as they are. */
static int reuse_own_maps(struct bpf_object *obj, const struct xr_maps *m,
			  const char *state_dir, const char *dir)
{
	int pfd = proto_dir_open(state_dir, 0), hfd, err = 0, fd;
	struct bpf_map *map;

	if (pfd < 0)
		return pfd == -ENOENT ? 0 : pfd;
	hfd = xr_sdir_openat(pfd, strrchr(dir, '/') + 1, dir, 0);
	close(pfd);
	if (hfd < 0)
		return hfd == -ENOENT ? 0 : hfd;
	bpf_object__for_each_map(map, obj) {
		if (!own_map(map, m))
			continue;
		fd = xr_obj_get_at(hfd, bpf_map__name(map));
		if (fd < 0)
			continue;
		err = bpf_map__reuse_fd(map, fd);
		close(fd);
		if (err)
			break;
	}
	close(hfd);
	return err;
}

/* Load the handler of slot again from its object, on the router's maps
 * as they are now and its own pinned ones, and swap it into its slot. */
static int reload_slot(const struct xr_maps *m, const char *state_dir,
		       __u32 slot, struct xr_proto_info *info)
{
	struct xr_proto_req r = { .kind = info->kind, .key = info->key,
				  .obj = info->obj, .prog = info->prog };
	struct bpf_prog_info pinfo = { 0 };
	__u32 plen = sizeof(pinfo);
	struct bpf_object *obj = bpf_object__open_file(info->obj, NULL);
	struct bpf_program *prog;
	char dir[PATH_MAX];
	int err, fd;

	if (libbpf_get_error(obj)) {
		xr_err("cannot load handler %s again: %s", info->obj,
		       strerror(errno));
		return -EINVAL;
	}
	xr_proto_pin_dir(state_dir, r.kind, r.key, dir, sizeof(dir));
	prog = pick_prog(obj, &r);
	err = prog ? share_maps(obj, m, info->obj) : -EINVAL;
	if (!err)
		err = reuse_own_maps(obj, m, state_dir, dir);
	if (!err)
		err = load_obj(obj, prog, info->obj);
	if (!err) {
		fd = bpf_program__fd(prog);
		if (!bpf_obj_get_info_by_fd(fd, &pinfo, &plen))
			info->prog_id = pinfo.id;
		if (bpf_map_update_elem(m->proto_progs, &slot, &fd, 0) ||
		    bpf_map_update_elem(m->proto_info, &slot, info, 0))
			err = -errno;
	}
	bpf_object__close(obj);
	return err;
}

int xr_proto_reload_all(const struct xr_maps *m, const char *state_dir)
{
	struct xr_proto_info info;
	int err = 0, n = 0;
	__u32 s;

	for (s = XR_PROTO_SLOT_ROUTER + 1; s < XR_PROTO_SLOTS; s++) {
		if (bpf_map_lookup_elem(m->proto_info, &s, &info) || !info.kind)
			continue;
		if (reload_slot(m, state_dir, s, &info))
			err = -EIO;
		else
			n++;
	}
	return err ? err : n;
}
