/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp-router ABI: every struct, enum and name that crosses the boundary
 * between the BPF programs (bpf/) and the control plane (user/).
 * One definition, included by both sides.
 *
 * BPF side: include after vmlinux.h. User side: include after <linux/types.h>.
 */
#ifndef XDP_ROUTER_ABI_H
#define XDP_ROUTER_ABI_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* ------------------------------------------------------------------ */
/* Map names (also the pin names under the state directory).           */
/* ------------------------------------------------------------------ */
#define XR_MAP_IFACES    "xr_ifaces"
#define XR_MAP_TX_PORTS  "xr_tx_ports"
#define XR_MAP_ADDRS4    "xr_addrs4"
#define XR_MAP_ROUTES4   "xr_routes4"
#define XR_MAP_NEIGH4    "xr_neigh4"
#define XR_MAP_COUNTERS  "xr_counters"
#define XR_MAP_IF_STATS  "xr_if_stats"
#define XR_MAP_FIB4_TBL24 "xr_fib4_tbl24"
#define XR_MAP_FIB4_TBL8  "xr_fib4_tbl8"
#define XR_MAP_FIB4_NH    "xr_fib4_nh"
#define XR_MAP_FIB4_META  "xr_fib4_meta"
#define XR_MAP_XSKS       "xr_xsks"
#define XR_MAP_XSK_PORTS  "xr_xsk_ports"
#define XR_MAP_SLOW_STATS "xr_slow_stats"
#define XR_MAP_STATE_GEN  "xr_state_gen"

#define XR_MAX_IFINDEX   16384        /* links are indexed by ifindex */
#define XR_MAX_ADDRS4    4096
#define XR_MAX_ROUTES4   (1u << 21)   /* 2,097,152: a full table twice over */
#define XR_MAX_NEIGH4    65536
#define XR_MAX_NH4       65536        /* next hops (id 0 means none) */

/* ------------------------------------------------------------------ */
/* Counters: one per-CPU struct xr_counters, indexed by the layout below.*/
/* The first group carries the kernel's IP MIB names (/proc/net/snmp,  */
/* /proc/net/netstat IpExt); the second one counter per exception      */
/* reason (what is handed to the slow path); the third what the fast   */
/* path gives back to the kernel or drops for a reason of its own.     */
/* ------------------------------------------------------------------ */
#define XR_MIB_LIST(X)          \
	X(InReceives)           \
	X(InOctets)             \
	X(InHdrErrors)          \
	X(InCsumErrors)         \
	X(InTruncatedPkts)      \
	X(InAddrErrors)         \
	X(InNoRoutes)           \
	X(InDiscards)           \
	X(InDelivers)           \
	X(InBcastPkts)          \
	X(InMcastPkts)          \
	X(ForwDatagrams)        \
	X(OutOctets)            \
	X(OutDiscards)

/*
 * Exception reasons: the packet is valid but the fast path cannot finish
 * it; it is counted here and handed to punt(). The same codes travel in
 * the slow-path metadata header.
 */
#define XR_REASON_LIST(X)       \
	X(TtlExceeded)          \
	X(IpOptions)            \
	X(FragNeeded)           \
	X(NoNeigh)              \
	X(NoRoute)              \
	X(Unreachable)          \
	X(Prohibit)             \
	X(TxNotAttached)        \
	X(Redirect)             \
	X(LinkDown)

/* Frames given to the kernel untouched, and drops of our own. */
#define XR_OTHER_LIST(X)        \
	X(PassNotIpv4)          \
	X(PassVlan)             \
	X(PassOtherHost)        \
	X(PassL2Bcast)          \
	X(PassUnknownIf)        \
	X(MartianSource)        \
	X(MartianDestination)   \
	X(BlackholeDrops)       \
	X(RedirectErrors)       \
	X(PuntToKernel)         \
	X(ProtoDispatched)      \
	X(ProtoMissing)         \
	X(ProtoAtTc)

#define XR__ENUM_MIB(n)    XR_MIB_##n,
#define XR__ENUM_REASON(n) XR_REASON_##n,
#define XR__ENUM_OTHER(n)  XR_CNT_##n,

enum xr_mib { XR_MIB_LIST(XR__ENUM_MIB) XR_MIB_MAX };

