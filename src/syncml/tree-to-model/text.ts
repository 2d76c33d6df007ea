import type { WbxmlElement } from '../../wbxml/index.ts';
import type { DecodeContext } from './context.ts';
import { fail } from './context.ts';

// ignoreBOM: a leading U+FEFF is data here, not a byte order mark.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The character data of a value element: text nodes and OPAQUE (reference §6.6: accept STR_I, STR_T
 * and OPAQUE for any PCDATA), trimmed: peers pad values with blanks and line breaks. Child elements
 * where text is due are reported and skipped.
 */
export function textValue(context: DecodeContext, element: WbxmlElement, where: string): string {
  return rawText(context, element, where).trim();
}

/** Like textValue, untrimmed. */
export function rawText(context: DecodeContext, element: WbxmlElement, where: string): string {
  const children = element.children;
  if (children.length === 1) {
    const only = children[0];
    if (only?.type === 'text') return only.value;
  }
  let value = '';
  for (const child of children) {
    if (child.type === 'text') value += child.value;
    else if (child.type === 'opaque') value += utf8(context, child.bytes, element, where);
    else
      context.warnings.push(
        `${where}: unexpected element <${child.name}> inside <${element.name}> was ignored`,
      );
  }
  return value;
}

function utf8(context: DecodeContext, bytes: Uint8Array, element: WbxmlElement, where: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return fail(
      context,
      'SCOMO_SYNCML_BAD_VALUE',
      `${where}: <${element.name}> holds OPAQUE bytes that are not UTF-8 text`,
      element,
    );
  }
}

/** A non-negative decimal integer (Meta Size, MaxMsgSize, MaxObjSize). */
export function integerValue(context: DecodeContext, element: WbxmlElement, where: string): number {
  const text = textValue(context, element, where);
  const value = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(value)) {
    fail(
      context,
      'SCOMO_SYNCML_BAD_VALUE',
      `${where}: <${element.name}> must be a non-negative decimal integer, got "${text}"`,
      element,
    );
  }
  return value;
}
