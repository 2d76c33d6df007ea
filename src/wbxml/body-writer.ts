import type { ByteWriter } from './byte-writer.ts';
import type { CompiledLanguage } from './compiled-language.ts';
import { wbxmlError } from './errors.ts';
import type { WbxmlLanguage } from './languages.ts';
import type { StringTableBuilder } from './string-table.ts';
import { GLOBAL_TOKENS, TAG_HAS_ATTRIBUTES, TAG_HAS_CONTENT } from './tokens.ts';
import type { WbxmlElement } from './tree.ts';

const T = GLOBAL_TOKENS;

/**
 * The body, by an iterative walk (tree depth is not bounded by the JS call stack). `open` holds the
 * elements whose END is pending; `opaque` caches, per open element, the language's OPAQUE decision
 * for its text (0 unknown, 1 no, 2 yes) so that `opaqueText` runs at most once per element.
 */
export function writeBody(
  out: ByteWriter,
  root: WbxmlElement,
  language: WbxmlLanguage,
  compiled: CompiledLanguage,
  table: StringTableBuilder,
  useTable: boolean,
): void {
  const opaqueText = language.opaqueText;
  const tokenMaps = compiled.tokenMaps;
  let page = 0;

  const writeString = (text: string, where: string): void => {
    const offset = useTable ? table.offsetOf(text) : undefined;
    if (offset !== undefined) {
      out.byte(T.STR_T);
      out.mbUint32(offset);
    } else {
      out.byte(T.STR_I);
      out.utf8(text, true, where);
      out.byte(0);
    }
  };

  const writeOpaqueText = (text: string, where: string): void => {
    out.byte(T.OPAQUE);
    out.opaqueUtf8(text, where);
  };

  /** Writes the start of `element` (page switch, tag, attributes); returns whether it has content. */
  const writeStart = (element: WbxmlElement): boolean => {
    const { name, attributes, children } = element;
    if (typeof name !== 'string' || name === '' || !Array.isArray(attributes) || !Array.isArray(children)) {
      throw wbxmlError(
        'SCOMO_WBXML_ENCODE_BAD_TREE',
        `element ${JSON.stringify(name)} is not a well-formed WbxmlElement`,
      );
    }
    if (element.page !== page) {
      const next = element.page;
      if (!Number.isInteger(next) || next < 0 || next > 0xff) {
        throw wbxmlError(
          'SCOMO_WBXML_ENCODE_BAD_TREE',
          `element <${name}> has code page ${next}: expected 0..255`,
        );
      }
      // WBXML 1.3 §5.8.4.7: SWITCH_PAGE changes the tag page until the next switch.
      out.byte(T.SWITCH_PAGE);
      out.byte(next);
      page = next;
    }
    const hasContent = children.length > 0;
    const bits = (hasContent ? TAG_HAS_CONTENT : 0) | (attributes.length > 0 ? TAG_HAS_ATTRIBUTES : 0);
    const token = tokenMaps[page]?.get(name);
    if (token !== undefined) out.byte(token | bits);
    else {
      out.byte(T.LITERAL | bits);
      out.mbUint32(table.add(name, 'a tag name'));
    }
    if (attributes.length > 0) {
      for (const attribute of attributes) {
        if (
          typeof attribute?.name !== 'string' ||
          attribute.name === '' ||
          typeof attribute.value !== 'string'
        ) {
          throw wbxmlError(
            'SCOMO_WBXML_ENCODE_BAD_TREE',
            `an attribute of <${name}> is not a name/value string pair`,
          );
        }
        // No DM language has attribute tokens: the name is always LITERAL (WBXML 1.3 §5.8.3).
        out.byte(T.LITERAL);
        out.mbUint32(table.add(attribute.name, 'an attribute name'));
        if (attribute.value !== '') writeString(attribute.value, attribute.name);
      }
      out.byte(T.END);
    }
    return hasContent;
  };

  if (!writeStart(root)) return;
  const open: WbxmlElement[] = [root];
  const nextChild: number[] = [0];
  const opaque: number[] = [0];
  while (open.length > 0) {
    const top = open.length - 1;
    const element = open[top] as WbxmlElement;
    const index = nextChild[top] as number;
    if (index >= element.children.length) {
      out.byte(T.END);
      open.pop();
      nextChild.pop();
      opaque.pop();
      continue;
    }
    nextChild[top] = index + 1;
    const child = element.children[index];
    switch (child?.type) {
      case 'element':
        if (writeStart(child)) {
          open.push(child);
          nextChild.push(0);
          opaque.push(0);
        }
        break;
      case 'text': {
        const text = child.value;
        if (typeof text !== 'string') {
          throw wbxmlError(
            'SCOMO_WBXML_ENCODE_BAD_TREE',
            `a text child of <${element.name}> has no string value`,
          );
        }
        if (child.cdata === true) {
          if (text !== '') writeOpaqueText(text, element.name);
          break;
        }
        let decision = opaque[top] as number;
        if (decision === 0) {
          // The element's ancestors are `open` without its last entry: pop it for the call.
          open.pop();
          decision = opaqueText?.(element, open) === true ? 2 : 1;
          open.push(element);
          opaque[top] = decision;
        }
        if (decision === 2) writeOpaqueText(text, element.name);
        else writeString(text, element.name);
        break;
      }
      case 'opaque':
        if (!(child.bytes instanceof Uint8Array)) {
          throw wbxmlError(
            'SCOMO_WBXML_ENCODE_BAD_TREE',
            `an opaque child of <${element.name}> has no Uint8Array bytes`,
          );
        }
        out.byte(T.OPAQUE);
        out.mbUint32(child.bytes.length);
        out.bytes(child.bytes);
        break;
      default:
        throw wbxmlError(
          'SCOMO_WBXML_ENCODE_BAD_TREE',
          `child ${index} of <${element.name}> is not an element, text or opaque node`,
        );
    }
  }
}