enum xr_reason {
	XR_REASON_NONE = 0,
	XR_REASON_LIST(XR__ENUM_REASON)
	XR_REASON_MAX
};

enum xr_other { XR_OTHER_LIST(XR__ENUM_OTHER) XR_OTHER_MAX };

/* Layout of the counter array. */
#define XR_CNT_MIB(m)     ((__u32)(m))
#define XR_CNT_REASON(r)  ((__u32)(XR_MIB_MAX + (r)))
#define XR_CNT_OTHER(o)   ((__u32)(XR_MIB_MAX + XR_REASON_MAX + (o)))
#define XR_CNT_MAX        (XR_MIB_MAX + XR_REASON_MAX + XR_OTHER_MAX)

/* xr_counters: a per-CPU array of one element, all counters in it, so a
 * packet finds them with one lookup. */
struct xr_counters {
	__u64 c[XR_CNT_MAX];
};

/* ------------------------------------------------------------------ */
/* Interfaces                                                          */
/* ------------------------------------------------------------------ */
/* xr_ifaces: array indexed by ifindex; XR_IF_ATTACHED marks the links
 * the router is attached to (the rest are zero). */
struct xr_iface {
	__u8  mac[6];
	__u16 flags;           /* XR_IF_* */
	__u32 mtu;             /* egress MTU (L3 bytes) */
	__u32 mode;            /* XR_MODE_*, what link attach used */
};

#define XR_IF_UP        0x1
#define XR_IF_ATTACHED  0x2
#define XR_IF_NO_REDIRECTS 0x4 /* `link set DEV redirects off` */
#define XR_IF_CAPTURE   0x8    /* `xdp-router capture DEV` is running */

/* How a link is attached: XDP native or generic, or the tc entry on the
 * clsact ingress hook (where XDP cannot serve). */
enum xr_mode { XR_MODE_NATIVE = 1, XR_MODE_GENERIC = 2, XR_MODE_TC = 3 };

/* xr_if_stats: per-CPU array indexed by ifindex. */
struct xr_if_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
};

/* ------------------------------------------------------------------ */
/* The router's own addresses: key __be32 address. The control plane's */
/* record; the fast path finds them in the FIB as /32 entries of type  */
/* XR_RTN_LOCAL and XR_RTN_BROADCAST (the kernel's local table).       */
/* ------------------------------------------------------------------ */
enum xr_addr_type {
	XR_ADDR_LOCAL = 1,     /* an address of an attached link */
	XR_ADDR_BCAST = 2,     /* the directed broadcast of an attached subnet */
};

struct xr_addr4 {
	__u32 ifindex;
	__u8  type;            /* enum xr_addr_type */
	__u8  plen;            /* prefix length of the subnet */
	__u16 pad;
};

/* ------------------------------------------------------------------ */
/* Routes: LPM trie, key struct xr_route4_key, value struct xr_route4. */
/* ------------------------------------------------------------------ */
struct xr_route4_key {
	__u32 prefixlen;
	__be32 addr;
};

enum xr_rtn {                  /* the kernel's RTN_* values */
	XR_RTN_UNICAST = 1,
	XR_RTN_LOCAL = 2,      /* FIB only: an address of an attached link */
	XR_RTN_BROADCAST = 3,  /* FIB only: a directed broadcast */
	XR_RTN_BLACKHOLE = 6,
	XR_RTN_UNREACHABLE = 7,
	XR_RTN_PROHIBIT = 8,
};

enum xr_rtprot {               /* the kernel's RTPROT_* values */
	XR_RTPROT_KERNEL = 2,  /* connected route of an attached address */
	XR_RTPROT_STATIC = 4,  /* added with the CLI */
};

struct xr_route4 {
	__be32 dst;            /* the prefix, host bits clear */
	__u8  plen;
	__u8  type;            /* enum xr_rtn */
	__u8  proto;           /* enum xr_rtprot */
	__u8  pad;
	__u32 ifindex;         /* egress device (unicast routes) */
	__be32 gw;             /* 0: directly connected, next hop = destination */
	__be32 prefsrc;        /* connected routes: the link's address */
};

