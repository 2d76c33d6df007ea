import { syncmlError } from '../errors.ts';

/**
 * Throws when `value` cannot appear in an XML 1.0 document (§2.2: a C0 control other than TAB, LF and
 * CR, U+FFFE/U+FFFF, or a lone surrogate). `what` and `owner` (e.g. "text of", "Data") word the
 * error only, so the common case allocates nothing. One pass over the characters: this runs for every text node written.
 */
export function assertXmlText(value: string, what: string, owner: string): void {
  let surrogates = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 ? c < 0xd800 : c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c >= 0x20 && c !== 0xfffe && c !== 0xffff) {
      surrogates ||= c <= 0xdfff;
      continue;
    }
    const code = c.toString(16).toUpperCase().padStart(4, '0');
    throw syncmlError(
      'SCOMO_XML_UNREPRESENTABLE',
      `${what} <${owner}>: U+${code} cannot be written in XML 1.0; carry such values as bytes (written as base64)`,
    );
  }
  if (surrogates && !value.isWellFormed()) {
    throw syncmlError('SCOMO_XML_UNREPRESENTABLE', `${what} <${owner}>: text has a lone UTF-16 surrogate`);
  }
}

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL_ALL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\r\n\t]/;
const ATTR_SPECIAL_ALL = /[&<>"\r\n\t]/g;

const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Line-end normalisation (XML 1.0 §2.11) would turn a raw CR into LF; a reference keeps it.
  '\r': '&#13;',
  // Attribute-value normalisation (§3.3.3) would turn these into spaces.
  '\n': '&#10;',
  '\t': '&#9;',
};

const replace = (c: string): string => REFERENCES[c] as string;

/** Escapes character data: `& < >` and CR (so it survives line-end normalisation). */
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_ALL, replace) : value;
}

export function escapeAttribute(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL_ALL, replace) : value;
}

/**
 * A CDATA section holding `value` exactly: `]]>` is split across two sections, and a CR (which the
 * reader would normalise) leaves the section as a character reference.
 */
export function cdataSection(value: string): string {
  let body = value.includes(']]>') ? value.replaceAll(']]>', ']]]]><![CDATA[>') : value;
  if (body.includes('\r')) body = body.replaceAll('\r', ']]>&#13;<![CDATA[');
  return `<![CDATA[${body}]]>`;
}
