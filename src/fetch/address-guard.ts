/**
 * Keeps feeds added from chat off private networks: every address Radar connects to for such a
 * feed, after DNS and after each redirect, must be public. Loopback, private, link-local (the
 * cloud metadata address among them), CGNAT, unique-local IPv6, multicast, reserved and
 * documentation ranges are refused, and an IPv6 address that carries an IPv4 address
 * (IPv4-compatible `::a.b.c.d`, IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`), in any spelling, is judged as the IPv4 address it carries.
 * Feeds from the config file are trusted and do not go through this guard.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { FetchError } from '../shared/errors.ts';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10],
  ['fec0::', 10], ['ff00::', 8],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 literal (any spelling, zone id ignored); the caller has checked `isIP(...) === 6`. */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** IPv6 prefixes (as leading groups) whose addresses carry an IPv4 address, and the group where it starts. */
const CARRIERS: Array<{ prefix: number[]; at: number }> = [
  { prefix: [0, 0, 0, 0, 0, 0], at: 6 }, // IPv4-compatible ::a.b.c.d (deprecated)
  { prefix: [0, 0, 0, 0, 0, 0xffff], at: 6 }, // IPv4-mapped ::ffff:a.b.c.d
  { prefix: [0, 0, 0, 0, 0xffff, 0], at: 6 }, // IPv4-translated ::ffff:0:a.b.c.d
  { prefix: [0x64, 0xff9b, 0, 0, 0, 0], at: 6 }, // NAT64 well-known prefix
  { prefix: [0x2002], at: 1 }, // 6to4
];

/** The IPv4 address an IPv6 literal carries (see {@link CARRIERS}), or null. */
export function embeddedIpv4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const groups = ipv6Groups(address);
  const carrier = CARRIERS.find(({ prefix }) => prefix.every((g, i) => groups[i] === g));
  if (!carrier) return null;
  const hi = groups[carrier.at]!;
  const lo = groups[carrier.at + 1]!;
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address literal is publicly routable. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null && !isPublicAddress(v4)) return false;
    return !BLOCKED.check(address.replace(/%.*$/, ''), 'ipv6');
  }
  return false;
}

/** The address for messages, with the IPv4 address it carries: "::7f00:1 (IPv4 127.0.0.1)". */
function describe(address: string): string {
  const v4 = embeddedIpv4(address);
  return v4 === null ? address : `${address} (IPv4 ${v4})`;
}

export interface AddressGuard {
  /** Throws `fetch_blocked_address` when `url`'s host is an IP literal that is not public (and not allowed). */
  checkUrl(url: URL): void;
  /** A `lookup` for net/tls connect options that refuses hosts resolving to non-public addresses. */
  lookup: typeof dnsLookup;
}

/** @param allowHosts host names or IP literals that may be private (intranets, tests). */
export function createAddressGuard(allowHosts: readonly string[] = []): AddressGuard {
  const allowed = new Set(allowHosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
  const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

  const lookup = ((hostname: string, options: LookupOptions | number | ((...args: unknown[]) => void), callback?: (...args: unknown[]) => void) => {
    const cb = (typeof options === 'function' ? options : callback) as (error: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;
    const opts: LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
      if (error) return cb(error);
      const host = hostname.toLowerCase();
      const refused = allowed.has(host) ? [] : addresses.filter((a) => !isPublicAddress(a.address));
      if (refused.length) {
        const blocked = new Error(`${hostname} resolves to ${describe(refused[0]!.address)}, which is not a public address`) as NodeJS.ErrnoException;
        blocked.code = 'ERR_RADAR_BLOCKED_ADDRESS';
        return cb(blocked);
      }
      if (opts.all) return cb(null, addresses);
      const first = addresses[0]!;
      return cb(null, first.address, first.family);
    });
  }) as typeof dnsLookup;

  return {
    checkUrl(url) {
      const host = hostOf(url);
      if (isIP(host) && !allowed.has(host) && !isPublicAddress(host)) {
        throw new FetchError('fetch_blocked_address', url.href, `${describe(host)} is not a public address; feeds added from chat may only reach public hosts`);
      }
    },
    lookup,
  };
}
