/**
 * Keeps feeds added from chat off private networks: every address Radar connects to for such a
 * feed, after DNS and after each redirect, must be public. Loopback, private, link-local (the
 * cloud metadata address among them), CGNAT, unique-local IPv6, multicast, reserved and
 * documentation ranges are refused, and IPv4-mapped/NAT64 IPv6 forms are checked as the IPv4
 * address they carry. Feeds from the config file are trusted and do not go through this guard.
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
  ['::', 128], ['::1', 128], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Whether an IP address literal is publicly routable. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return isPublicAddress(v4);
    return !BLOCKED.check(address, 'ipv6');
  }
  return false;
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
        const blocked = new Error(`${hostname} resolves to ${refused[0]!.address}, which is not a public address`) as NodeJS.ErrnoException;
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
        throw new FetchError('fetch_blocked_address', url.href, `${host} is not a public address; feeds added from chat may only reach public hosts`);
      }
    },
    lookup,
  };
}
