import { BlockList, isIP } from 'node:net';

/**
 * Addresses a fetch must never reach unless private addresses are allowed: loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast, reserved and
 * documentation ranges, and their IPv6 counterparts.
 */
function buildBlockList(): BlockList {
  const list = new BlockList();
  const ipv4: [string, number][] = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, 'ipv4');
  const ipv6: [string, number][] = [
    ['::', 128],
    ['::1', 128],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['fec0::', 10],
    ['ff00::', 8],
  ];
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const BLOCKED = buildBlockList();

/**
 * Addresses no fetch has a use for, even on an intranet: unspecified, link-local (where cloud
 * metadata services answer, with credentials), multicast and reserved ranges, and the metadata
 * endpoints that sit inside private ranges (AWS over IPv6, Alibaba Cloud, Oracle Cloud).
 */
function buildNeverList(): BlockList {
  const list = new BlockList();
  const ipv4: [string, number][] = [
    ['0.0.0.0', 8],
    ['169.254.0.0', 16],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
    ['100.100.100.200', 32],
    ['192.0.0.192', 32],
  ];
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, 'ipv4');
  const ipv6: [string, number][] = [
    ['::', 128],
    ['fe80::', 10],
    ['ff00::', 8],
    ['fd00:ec2::254', 128],
  ];
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const NEVER = buildNeverList();

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, '');
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  // The URL parser writes the IPv4-compatible [::127.0.0.1] as [::7f00:1], so that form is read too.
  const hex = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return null;
}

function checkAddress(list: BlockList, address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (version === 4) return list.check(bare, 'ipv4');
  if (version === 6) {
    const inner = embeddedIpv4(bare);
    if (inner) return list.check(inner, 'ipv4');
    return list.check(bare, 'ipv6');
  }
  return true;
}

/**
 * True when `address` (an IP literal, IPv6 with or without brackets) is one a fetch must not reach.
 * Anything that is not a valid IP address counts as blocked: callers resolve names first.
 */
export function isBlockedAddress(address: string): boolean {
  return checkAddress(BLOCKED, address);
}

/**
 * True when `address` must not be reached even where private addresses are allowed: link-local and
 * cloud metadata addresses, unspecified, multicast and reserved ones. These are refused by
 * {@link isBlockedAddress} too. Anything that is not a valid IP address counts as refused.
 *
 * @example
 * isNeverFetchedAddress('169.254.169.254') // true
 * isNeverFetchedAddress('10.0.0.1') // false: an intranet address
 */
export function isNeverFetchedAddress(address: string): boolean {
  return checkAddress(NEVER, address);
}
