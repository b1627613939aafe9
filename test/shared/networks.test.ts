/** Allowed networks: addresses and CIDR networks of both families, IPv4-mapped client addresses; loopback listen addresses. */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, networkMatcher, parseNetwork } from '../../src/shared/networks.ts';

describe('networks', () => {
  it('parses an address or a CIDR network, and nothing else', () => {
    expect(parseNetwork('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseNetwork('192.168.1.20')).toEqual({ address: '192.168.1.20', prefix: 32, family: 'ipv4' });
    expect(parseNetwork('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', '::1/129', '10.0.0.0/8/1', 'localhost', '10.0.0/8', '10.0.0.0/x', '']) expect([bad, parseNetwork(bad)]).toEqual([bad, null]);
  });

  it('matches client addresses, IPv4-mapped IPv6 included', () => {
    const allowed = networkMatcher(['10.0.0.0/8', '192.168.1.20', 'fd00::/8']);
    expect(['10.1.2.3', '::ffff:10.9.9.9', '192.168.1.20', 'fd12::1'].map(allowed)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '127.0.0.1', '::ffff:127.0.0.1', '192.168.1.21', '::1', 'fe80::1', undefined].map(allowed)).toEqual([false, false, false, false, false, false, false]);
  });

  it('tells a loopback listen address from one that reaches beyond this machine', () => {
    const loopback = ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', ' 127.0.0.1 '];
    expect(loopback.filter((host) => !isLoopbackHost(host))).toEqual([]);
    const beyond = ['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.20', '128.0.0.1', 'fe80::1', '::ffff:10.0.0.1', 'radar.example', 'localhost.example', ''];
    expect(beyond.filter((host) => isLoopbackHost(host))).toEqual([]);
  });
});
