// Whose a subscription is, where a webhook may be sent, and the secret it is signed with: pure, no Nest, no I/O.
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Channel } from '@omni/contracts';
import type { Principal } from '@omni/platform';

/** The channel a new subscription is for, or why the principal may not name it ('missing': an admin must). */
export function subscriptionChannel(
  principal: Principal,
  requested: Channel | undefined,
): Channel | 'forbidden' | 'missing' {
  if (principal.role === 'admin') return requested ?? 'missing';
  if (principal.role !== 'channel' || !principal.channel) return 'forbidden';
  return requested === undefined || requested === principal.channel ? principal.channel : 'forbidden';
}

export const MAX_URL_LENGTH = 2048;

const blocks = (ranges: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList => {
  const list = new BlockList();
  for (const [network, prefix, type] of ranges) list.addSubnet(network, prefix, type);
  return list;
};

/** Loopback: a receiver on the same machine (tests and development only). */
const LOOPBACK = blocks([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

/** Never a webhook's destination, anywhere: the unspecified address, link-local (cloud metadata at 169.254.169.254), multicast, reserved. */
const NEVER = blocks([
  ['0.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]);

/** Private networks: a production deployment must not be made to call into its own network (SSRF). */
const PRIVATE = blocks([
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);

/** Why a resolved address may not receive webhooks here, or null when it may. */
export function addressFault(address: string, production: boolean): string | null {
  const family = isIP(address);
  if (!family) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (NEVER.check(address, type)) return 'must not be an unspecified, link-local, multicast or reserved address';
  if (production && LOOPBACK.check(address, type)) return 'must not be a loopback address';
  if (production && PRIVATE.check(address, type)) return 'must not be a private network address';
  return null;
}

/**
 * Why a URL may not receive webhooks, or null when it may. http(s) only, no credentials or fragment;
 * in production https only (the pickup code travels in the body), and never to loopback or a private
 * network named by its address or as localhost. A name that resolves there is checked again before each
 * attempt (DeliverySender), which still leaves DNS rebinding between that check and the connection:
 * README "Webhooks" says what a production deployment adds.
 */
export function webhookUrlFault(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (production && url.protocol !== 'https:') return 'must be an https URL in production';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not carry a fragment';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (!host) return 'must name a host';
  if (production && (host === 'localhost' || host.endsWith('.localhost'))) return 'must not be a loopback address';
  return addressFault(host, production);
}

/** A fresh signing secret, shown once (in the answer that creates the subscription). */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
