import { hex, wbxmlError } from './errors.ts';
import type { StringTableReader } from './string-table.ts';
import { TokenReader, isExtensionToken } from './token-reader.ts';
import {
  ATTRIBUTE_VALUE_MIN,
  FIRST_PAGE_TOKEN,
  GLOBAL_TOKEN_NAMES,
  GLOBAL_TOKENS,
  TAG_HAS_ATTRIBUTES,
  TAG_HAS_CONTENT,
  TAG_TOKEN_MASK,
} from './tokens.ts';
import type { WbxmlAttribute, WbxmlElement, WbxmlText } from './tree.ts';

const T = GLOBAL_TOKENS;

export interface BodyParserInput {
  bytes: Uint8Array;
  bodyOffset: number;
  strings: StringTableReader;
  /** Per page: tag token → name (undefined when no language is known). */
  tagTables: readonly (readonly (string | undefined)[] | undefined)[] | undefined;
  languageName: string;
  maxDepth: number;
}

/**
 * Parses the body (WBXML 1.3 §5.8: `body = *pi element *pi`) into an element tree. Iterative, with
 * an explicit stack, so nesting is bounded by `maxDepth` and never by the JS call stack.
 */
export class BodyParser {
  readonly #in: TokenReader;
  readonly #tagTables: BodyParserInput['tagTables'];
  readonly #languageName: string;
  readonly #maxDepth: number;
  /** Tag and attribute code pages are independent and both start at 0 (WBXML 1.3 §5.8.1). */
  #tagPage = 0;
  #attributePage = 0;

  constructor(input: BodyParserInput) {
    this.#in = new TokenReader(input.bytes, input.bodyOffset, input.strings);
    this.#tagTables = input.tagTables;
    this.#languageName = input.languageName;
    this.#maxDepth = input.maxDepth;
  }

  parse(): WbxmlElement {
    const input = this.#in;
    this.#skipPis();
    const root = this.#parseElementTree();
    this.#skipPis();
    if (input.pos !== input.end) {
      throw wbxmlError(
        'SCOMO_WBXML_TRAILING_DATA',
        `${input.end - input.pos} bytes follow the end of the root element: expected end of input`,
        input.pos,
      );
    }
    return root;
  }