/* ------------------------------------------------------------------ */
/* The FIB the fast path reads: DIR-24-8 (as DPDK's rte_lpm), compiled  */
/* by the control plane from xr_routes4, the route table that stays    */
/* the one source of truth. See docs/fib.md.                           */
/*                                                                     */
/* tbl24 has one entry per /24, in chunks of 1024 per map element (an */
/* array of u32 values would take 8 bytes an entry); an entry is a     */
/* next hop, or (EXT) the index of a tbl8 group of 256 entries, one    */
/* per address of that /24. Every entry carries the prefix length of   */
/* the route it came from, which is what makes incremental updates     */
/* possible. Entries are written with single 32-bit stores, so a       */
/* reader sees the old route or the new one, never none.               */
/* ------------------------------------------------------------------ */
#define XR_FIB4_VALID       0x80000000u
#define XR_FIB4_EXT         0x40000000u   /* tbl24 only: id is a tbl8 group */
#define XR_FIB4_DEPTH_SHIFT 24
#define XR_FIB4_DEPTH_MASK  0x3fu
#define XR_FIB4_ID_MASK     0x00ffffffu   /* next hop id or tbl8 group */

#define XR_FIB4_CHUNK_BITS  10
#define XR_FIB4_CHUNK       (1u << XR_FIB4_CHUNK_BITS)
#define XR_FIB4_TBL24_ELEMS ((1u << 24) / XR_FIB4_CHUNK)
#define XR_FIB4_TBL8_GROUPS 65536u        /* /24s that hold longer routes */

struct xr_fib4_chunk {
	__u32 e[XR_FIB4_CHUNK];
};

struct xr_fib4_group {
	__u32 e[256];
};

/*
 * The rewrite of one next hop (the kernel's hh_cache, VPP's adjacency):
 * everything ip_finish_output2 needs, so a packet via a gateway costs no
 * lookup after the FIB. Kept up to date by the control plane whenever a
 * neighbour or an egress link changes.
 */
struct xr_adj4 {
	__u8  dmac[6];         /* the gateway's MAC (XR_ADJ_NEIGH) */
	__u8  smac[6];         /* the egress link's MAC */
	__u16 flags;           /* XR_ADJ_* */
	__u16 pad;
	__u32 mtu;             /* the egress link's MTU */
};

#define XR_ADJ_TX     0x1      /* egress link attached */
#define XR_ADJ_NEIGH  0x2      /* dmac is a usable neighbour (NUD_VALID) */
#define XR_ADJ_UP     0x4      /* the egress link is up with carrier */

/*
 * xr_fib4_nh: array indexed by next-hop id, shared by every route with
 * the same type, device and gateway. A slot is free when type is 0.
 * adj[gen & 1] is the current rewrite; the control plane writes the
 * other half and then flips gen, so a reader never sees half a MAC.
 */
struct xr_nh4 {
	__u8  type;            /* enum xr_rtn */
	__u8  pad[3];
	__u32 ifindex;
	__be32 gw;             /* 0: the destination itself is the next hop */
	__u32 refcnt;          /* routes using it (control plane only) */
	__u32 gen;
	struct xr_adj4 adj[2];
	__u32 pad2;            /* a multiple of 8: the array's stride */
};

/* xr_fib4_meta: one element; which tbl8 groups are in use. */
struct xr_fib4_meta {
	__u32 tbl8_used;
	__u32 nh_used;
	__u64 tbl8_bitmap[XR_FIB4_TBL8_GROUPS / 64];
};

/* ------------------------------------------------------------------ */
/* Neighbours: key struct xr_neigh4_key, value struct xr_neigh.        */
/* ------------------------------------------------------------------ */
struct xr_neigh4_key {
	__u32 ifindex;
	__be32 addr;
};

/* The kernel's NUD_* states. */
#define XR_NUD_INCOMPLETE 0x01
#define XR_NUD_REACHABLE  0x02
#define XR_NUD_STALE      0x04
#define XR_NUD_DELAY      0x08
#define XR_NUD_PROBE      0x10
#define XR_NUD_FAILED     0x20
#define XR_NUD_NOARP      0x40
#define XR_NUD_PERMANENT  0x80
/* States whose lladdr the fast path may use (the kernel's NUD_VALID). */
#define XR_NUD_VALID (XR_NUD_PERMANENT | XR_NUD_NOARP | XR_NUD_REACHABLE | \
		      XR_NUD_PROBE | XR_NUD_STALE | XR_NUD_DELAY)

