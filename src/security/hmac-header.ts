import { securityError } from './errors.ts';
import { fromB64 } from './base64.ts';

// The x-syncml-hmac transport header (DM 1.2 Security §5.5; reference §3.4):
//   x-syncml-hmac: algorithm=MD5, username="Bruce2", mac=Z3N5JSyM0WRxUaie7OIsnw==
// algorithm is optional (default MD5); username (quoted) and mac (base64) are mandatory.

export const HMAC_HEADER_NAME = 'x-syncml-hmac';

export const HMAC_ALGORITHMS = ['MD5'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export interface HmacHeader {
  readonly algorithm: HmacAlgorithm;
  readonly username: string;
  /** The mac as received (base64 of the 16-byte MD5). */
  readonly mac: string;
}

export interface HmacHeaderInput {
  readonly algorithm?: HmacAlgorithm;
  readonly username: string;
  readonly mac: string;
}

const MD5_LENGTH = 16;
// Control characters would let a user name break out of the header line.
function hasControl(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** The header value, canonical: every parameter present, username quoted. */
export function formatHmacHeader(input: HmacHeaderInput): string {
  const algorithm = input.algorithm ?? 'MD5';
  if (!HMAC_ALGORITHMS.includes(algorithm)) {
    throw securityError(
      'SCOMO_HMAC_UNKNOWN_ALGORITHM',
      `Unknown HMAC algorithm '${String(algorithm)}'; expected MD5.`,
    );
  }
  if (input.username === '' || hasControl(input.username)) {
    throw securityError(
      'SCOMO_HMAC_BAD_USERNAME',
      'The HMAC username must be non-empty and free of control characters.',
    );
  }
  checkMac(input.mac);
  const quoted = input.username.replace(/["\\]/g, (c) => `\\${c}`);
  return `algorithm=${algorithm}, username="${quoted}", mac=${input.mac}`;
}

/**
 * Parses the header value leniently: any spacing, any parameter order, quotes optional,
 * case-insensitive keys and algorithm, unknown parameters ignored. Throws SCOMO_HMAC_* when the
 * value is malformed, repeats a parameter, lacks username or mac, or names another algorithm.
 */
export function parseHmacHeader(value: string): HmacHeader {
  const params = readParams(value);
  const algorithmText = params.get('algorithm');
  let algorithm: HmacAlgorithm = 'MD5';
  if (algorithmText !== undefined) {
    const found = HMAC_ALGORITHMS.find((a) => a.toLowerCase() === algorithmText.toLowerCase());
    if (found === undefined) {
      throw securityError(
        'SCOMO_HMAC_UNKNOWN_ALGORITHM',
        `Unknown HMAC algorithm '${algorithmText}'; expected MD5.`,
      );
    }
    algorithm = found;
  }
  const username = params.get('username');
  if (username === undefined || username === '') {
    throw securityError(
      'SCOMO_HMAC_MISSING_USERNAME',
      'The x-syncml-hmac header has no username="…" parameter.',
    );
  }
  const mac = params.get('mac');
  if (mac === undefined || mac === '') {
    throw securityError('SCOMO_HMAC_MISSING_MAC', 'The x-syncml-hmac header has no mac=… parameter.');
  }
  checkMac(mac);
  return { algorithm, username, mac };
}

function checkMac(mac: string): void {
  if (fromB64(mac)?.length !== MD5_LENGTH) {
    throw securityError('SCOMO_HMAC_BAD_MAC', `The HMAC mac '${mac}' is not base64 of a 16-byte MD5 digest.`);
  }
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Splits `key=value, key="quoted \" value"` into a map of lower-case keys. */
function readParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  const malformed = (what: string) =>
    securityError('SCOMO_HMAC_MALFORMED', `Malformed x-syncml-hmac header at offset ${i}: ${what}.`, i);
  while (i < text.length) {
    if (isSpace(text[i]) || text[i] === ',') {
      i++;
      continue;
    }
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && text[i] !== ',') i++;
    if (text[i] !== '=') throw malformed('expected key=value');
    const key = text.slice(keyStart, i).trim().toLowerCase();
    if (key === '') throw malformed('expected a parameter name before "="');
    i++;
    while (isSpace(text[i])) i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const c = text[i];
        if (c === undefined) throw malformed('unterminated quoted string');
        if (c === '"') break;
        if (c === '\\') {
          i++;
          const escaped = text[i];
          if (escaped === undefined) throw malformed('unterminated quoted string');
          value += escaped;
        } else {
          value += c;
        }
        i++;
      }
      i++;
      while (isSpace(text[i])) i++;
      if (i < text.length && text[i] !== ',') throw malformed('expected "," after a quoted value');
    } else {
      const valueStart = i;
      while (i < text.length && text[i] !== ',') {
        if (text[i] === '"') throw malformed('stray quote in an unquoted value');
        i++;
      }
      value = text.slice(valueStart, i).trim();
    }
    if (params.has(key)) {
      throw securityError(
        'SCOMO_HMAC_DUPLICATE_PARAM',
        `The x-syncml-hmac header repeats the '${key}' parameter.`,
        keyStart,
      );
    }
    params.set(key, value);
  }
  return params;
}
