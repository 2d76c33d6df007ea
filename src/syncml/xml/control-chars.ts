import { FORBIDDEN_CONTROL, FORBIDDEN_CONTROL_ALL } from './xml-chars.ts';

/**
 * C0 control characters other than TAB, LF and CR are not XML characters (XML 1.0 §2.2), yet some
 * clients leave them in Data (a C string's NUL, a stray 0x1A). A known deviation: they are removed
 * before parsing and the removal is reported as a warning.
 */

export function stripControlCharacters(text: string, warnings: string[]): string {
  const first = text.search(FORBIDDEN_CONTROL);
  if (first < 0) return text;
  let count = 0;
  const stripped = text.replace(FORBIDDEN_CONTROL_ALL, () => {
    count++;
    return '';
  });
  const { line, column } = lineAndColumn(text, first);
  const code = text.charCodeAt(first).toString(16).toUpperCase().padStart(4, '0');
  warnings.push(
    `removed ${count} control character(s) XML 1.0 does not allow (first U+${code} at line ${line}, column ${column})`,
  );
  return stripped;
}

/** 1-based line and column of `index` in `text`. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}