struct xr_neigh {
	__u8  mac[6];
	__u16 state;           /* XR_NUD_* */
	__u32 flags;
	__u64 updated_ns;      /* CLOCK_MONOTONIC of the last confirmation */
};

/* ------------------------------------------------------------------ */
/* The slow path (docs/slowpath.md).                                   */
/*                                                                     */
/* An exception goes to the AF_XDP socket bound to its ingress queue:  */
/* xr_xsk_ports[ifindex] says which run of xr_xsks slots the daemon     */
/* bound for that link (slot = base + rx queue). The frame carries a    */
/* struct xr_punt_meta in front of it (bpf_xdp_adjust_meta): in the    */
/* UMEM it ends where the frame begins. No socket bound: XDP_PASS.      */
/* ------------------------------------------------------------------ */
#define XR_XSK_SLOTS     1024
#define XR_PUNT_MAGIC    0x5852      /* "XR" */
/* The daemon's UMEM frame; the kernel keeps XDP_PACKET_HEADROOM (256) of
 * it, the metadata takes up to 32. A longer frame would be dropped at the
 * socket, so the fast path hands it to the kernel instead. */
#define XR_XSK_FRAME     4096
#define XR_XSK_PUNT_MAX  (XR_XSK_FRAME - 256 - 32)

/*
 * The tc entry cannot redirect to a socket: its exceptions travel in the
 * ring buffer xr_tc_punt as a struct xr_tc_punt (the same metadata, the
 * frame's length, the frame), taken only while the daemon's socket of the
 * link's queue 0 is bound (so a killed daemon sends them to the kernel).
 */
#define XR_MAP_TC_PUNT   "xr_tc_punt"
#define XR_TC_PUNT_RING  (4u << 20)

struct xr_xsk_port {
	__u32 base;            /* first xr_xsks slot of this link */
	__u32 queues;          /* slots bound: rx queues 0 .. queues-1 */
};

struct xr_punt_meta {
	__u16 magic;           /* XR_PUNT_MAGIC */
	__u8  reason;          /* enum xr_reason */
	__u8  rt_type;         /* the route's type, enum xr_rtn; 0: none */
	__u32 ifindex;         /* ingress link */
	__u32 out_ifindex;     /* what the lookup found: egress link, */
	__u32 mtu;             /* its MTU, */
	__be32 nexthop;        /* the next hop (gateway or destination), */
	__u32 nh_id;           /* its slot in xr_fib4_nh; 0: none */
	__u8  plen;            /* the route's prefix length */
	__u8  pad[3];
};
/* XDP metadata: a multiple of 4 bytes, at most 32 (xdp_metalen_invalid) */
_Static_assert(sizeof(struct xr_punt_meta) % 4 == 0 &&
	       sizeof(struct xr_punt_meta) <= 32, "xr_punt_meta size");

/*
 * The capture tap (ptype_all): while XR_IF_CAPTURE is set on a link, the
 * fast path copies each frame it has decided on (with the verdict, and
 * the reason of an exception) into the ring buffer xr_capture, as far as
 * xr_capture_cfg allows. Costs one test of a flag already in a register
 * when off.
 */
#define XR_MAP_CAPTURE     "xr_capture"
#define XR_MAP_CAPTURE_CFG "xr_capture_cfg"
#define XR_CAPTURE_RING    (8u << 20)
#define XR_CAPTURE_SNAP    2048          /* the most of a frame kept */

struct xr_capture_cfg {
	__u32 snaplen;         /* bytes kept of each frame, <= XR_CAPTURE_SNAP */
	__u32 verdicts;        /* 1 << XR_V_* wanted; 0: all */
	__u32 reason;          /* only exceptions of this reason; 0: any */
	__u32 ifindex;         /* the link captured (one capture at a time;
				* user space only) */
};

struct xr_capture_rec {
	__u64 ts_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u32 ifindex;
	__u32 len;             /* bytes of the frame */
	__u32 caplen;          /* bytes in data[] */
	__u8  verdict;         /* XR_V_* of bpf/lib/ctx.h: 1 pass, 2 drop,
				* 3 forward, 4 punt, 5 to a protocol handler
				* (then again with the verdict of the
				* router's path if the handler hands it back) */
	__u8  reason;          /* enum xr_reason, for punts */
	__u8  hook;            /* XR_MODE_* of the entry that saw it */
	__u8  pad;
	__u8  data[XR_CAPTURE_SNAP];
};

