import type { WbxmlLanguage } from './languages.ts';
import { mbUint32Length } from './mb-uint32.ts';
import type { StringTableBuilder } from './string-table.ts';
import type { WbxmlElement } from './tree.ts';
import { utf8Length } from './utf8.ts';

/** Strings shorter than this (UTF-8 bytes) stay inline: a reference would not pay for itself. */
export const SHARED_STRING_MIN_BYTES = 4;

/**
 * Chooses the strings worth sharing through the string table (encoder option `stringTable: true`).
 *
 * Heuristic: whole text values (those the encoder would write as STR_I, i.e. not OPAQUE) and attribute
 * values that occur at least twice and are at least 4 UTF-8 bytes long, taken in the (deterministic)
 * order the walk meets them, each one kept only when it saves bytes at the offset it would get:
 * `count × (len + 2)` inline (STR_I + bytes + NUL) against `(len + 1) + count × (1 + |offset|)` shared
 * (one table entry + STR_T references). libwbxml also splits text into words; we share whole values
 * only, which keeps the table small and costs one map lookup per text node.
 */
export function planStringTable(
  root: WbxmlElement,
  language: WbxmlLanguage,
  table: StringTableBuilder,
): void {
  const counts = new Map<string, number>();
  const count = (text: string): void => {
    counts.set(text, (counts.get(text) ?? 0) + 1);
  };
  // Iterative walk (tree depth is not bounded by the call stack). `ancestors` runs from the root to
  // the parent of the element being visited, as the language's OPAQUE rule expects.
  const ancestors: WbxmlElement[] = [];
  const pending: WbxmlElement[][] = [[root]];
  while (pending.length > 0) {
    const siblings = pending[pending.length - 1] as WbxmlElement[];
    const element = siblings.pop();
    if (element === undefined) {
      pending.pop();
      ancestors.pop();
      continue;
    }
    // Malformed nodes are skipped here: the body writer reports them.
    if (!Array.isArray(element.attributes) || !Array.isArray(element.children)) continue;
    for (const attribute of element.attributes) {
      if (typeof attribute?.value === 'string') count(attribute.value);
    }
    let opaque: boolean | undefined;
    const childElements: WbxmlElement[] = [];
    for (const child of element.children) {
      if (child?.type === 'element') childElements.push(child);
      else if (child?.type === 'text' && child.cdata !== true && typeof child.value === 'string') {
        opaque ??= language.opaqueText?.(element, ancestors) ?? false;
        if (!opaque) count(child.value);
      }
    }
    if (childElements.length > 0) {
      ancestors.push(element);
      pending.push(childElements.reverse());
    }
  }
  for (const [text, occurrences] of counts) {
    if (occurrences < 2 || text.length * 3 < SHARED_STRING_MIN_BYTES) continue;
    const length = utf8Length(text);
    if (length < SHARED_STRING_MIN_BYTES) continue;
    const reference = 1 + mbUint32Length(table.length);
    if (length + 1 + occurrences * reference < occurrences * (length + 2)) {
      table.add(text, 'a shared string');
    }
  }
}
