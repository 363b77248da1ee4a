/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol registry (dev_add_pack / inet_add_protocol): loading a
 * handler's object, checking it, and putting it in a slot of
 * xr_proto_progs behind an ethertype or an IP protocol. docs/handlers.md.
 */
#ifndef XR_PROTO_H
#define XR_PROTO_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_proto_req {
	int kind;              /* XR_PROTO_ETH, XR_PROTO_IP or XR_PROTO_IP6 */
	uint16_t key;          /* ethertype, IP protocol or IPv6 next
				* header, host order */
	const char *obj;       /* the handler's object file */
	const char *prog;      /* its program; NULL: the object's only one */
};

/* "ethertype 0x88b5", "ipproto 253" or "ip6proto 253". */
const char *xr_proto_key_str(int kind, uint16_t key, char *buf, size_t len);
/* Parses "ethertype"/"ipproto"/"ip6proto" and the value after it; one
 * error line. */
int xr_proto_parse_key(const char *kind_word, const char *val, int *kind,
		       uint16_t *key);

/* Where the handler of kind/key has its own maps pinned. */
void xr_proto_pin_dir(const char *state_dir, int kind, uint16_t key,
		      char *buf, size_t len);
/* The slot registered for kind/key: > 0, or 0 when there is none. */
int xr_proto_slot(const struct xr_maps *m, int kind, uint16_t key,
		  uint16_t *flags);

/*
 * Load the handler and register it. state_dir: where its own maps are
 * pinned (proto/<eth-XXXX|ip-N>/), NULL to pin nothing (tests). On
 * failure: one error line, and nothing is registered or pinned.
 */
int xr_proto_add(const struct xr_maps *m, const char *state_dir,
		 const struct xr_proto_req *r);
/* The handler slots no handler holds. */
int xr_proto_free_slots(const struct xr_maps *m);
/* What add does to check the handler, and no more: the object opened,
 * its program found and loaded through the verifier (on the router's
 * maps m; NULL: maps of its own), then closed. One error line. */
int xr_proto_trial(const struct xr_maps *m, const struct xr_proto_req *r);
/* Unregister: the dispatch entry goes first, the program after every
 * packet that could still reach it is done. */
int xr_proto_del(const struct xr_maps *m, const char *state_dir, int kind,
		 uint16_t key);
/* Put the router's resumed path in slot XR_PROTO_SLOT_ROUTER. */
int xr_proto_router_slot(const struct xr_maps *m, const char *state_dir);
/* Load every registered handler again from its object, onto the maps
 * the state has now (after an upgrade replaced one it shares); its own
 * pinned maps are kept. The number reloaded, or -EIO (one line each). */
int xr_proto_reload_all(const struct xr_maps *m, const char *state_dir);

#endif
