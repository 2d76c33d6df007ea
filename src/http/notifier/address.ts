import { isIP } from 'node:net';
import { httpError } from '../errors.ts';

/**
 * Where package #0 goes, read from DeviceRecord.notifyAddress (set by the operator: `scomo device
 * DEVID --notify …`). The agent's listeners (docs/agent.md "Package #0") take:
 * - `http://host:port/path` or `https://…`: a POST with Content-Type application/vnd.syncml.notification;
 * - `udp://host:port`: one datagram (reference §4.3: the same bytes over any bearer).
 * Several addresses may be given, separated by commas or spaces: they are tried in order until one
 * delivers.
 */
export type NotifyTarget =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'udp'; readonly host: string; readonly port: number };

export const NOTIFY_SCHEMES = ['http:', 'https:', 'udp:'] as const;

/** Parses a notify address list; throws SCOMO_HTTP_NOTIFY_ADDRESS saying what is wrong. */
export function parseNotifyAddress(text: string): NotifyTarget[] {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) throw bad(text, 'it is empty');
  return parts.map((part) => parseOne(part));
}

function parseOne(text: string): NotifyTarget {
  if (!URL.canParse(text)) throw bad(text, 'it is not a URL');
  const url = new URL(text);
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return { kind: 'http', url: url.toString() };
    case 'udp:': {
      const port = Number(url.port);
      if (url.port === '' || !Number.isInteger(port) || port < 1 || port > 65_535) {
        throw bad(text, 'a udp: address needs a port 1–65535 (udp://host:port)');
      }
      // URL keeps IPv6 literals in brackets; sockets want them bare.
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      if (host === '') throw bad(text, 'a udp: address needs a host');
      return { kind: 'udp', host, port };
    }
    default:
      throw bad(text, `the scheme ${url.protocol} is not one of ${NOTIFY_SCHEMES.join(', ')}`);
  }
}

/** The UDP socket type for a host: IPv6 literals need udp6; names and IPv4 use udp4. */
export function udpFamily(host: string): 'udp4' | 'udp6' {
  return isIP(host) === 6 ? 'udp6' : 'udp4';
}

function bad(text: string, why: string) {
  return httpError(
    'SCOMO_HTTP_NOTIFY_ADDRESS',
    `Cannot notify at "${text}": ${why}. Expected http://host:port/path, https://… or udp://host:port.`,
  );
}
