import { securityError } from './errors.ts';
import { fromB64, toB64 } from './base64.ts';
import { fromUtf8, utf8 } from './utf8.ts';

// syncml:auth-basic, Format b64: Data = B64(name ":" password) (DM 1.2 Security §5.3.1; reference §3.2).

export interface BasicCredential {
  readonly name: string;
  readonly password: string;
}

/** The Cred Data of `syncml:auth-basic`. The name may not contain ':' (it could not be parsed back). */
export function basicCredential(name: string, password: string): string {
  if (name.includes(':')) {
    throw securityError(
      'SCOMO_BASIC_BAD_NAME',
      "A basic-auth user name may not contain ':'; the first ':' separates name and password.",
    );
  }
  return toB64(utf8(`${name}:${password}`));
}

/** Parses the Cred Data of `syncml:auth-basic`; the first ':' separates name and password. */
export function parseBasic(data: string): BasicCredential {
  const bytes = fromB64(data);
  if (bytes === undefined) {
    throw securityError(
      'SCOMO_BASIC_BAD_B64',
      'Basic Cred Data is not base64; expected B64(name ":" password).',
    );
  }
  const text = fromUtf8(bytes);
  if (text === undefined) {
    throw securityError(
      'SCOMO_BASIC_BAD_UTF8',
      'Basic Cred Data does not decode to UTF-8 text; expected name ":" password.',
    );
  }
  const colon = text.indexOf(':');
  if (colon < 0) {
    throw securityError(
      'SCOMO_BASIC_NO_COLON',
      'Basic Cred Data has no \':\'; expected B64(name ":" password).',
    );
  }
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}
