import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Server-side request forgery guard for webhook URLs: an integrator chooses the URL, the service calls it, so the
 * URL must not reach the service's own network (loopback, private ranges, link-local, cloud metadata). Checked at
 * registration and again on every connection, against the address actually connected to (DNS may change).
 */

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** Classes that WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lets through (tests, local development). The rest never pass. */
const LOCAL_CLASSES: ReadonlySet<AddressClass> = new Set(['private', 'loopback', 'link-local']);

/** Instance-metadata services of the large clouds: refused even when local networks are allowed. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

/** Which address a host was refused for: for the server log only. */
export type RefusedAddress = { host: string; address: string; addressClass: AddressClass };

/**
 * What clients and the delivery log are told. The resolved address and its class stay in the server log: naming
 * them would let anyone who can register a webhook map the service's own network through DNS.
 */
export const FORBIDDEN_HOST_MESSAGE =
  "The webhook URL's host is not allowed (private, loopback, link-local or reserved address)";

export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError';
  constructor(readonly refused: RefusedAddress) {
    super(FORBIDDEN_HOST_MESSAGE);
  }
}

export function isAllowedAddress(address: string, allowPrivateNetworks: boolean): boolean {
  const addressClass = classifyAddress(address);
  return addressClass === 'public' || (allowPrivateNetworks && LOCAL_CLASSES.has(addressClass));
}

export function assertAllowedAddress(host: string, address: string, allowPrivateNetworks: boolean): void {
  if (!isAllowedAddress(address, allowPrivateNetworks)) {
    throw new ForbiddenAddressError({ host, address, addressClass: classifyAddress(address) });
  }
}

/** Classifies an IPv4 or IPv6 address (IPv4 embedded in IPv6 — mapped, compatible, NAT64, 6to4 — as the IPv4). */
export function classifyAddress(address: string): AddressClass {
  const withoutZone = address.split('%')[0];
  const family = isIP(withoutZone);
  if (family === 4) return classifyIpv4(ipv4Bytes(withoutZone));
  if (family === 6) return classifyIpv6(withoutZone);
  // Not an address at all: never connect to it.
  return 'reserved';
}

function classifyIpv4(b: readonly number[]): AddressClass {
  const [a, second] = b;
  if (METADATA_ADDRESSES.has(b.join('.'))) return 'metadata';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 169 && second === 254) return 'link-local';
  if (a === 10 || (a === 172 && second >= 16 && second <= 31) || (a === 192 && second === 168)) return 'private';
  // Shared address space (carrier-grade NAT), RFC 6598.
  if (a === 100 && second >= 64 && second <= 127) return 'private';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  // IETF protocol assignments, documentation ranges, benchmarking.
  if (a === 192 && second === 0 && (b[2] === 0 || b[2] === 2)) return 'reserved';
  if ((a === 198 && second === 51 && b[2] === 100) || (a === 203 && second === 0 && b[2] === 113)) return 'reserved';
  if (a === 198 && (second === 18 || second === 19)) return 'reserved';
  return 'public';
}

function classifyIpv6(address: string): AddressClass {
  const b = ipv6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const embedded = (offset: number) => classifyIpv4(b.slice(offset, offset + 4));
  if (METADATA_ADDRESSES.has(canonicalIpv6(b))) return 'metadata';
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible form).
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return embedded(12);
  if (zeros(0, 12)) return embedded(12);
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is for local use.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    return zeros(4, 12) ? embedded(12) : b[4] === 0 && b[5] === 1 ? 'private' : 'reserved';
  }
  // 6to4 (2002::/16) tunnels to the IPv4 address in bits 16–47.
  if (b[0] === 0x20 && b[1] === 0x02) return embedded(2);
  if (b[0] === 0xff) return 'multicast';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'link-local';
  // fec0::/10 (deprecated site-local) and fc00::/7 (unique local).
  if ((b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) || (b[0] & 0xfe) === 0xfc) return 'private';
  // Teredo (2001::/32) hides an IPv4 address; documentation (2001:db8::/32); discard-only (100::/64).
  if (b[0] === 0x20 && b[1] === 0x01 && ((b[2] === 0 && b[3] === 0) || (b[2] === 0x0d && b[3] === 0xb8))) {
    return 'reserved';
  }
  if (b[0] === 0x01 && zeros(1, 8)) return 'reserved';
  return 'public';
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address (as checked by isIP), including the dotted-quad tail form. */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail.push(...ipv4Bytes(text.slice(lastColon + 1)));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === null ? [] : groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function canonicalIpv6(bytes: readonly number[]): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Host of a URL as a resolver or isIP takes it (IPv6 literals without brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Resolves a host name and refuses it when any of its addresses is off limits. */
export async function assertHostAllowed(host: string, allowPrivateNetworks: boolean): Promise<void> {
  if (isIP(host)) return assertAllowedAddress(host, host, allowPrivateNetworks);
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  for (const { address } of addresses) assertAllowedAddress(host, address, allowPrivateNetworks);
}

/**
 * A DNS lookup for http.request that refuses forbidden addresses: the check applies to the very address the
 * socket connects to, so a name that changes its answer between check and connect (DNS rebinding) gets nowhere.
 */
export function guardedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find(({ address }) => !isAllowedAddress(address, allowPrivateNetworks));
      if (refused) {
        const addressClass = classifyAddress(refused.address);
        return callback(new ForbiddenAddressError({ host: hostname, address: refused.address, addressClass }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}
