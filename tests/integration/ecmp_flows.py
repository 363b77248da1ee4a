#!/usr/bin/env python3
"""Numbered UDP flows for the ECMP tests (test_ecmp_net*.sh).

  send DST PORT FLOWS PPS SECS [SRC,...] [SPORT]
      FLOWS UDP flows to DST:PORT, flow i from SRC[i % len] (default: the
      kernel's choice) and source port SPORT + i (default 20000), each
      sending PPS datagrams a second, all flows one datagram each per
      tick, for SECS seconds or until SIGTERM (at a tick's end). Each
      datagram holds its flow and sequence number. Prints "sent N": the
      datagrams each flow sent.
  recv PORT READY OUT
      receives on PORT (both families) until SIGTERM or 60 s, creates
      READY once listening; then reads what is still queued until the
      socket stays empty for DRAIN_IDLE s (DRAIN_MAX s at most) and
      writes OUT: per flow, the datagrams received, whether in order with
      none twice, and the links they arrived on (IP_PKTINFO) as runs:
      [[link, count], ...].
Each check below takes FLOWS, the flows sent (0 .. FLOWS-1): a flow
missing from OUT (none of its datagrams arrived), or one never sent,
fails, named.
  onepath OUT FLOWS SENT    every flow got all SENT, in order, on one link;
                            prints how many flows each link carried
  moved OUT FLOWS SENT LINK the flows that began on LINK left it and came
                            back to it (runs LINK, other, LINK), the others
                            as onepath
  changed OUT1 OUT2 FLOWS   prints the links (sorted, one a line) that the
                            flows whose first link differs between OUT1
                            and OUT2 had in OUT1
  total OUT...              prints the datagrams received in all of OUT...
  count OUT LINK            prints how many flows of OUT began on LINK
Exit status 0 when the check holds; a line says what did not.
"""
import json
import signal
import socket
import struct
import sys
import time

MAGIC = 0x45434d50  # "ECMP"
FMT = "!IHI"
PAD = 64
DRAIN_IDLE = 0.2
DRAIN_MAX = 5.0
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # Linux's, absent from some Pythons

stop = False


def on_term(_sig, _frm):
    global stop
    stop = True


def flow_sockets(dst, flows, srcs, sport):
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    socks = []
    for i in range(flows):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind((srcs[i % len(srcs)] if srcs else "", sport + i))
        socks.append(s)
    return socks


def send(dst, port, flows, pps, secs, srcs=None, sport=20000):
    port = int(port)
    socks = flow_sockets(dst, int(flows), srcs, int(sport))
    signal.signal(signal.SIGTERM, on_term)
    tick = 1.0 / float(pps)
    start = time.monotonic()
    seq = 0
    while not stop and seq < float(secs) * float(pps):
        for i, s in enumerate(socks):
            # unconnected: an ICMP error from the router raises nothing
            s.sendto(struct.pack(FMT, MAGIC, i, seq).ljust(PAD, b"\0"), (dst, port))
        seq += 1
        delay = start + seq * tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print("sent %d" % seq)


def pktinfo_ifindex(ancdata):
    for level, typ, data in ancdata:
        if level == socket.IPPROTO_IP and typ == IP_PKTINFO:
            return struct.unpack("I", data[:4])[0]
        if level == socket.IPPROTO_IPV6 and typ == socket.IPV6_PKTINFO:
            return struct.unpack("I", data[16:20])[0]
    return 0


def listen(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)  # SO_RCVBUFFORCE
    s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    s.bind(("::", int(port)))
    s.settimeout(0.2)
    return s


def account(flows, flow, seq, link):
    f = flows.setdefault(flow, {"n": 0, "next": 0, "inorder": True,
                                "runs": []})
    f["n"] += 1
    if seq != f["next"]:
        f["inorder"] = False
    f["next"] = seq + 1
    if f["runs"] and f["runs"][-1][0] == link:
        f["runs"][-1][1] += 1
    else:
        f["runs"].append([link, 1])


def take(msg, flows, names):
    """accounts one received datagram (msg: recvmsg's answer) if ours"""
    data, anc = msg[0], msg[1]
    if len(data) < 10:
        return
    magic, flow, seq = struct.unpack(FMT, data[:10])
    if magic != MAGIC:
        return
    idx = pktinfo_ifindex(anc)
    if idx not in names:
        names[idx] = socket.if_indextoname(idx) if idx else "?"
    account(flows, flow, seq, names[idx])


