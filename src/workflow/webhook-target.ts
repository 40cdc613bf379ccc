/**
 * Where a webhook may point. Checked when it is registered and again before every delivery (the
 * name may resolve elsewhere by then): https only (plain http only for hosts on a development
 * allow-list), no `user:pass@`, no IPv4 address written in decimal, hex, octal or short form, and
 * every address the name resolves to a public unicast address — not private, loopback,
 * link-local (169.254.169.254, the cloud metadata service), carrier-grade NAT, unique-local,
 * multicast, broadcast, unspecified, reserved, nor IPv6 forms that carry an IPv4 address
 * (mapped, compatible, 6to4, Teredo, NAT64). Ranges come from ipaddr.js. Loopback is allowed
 * for the allow-listed development hosts only.
 *
 * The delivery then connects to the address checked here (webhook-post.ts), never to the
 * result of a second lookup that could answer differently.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name to addresses; the system resolver in the service, an injected one in tests. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export interface TargetPolicy {
  /** Host names (lower case) that may use plain http and resolve to loopback: development receivers only. */
  allowHttpHosts: ReadonlySet<string>;
  resolve: Resolver;
}

export function targetPolicy(allowHttpHosts: string, resolve: Resolver = systemResolver): TargetPolicy {
  return { allowHttpHosts: new Set(allowHttpHosts.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)), resolve };
}

export type TargetCheck = { ok: true; url: URL; hostname: string; addresses: ResolvedAddress[] } | { ok: false; reason: string };

/** IPv6 prefixes ipaddr.js calls unicast that still reach an IPv4 address or a local translator. */
const EMBEDDING_IPV4 = [ipaddr.parseCIDR('::/96'), ipaddr.parseCIDR('64:ff9b:1::/48')];

/** Why an address may not be a webhook's, or null when it may. */
export function refusedAddress(address: string, loopbackAllowed = false): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'unicast') {
    if (ip.kind() === 'ipv6' && EMBEDDING_IPV4.some((cidr) => (ip as ipaddr.IPv6).match(cidr as [ipaddr.IPv6, number]))) return `${address} carries an IPv4 address in an IPv6 one`;
    return null;
  }
  if (range === 'loopback' && loopbackAllowed) return null;
  return `${address} is a ${range} address`;
}

/** The host as written in the URL text (after any user info, before the port): the parser normalises numeric forms away. */
function writtenHost(raw: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')).toLowerCase();
}

/** The checks that need no lookup: scheme, credentials, how the host is written. */
export function checkUrlShape(raw: string, policy: TargetPolicy): { ok: true; url: URL; hostname: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowListed = policy.allowHttpHosts.has(hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) return { ok: false, reason: 'must be an https URL (plain http only for the development hosts in WEBHOOK_ALLOW_HTTP_HOSTS)' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password (user:pass@)' };
  // 2130706433, 0x7f.1, 0177.0.0.1 all parse to 127.0.0.1: an address must be written as the parser writes it.
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname) && writtenHost(raw) !== hostname) return { ok: false, reason: `writes the IPv4 address ${hostname} in a non-standard form` };
  if (!hostname) return { ok: false, reason: 'has no host' };
  return { ok: true, url, hostname };
}

/** Every check: shape, then the name resolved and each address it resolves to. */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  const shape = checkUrlShape(raw, policy);
  if (!shape.ok) return shape;
  const { url, hostname } = shape;
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(hostname)) {
    addresses = [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await policy.resolve(hostname);
    } catch (err) {
      return { ok: false, reason: `host ${hostname} does not resolve (${(err as { code?: string }).code ?? (err as Error).message})` };
    }
    if (addresses.length === 0) return { ok: false, reason: `host ${hostname} does not resolve` };
  }
  const loopbackAllowed = policy.allowHttpHosts.has(hostname);
  for (const a of addresses) {
    const refused = refusedAddress(a.address, loopbackAllowed);
    if (refused) return { ok: false, reason: `resolves to ${refused}, which webhooks may not reach` };
  }
  return { ok: true, url, hostname, addresses };
}