struct xr_tc_punt {
	struct xr_punt_meta meta;
	__u32 len;             /* bytes of frame[] that hold the frame */
	__u8  frame[XR_XSK_PUNT_MAX];
};

/*
 * Counters of the slow path: one element of struct xr_slow_stats in an
 * mmapable array, written by the daemon only (one writer), kept across
 * its restarts. Names follow the kernel: Icmp (/proc/net/snmp), the
 * neighbour table (/proc/net/stat/arp_cache), Ip fragmentation.
 */
#define XR_SLOW_LIST(X)                                        \
	X(Icmp, OutMsgs)                                       \
	X(Icmp, OutErrors)                                     \
	X(Icmp, OutRateLimitGlobal)                            \
	X(Icmp, OutRateLimitHost)                              \
	X(Icmp, OutRedirectsSuppressed)                        \
	X(Icmp, OutTimeExcds)                                  \
	X(Icmp, OutDestUnreachsNet)                            \
	X(Icmp, OutDestUnreachsHost)                           \
	X(Icmp, OutDestUnreachsFragNeeded)                     \
	X(Icmp, OutDestUnreachsProhibited)                     \
	X(Icmp, OutParmProbs)                                  \
	X(Icmp, OutRedirects)                                  \
	X(Icmp, NotSentAboutIcmpError)                         \
	X(Icmp, NotSentAboutFragment)                          \
	X(Icmp, NotSentAboutBcast)                             \
	X(Neigh, ProbesSent)                                   \
	X(Neigh, RepliesLearned)                               \
	X(Neigh, ResFailed)                                    \
	X(Neigh, Queued)                                       \
	X(Neigh, UnresolvedDiscards)                           \
	X(Neigh, TableFulls)                                   \
	X(Frag, FragOKs)                                       \
	X(Frag, FragFails)                                     \
	X(Frag, FragCreates)                                   \
	X(SlowPath, RxFrames)                                  \
	X(SlowPath, RxBadMeta)                                 \
	X(SlowPath, ForwDatagrams)                             \
	X(SlowPath, SourceRouteDrops)                          \
	X(SlowPath, InHdrErrors)                               \
	X(SlowPath, TxFrames)                                  \
	X(SlowPath, TxErrors)                                  \
	/* appended, never inserted: an index is a slot in the pinned \
	 * map, kept across upgrades; stats prints by group */      \
	X(Neigh, UnresBudgetFull)                              \
	X(Neigh, UnresSent)                                    \
	X(Neigh, ResFailedDrops)                               \
	X(Neigh, ArpIgnored)                                   \
	X(Neigh, ArpLocked)                                    \
	X(SlowPath, XskRxDropped)                              \
	X(SlowPath, XskRxRingFull)                             \
	X(SlowPath, XskRxFillRingEmpty)                        \
	X(SlowPath, XskRxInvalidDescs)                         \
	X(SlowPath, XskTxInvalidDescs)                         \
	X(Icmp, OutDestUnreachsSuppressed)                     \
	X(Icmp, PeerEvictions)

#define XR__ENUM_SLOW(g, n) XR_SLOW_##n,
enum xr_slow { XR_SLOW_LIST(XR__ENUM_SLOW) XR_SLOW_MAX };

struct xr_slow_stats {
	__u64 c[XR_SLOW_MAX];
};

/* ------------------------------------------------------------------ */
/* Protocol handlers (ptype_base / inet_protos): BPF programs of the   */
/* user's, registered with `xdp-router proto add`, reached by tail     */
/* call through the slots of xr_proto_progs. The ABI a handler sees is */
/* include/xdp_router/handler.h; docs/handlers.md describes it.        */
/* ------------------------------------------------------------------ */
#define XR_MAP_PROTO_PROGS "xr_proto_progs"
#define XR_MAP_PROTO_ETH   "xr_proto_eth"
#define XR_MAP_PROTO_IP    "xr_proto_ip"
#define XR_MAP_PROTO_INFO  "xr_proto_info"