def drain(s, flows, names):
    """after the stop: what is still queued (or still arriving), until
    the socket stays empty DRAIN_IDLE s, DRAIN_MAX s at most"""
    s.settimeout(DRAIN_IDLE)
    end = time.monotonic() + DRAIN_MAX
    while time.monotonic() < end:
        try:
            take(s.recvmsg(2048, 256), flows, names)
        except socket.timeout:
            return
    print("recv: socket not empty after %.0f s of draining" % DRAIN_MAX,
          file=sys.stderr)


def recv(port, ready, out):
    s = listen(port)
    signal.signal(signal.SIGTERM, on_term)
    open(ready, "w").close()
    flows = {}
    names = {}
    end = time.monotonic() + 60
    while not stop and time.monotonic() < end:
        try:
            take(s.recvmsg(2048, 256), flows, names)
        except socket.timeout:
            continue
    drain(s, flows, names)
    with open(out, "w") as f:
        json.dump({str(k): v for k, v in sorted(flows.items())}, f)


def load(out):
    with open(out) as f:
        return json.load(f)


def whole(flow, f, sent):
    """'' when the flow got all SENT in order on one link, else why not"""
    if f["n"] != sent or not f["inorder"]:
        return "flow %s: %d of %d, %s" % (flow, f["n"], sent,
                                          "in order" if f["inorder"] else "out of order")
    if len(f["runs"]) != 1:
        return "flow %s: changed links %s" % (flow, f["runs"])
    return ""


def report(errs, summary):
    for e in errs[:8]:
        print(e)
    if len(errs) > 8:
        print("... %d more" % (len(errs) - 8))
    if not errs:
        print(summary)
    return 1 if errs else 0


def missing(flows, nflows, out):
    """a line for each flow sent but absent from OUT, or present but never sent"""
    want = set(str(i) for i in range(int(nflows)))
    return (["flow %s: none of its datagrams in %s" % (k, out)
             for k in sorted(want - set(flows), key=int)] +
            ["flow %s: in %s but never sent" % (k, out)
             for k in sorted(set(flows) - want, key=int)])


def onepath(out, nflows, sent):
    flows = load(out)
    errs = missing(flows, nflows, out)
    errs += [e for e in (whole(k, f, int(sent)) for k, f in flows.items()) if e]
    return report(errs, "%d flows, each whole on one link: %s"
                  % (len(flows), counts(per_link(flows))))


def moved(out, nflows, sent, link):
    flows = load(out)
    errs, n = missing(flows, nflows, out), 0
    for k, f in flows.items():
        if f["runs"][0][0] != link:
            e = whole(k, f, int(sent))
            if e:
                errs.append(e)
            continue
        n += 1
        links = [r[0] for r in f["runs"]]
        if len(links) != 3 or links[1] == link or links[2] != link:
            errs.append("flow %s: links %s, not %s, another, %s" % (k, f["runs"], link, link))
    if n == 0:
        errs.append("no flow began on %s" % link)
    return report(errs, "%d flows left %s and came back, %d stayed whole on their link"
                  % (n, link, len(flows) - n))


def per_link(flows):
    count = {}
    for f in flows.values():
        count[f["runs"][0][0]] = count.get(f["runs"][0][0], 0) + 1
    return count


def counts(count):
    return " ".join("%s=%d" % kv for kv in sorted(count.items()))


def changed(out1, out2, nflows):
    before, after = load(out1), load(out2)
    errs = missing(before, nflows, out1) + missing(after, nflows, out2)
    if errs:
        return report(errs, "")
    links = set(f["runs"][0][0] for k, f in before.items()
                if f["runs"][0][0] != after[k]["runs"][0][0])
    for link in sorted(links):
        print(link)
    return 0


def total(*outs):
    print(sum(f["n"] for out in outs for f in load(out).values()))
    return 0


def count(out, link):
    print(per_link(load(out)).get(link, 0))
    return 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "send":
        srcs = args[5].split(",") if len(args) > 5 and args[5] else None
        send(*args[:5], srcs, *args[6:7])
        return 0
    if cmd == "recv":
        recv(*args)
        return 0
    return {"onepath": onepath, "moved": moved, "changed": changed,
            "total": total, "count": count}[cmd](*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