  #parseElementTree(): WbxmlElement {
    const input = this.#in;
    const bytes = input.bytes;
    while (input.peek('a root element') === T.SWITCH_PAGE) this.#tagPage = input.readPageSwitch();
    const rootHasContent = (input.peek('a root element') & TAG_HAS_CONTENT) !== 0;
    const root = this.#readElementStart();
    if (!rootHasContent) return root;
    const open: WbxmlElement[] = [root];
    // The text node that the next STR_I / STR_T / ENTITY piece merges into, while no other node
    // (element, OPAQUE) or END intervenes.
    let lastText: WbxmlText | undefined;
    while (open.length > 0) {
      const parent = open[open.length - 1] as WbxmlElement;
      if (input.pos >= input.end) {
        throw wbxmlError(
          'SCOMO_WBXML_TRUNCATED',
          `input ends inside <${parent.name}>: expected content or END`,
          input.pos,
        );
      }
      const token = bytes[input.pos] as number;
      switch (token) {
        case T.SWITCH_PAGE:
          // A page switch may come right before END: the page then persists for the next tag.
          this.#tagPage = input.readPageSwitch();
          break;
        case T.END:
          input.pos++;
          open.pop();
          lastText = undefined;
          break;
        case T.STR_I:
          lastText = appendText(parent, lastText, input.readInlineString());
          break;
        case T.STR_T:
          lastText = appendText(parent, lastText, input.readTableString());
          break;
        case T.ENTITY:
          lastText = appendText(parent, lastText, input.readEntity());
          break;
        case T.OPAQUE:
          parent.children.push({ type: 'opaque', bytes: input.readOpaque() });
          lastText = undefined;
          break;
        case T.PI:
          this.#skipPi();
          break;
        default: {
          if (isExtensionToken(token)) throw input.extensionError(token);
          // A tag: a page token or LITERAL / LITERAL_A / LITERAL_C / LITERAL_AC.
          if (open.length >= this.#maxDepth) {
            throw wbxmlError(
              'SCOMO_WBXML_TOO_DEEP',
              `element nesting exceeds the limit of ${this.#maxDepth} levels (maxDepth)`,
              input.pos,
            );
          }
          const child = this.#readElementStart();
          parent.children.push(child);
          lastText = undefined;
          if ((token & TAG_HAS_CONTENT) !== 0) open.push(child);
        }
      }
    }
    return root;
  }

  /** Reads a tag byte (plus LITERAL index and attributes); the caller handled SWITCH_PAGE. */
  #readElementStart(): WbxmlElement {
    const input = this.#in;
    const offset = input.pos;
    const tagByte = input.bytes[input.pos++] as number;
    const token = tagByte & TAG_TOKEN_MASK;
    let name: string;
    if (token === T.LITERAL) {
      name = input.readLiteralName('tag');
    } else if (token < FIRST_PAGE_TOKEN) {
      if (isExtensionToken(tagByte)) throw input.extensionError(tagByte, offset);
      throw wbxmlError(
        'SCOMO_WBXML_UNEXPECTED_TOKEN',
        `expected a tag, found global token ${GLOBAL_TOKEN_NAMES.get(tagByte) ?? hex(tagByte)}`,
        offset,
      );
    } else {
      const found = this.#tagTables?.[this.#tagPage]?.[token];
      if (found === undefined) {
        throw wbxmlError(
          'SCOMO_WBXML_UNKNOWN_TAG',
          `unknown tag token ${hex(token)} on code page ${hex(this.#tagPage)} (${this.#languageName})`,
          offset,
        );
      }
      name = found;
    }
    const element: WbxmlElement = {
      type: 'element',
      name,
      page: this.#tagPage,
      attributes: [],
      children: [],
    };
    if ((tagByte & TAG_HAS_ATTRIBUTES) !== 0) element.attributes = this.#readAttributes(name);
    return element;
  }

  /**
   * `1*attribute END` (WBXML 1.3 §5.8.3). Our languages define no attribute tokens, so only LITERAL
   * attribute names work; values may be STR_I, STR_T, ENTITY or OPAQUE (read as UTF-8) pieces.
   */
  #readAttributes(elementName: string): WbxmlAttribute[] {
    const input = this.#in;
    const attributes: WbxmlAttribute[] = [];
    let current: WbxmlAttribute | undefined;
    for (;;) {
      const token = input.peek(`an attribute of <${elementName}> or END`);
      switch (token) {
        case T.SWITCH_PAGE:
          this.#attributePage = input.readPageSwitch();
          break;
        case T.END:
          input.pos++;
          return attributes;
        case T.LITERAL:
          input.pos++;
          current = { name: input.readLiteralName('attribute'), value: '' };
          attributes.push(current);
          break;
        case T.STR_I:
        case T.STR_T:
        case T.ENTITY:
        case T.OPAQUE:
          if (current === undefined) {
            throw wbxmlError(
              'SCOMO_WBXML_UNEXPECTED_TOKEN',
              `attribute value of <${elementName}> before any attribute name`,
              input.pos,
            );
          }
          current.value += input.readValuePiece(token);
          break;
        case T.PI:
        case T.LITERAL_A:
        case T.LITERAL_C:
        case T.LITERAL_AC:
          throw wbxmlError(
            'SCOMO_WBXML_UNEXPECTED_TOKEN',
            `${GLOBAL_TOKEN_NAMES.get(token)} inside the attribute list of <${elementName}>`,
            input.pos,
          );
        default:
          if (isExtensionToken(token)) throw input.extensionError(token);
          throw wbxmlError(
            'SCOMO_WBXML_UNKNOWN_ATTRIBUTE',
            `unknown attribute ${token < ATTRIBUTE_VALUE_MIN ? 'start' : 'value'} token ${hex(token)} on attribute code page ${hex(this.#attributePage)} (${this.#languageName} defines no attribute tokens)`,
            input.pos,
          );
      }
    }
  }

  /**
   * Skips a processing instruction (`PI attrStart *attrValue END`, WBXML 1.3 §5.8.4.4): DM carries
   * none, and a PI has no place in the element tree. Its tokens need no table to be skipped.
   */
  #skipPi(): void {
    const input = this.#in;
    const start = input.pos++;
    let hasTarget = false;
    for (;;) {
      const token = input.peek(`END of the processing instruction at offset ${start}`);
      switch (token) {
        case T.END:
          if (!hasTarget) {
            throw wbxmlError(
              'SCOMO_WBXML_UNEXPECTED_TOKEN',
              'processing instruction without a target',
              input.pos,
            );
          }
          input.pos++;
          return;
        case T.SWITCH_PAGE:
          this.#attributePage = input.readPageSwitch();
          break;
        case T.LITERAL:
          input.pos++;
          input.readLiteralName('processing instruction target');
          hasTarget = true;
          break;
        case T.STR_I:
        case T.STR_T:
        case T.ENTITY:
        case T.OPAQUE:
          if (!hasTarget) throw valueBeforeTarget(input.pos);
          input.readValuePiece(token);
          break;
        case T.PI:
        case T.LITERAL_A:
        case T.LITERAL_C:
        case T.LITERAL_AC:
          throw wbxmlError(
            'SCOMO_WBXML_UNEXPECTED_TOKEN',
            `${GLOBAL_TOKEN_NAMES.get(token)} inside a processing instruction`,
            input.pos,
          );
        default:
          if (isExtensionToken(token)) throw input.extensionError(token);
          // An ATTRSTART (target) or ATTRVALUE token of the attribute code page: skipped unread.
          if (token < ATTRIBUTE_VALUE_MIN) hasTarget = true;
          else if (!hasTarget) throw valueBeforeTarget(input.pos);
          input.pos++;
      }
    }
  }

  #skipPis(): void {
    const input = this.#in;
    while (input.pos < input.end && input.bytes[input.pos] === T.PI) this.#skipPi();
  }
}

function valueBeforeTarget(offset: number) {
  return wbxmlError('SCOMO_WBXML_UNEXPECTED_TOKEN', 'processing instruction value before its target', offset);
}

/** Merges a text piece into `last`, or starts a new text node; returns the node that holds it. */
function appendText(parent: WbxmlElement, last: WbxmlText | undefined, text: string): WbxmlText {
  if (last !== undefined) {
    last.value += text;
    return last;
  }
  const node: WbxmlText = { type: 'text', value: text };
  parent.children.push(node);
  return node;
}
