#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""IPv6 frames for the IPv6 integration tests (test_*6*.sh), as hex that
tests/tools/rawsock sends and prints. Standard library only.

  pkt6.py echo SMAC DMAC SRC DST HLIM ID LEN [HBH_OPTS_HEX]
      an Ethernet frame: IPv6 (traffic class 0x28, flow label 0x12345),
      an optional Hop-by-Hop header holding HBH_OPTS_HEX (6, 14, ...
      bytes), an ICMPv6 echo request with identifier ID and LEN bytes of
      data; the checksum computed here
  pkt6.py seen SENT                         (received frames on stdin)
      exit 0 when one of them carries SENT's source and destination
  pkt6.py anyerror                          (received frames on stdin)
      exit 0 when one of them is an ICMPv6 error message (type < 128)
  pkt6.py forwarded SENT SMAC DMAC          (received frames on stdin)
      exit 0 when one of them is SENT forwarded once: the MACs SMAC ->
      DMAC, the hop limit one less, every other byte the same
  pkt6.py error SENT TYPE CODE PARAM SRC DST [HOPS]  (frames on stdin)
      exit 0 when one of them is an ICMPv6 error TYPE/CODE from SRC to
      DST about SENT: hop limit 64 (icmpv6_send's, the default
      hop_limit), the checksum right when recomputed from scratch, PARAM
      (the MTU or the pointer; 0 otherwise), and the quote exactly SENT's
      IPv6 packet as it arrived (hop limit not yet decremented; HOPS
      less when given: 1 for a packet that was forwarded, as a 1/3
      quotes the packet queued for the next hop), cut to the 1280 bytes
      the error may have
Prints the reason when nothing matched, on stderr.
"""
import ipaddress
import struct
import sys


def mac(s):
    return bytes.fromhex(s.replace(':', ''))


def ip6(s):
    return ipaddress.IPv6Address(s).packed


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def icmp6_csum(src, dst, msg):
    pseudo = src + dst + struct.pack('!I3xB', len(msg), 58)
    return csum(pseudo + msg)


def echo(smac, dmac, src, dst, hlim, ident, length, hbh=None):
    s, d = ip6(src), ip6(dst)
    data = bytes(i & 0xff for i in range(int(length)))
    msg = struct.pack('!BBHHH', 128, 0, 0, int(ident), 1) + data
    c = icmp6_csum(s, d, msg)
    msg = msg[:2] + struct.pack('!H', c) + msg[4:]
    ext, nh = b'', 58
    if hbh is not None:
        opts = bytes.fromhex(hbh)
        if (len(opts) + 2) % 8:
            sys.exit('pkt6: Hop-by-Hop options must fill 8-byte units')
        ext = bytes([58, (len(opts) + 2) // 8 - 1]) + opts
        nh = 0
    payload = ext + msg
    vtf = 6 << 28 | 0x28 << 20 | 0x12345
    hdr = struct.pack('!IHBB', vtf, len(payload), nh, int(hlim)) + s + d
    return mac(dmac) + mac(smac) + b'\x86\xdd' + hdr + payload


def frames():
    for line in sys.stdin:
        line = line.strip()
        if line:
            yield bytes.fromhex(line)


def seen(sent):
    sent = bytes.fromhex(sent)
    return 0 if any(f[14 + 8:14 + 40] == sent[14 + 8:14 + 40]
                    for f in frames()) else 1


def anyerror():
    return 0 if any(f[12:14] == b'\x86\xdd' and f[14 + 6] == 58 and
                    len(f) > 54 and f[54] < 128 for f in frames()) else 1


def forwarded(sent, smac, dmac):
    sent = bytes.fromhex(sent)
    want = bytearray(sent)
    want[0:6], want[6:12] = mac(dmac), mac(smac)
    want[14 + 7] = sent[14 + 7] - 1
    seen = 0
    for f in frames():
        if f[14 + 8:14 + 40] != sent[14 + 8:14 + 40]:
            continue
        seen += 1
        if f == bytes(want):
            return 0
        diff = [i for i in range(min(len(f), len(want))) if f[i] != want[i]]
        print('pkt6: same addresses, %d bytes (want %d), first bytes that '
              'differ: %s' % (len(f), len(want), diff[:8]), file=sys.stderr)
    if not seen:
        print('pkt6: no frame with those addresses', file=sys.stderr)
    return 1


def error_ok(f, sent, typ, code, param, src, dst, hops):
    ip = f[14:]
    if len(ip) < 48 or f[12:14] != b'\x86\xdd' or ip[6] != 58:
        return None
    if ip[8:24] != ip6(src) or ip[24:40] != ip6(dst):
        return None
    plen = struct.unpack('!H', ip[4:6])[0]
    msg = ip[40:40 + plen]
    if msg[0] != typ or msg[1] != code:
        return 'type %d code %d' % (msg[0], msg[1])
    if ip[7] != 64:
        return 'hop limit %d' % ip[7]
    if icmp6_csum(ip[8:24], ip[24:40], msg) != 0:
        return 'bad ICMPv6 checksum'
    if struct.unpack('!I', msg[4:8])[0] != param:
        return 'parameter %d' % struct.unpack('!I', msg[4:8])[0]
    quote = bytearray(sent[14:][:1280 - 48])
    quote[7] -= hops
    if msg[8:] != quote:
        return 'quote of %d bytes differs (want %d)' % (len(msg) - 8, len(quote))
    return 'ok'


def error(sent, typ, code, param, src, dst, hops=0):
    sent = bytes.fromhex(sent)
    why = []
    for f in frames():
        r = error_ok(f, sent, int(typ), int(code), int(param), src, dst,
                     int(hops))
        if r == 'ok':
            return 0
        if r:
            why.append(r)
    print('pkt6: no such error%s' % (': ' + '; '.join(why) if why else ''),
          file=sys.stderr)
    return 1


def main(a):
    if len(a) == 1 and a[0] == 'anyerror':
        return anyerror()
    if len(a) == 2 and a[0] == 'seen':
        return seen(a[1])
    if len(a) in (8, 9) and a[0] == 'echo':
        print(echo(*a[1:]).hex())
        return 0
    if len(a) == 4 and a[0] == 'forwarded':
        return forwarded(*a[1:])
    if len(a) in (7, 8) and a[0] == 'error':
        return error(*a[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