#define XR_PROTO_SLOTS       64   /* handlers, slot 0 included */
#define XR_PROTO_SLOT_ROUTER 0    /* the router's own path, resumed */
#define XR_PROTO_MAX_ETH     (XR_PROTO_SLOTS - 1)

enum xr_proto_kind {
	XR_PROTO_ETH = 1,      /* by ethertype, before the IPv4 path */
	XR_PROTO_IP = 2,       /* by IP protocol, for the router's addresses */
};

/* A handler asks for transit packets of its protocol too (not only
 * those addressed to the router). */
#define XR_PROTO_F_TRANSIT 0x1

/* xr_proto_eth (hash, key: the ethertype as in the frame, network
 * order) and xr_proto_ip (array of 256, key: the IP protocol) give the
 * slot; slot 0 means none. */
struct xr_proto_ent {
	__u16 slot;
	__u16 flags;           /* XR_PROTO_F_* */
};

/* xr_proto_info: array by slot, what `proto show` prints. kind 0: free. */
struct xr_proto_info {
	__u8  kind;            /* enum xr_proto_kind */
	__u8  pad;
	__u16 key;             /* ethertype or IP protocol (host order) */
	__u32 flags;           /* XR_PROTO_F_* */
	__u32 prog_id;         /* the kernel's id of the program */
	__u32 pad2;
	__u64 loaded_ns;       /* CLOCK_REALTIME of the registration */
	char  prog[64];        /* its name in the object */
	char  obj[256];        /* the object file, as given */
};

/*
 * What a handler finds in front of the frame (XDP metadata, between
 * data_meta and data), written by the router just before the tail call.
 * The frame itself is as received: data is the Ethernet header.
 */
#define XR_HANDLER_MAGIC 0x5848        /* "XH" */

struct xr_handler_meta {
	__u16 magic;           /* XR_HANDLER_MAGIC */
	__u8  kind;            /* enum xr_proto_kind it was dispatched by */
	__u8  pkt_type;        /* the kernel's PACKET_HOST (0), _BROADCAST (1),
				* _MULTICAST (2), _OTHERHOST (3): whom the
				* frame's destination MAC names */
	__u16 key;             /* the ethertype or IP protocol (host order) */
	__u8  local;           /* IP: 1 addressed to the router, 0 transit */
	__u8  l3_off;          /* offset of the network header */
	__u16 l4_off;          /* IP: offset of the transport header; ETH: 0 */
	__u16 slot;            /* the handler's slot in xr_proto_progs */
	__u32 ifindex;         /* ingress link */
	__u32 out_ifindex;     /* IP transit: the route's egress link, */
	__be32 nexthop;        /* and its next hop (0 when local) */
};
_Static_assert(sizeof(struct xr_handler_meta) % 4 == 0 &&
	       sizeof(struct xr_handler_meta) <= 32, "xr_handler_meta size");

/* ------------------------------------------------------------------ */
/* Writers' generations (docs/state.md, Locking): bumped by every writer */
/* that takes the state's exclusive lock, so that a batch checked under  */
/* the shared lock knows whether it must check again. Control plane only.*/
/* ------------------------------------------------------------------ */
enum {
	XR_GEN_CONFIG = 0,     /* links, addresses, routes, handlers, ... */
	XR_GEN_NEIGH = 1,      /* neighbours (the daemon's learned ones too) */
	XR_GEN_N = 2,
};

struct xr_state_gen {
	__u64 gen[XR_GEN_N];
};

/* ------------------------------------------------------------------ */
/* Versions (docs/state.md "Versions")                                 */
/* ------------------------------------------------------------------ */
/* xr_state_info: one entry, written by `xdp-router upgrade` and by the
 * build that created the state. layout: XR_STATE_LAYOUT of that build;
 * maps: a digest of every map's type, key and value size, entries and
 * flags, so any change of a map definition shows. */
#define XR_MAP_STATE_INFO "xr_state_info"
#define XR_STATE_LAYOUT   2            /* 1: before xr_state_info */
#define XR_BUILD_LEN      48

struct xr_state_info {
	__u32 layout;
	__u32 maps;
	char  build[XR_BUILD_LEN];     /* the build that wrote the state */
};


#endif /* XDP_ROUTER_ABI_H */
