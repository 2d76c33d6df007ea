/**
 * Helpers shared by the wbxml tests (imported by *.test.ts only): byte builders, tree builders and a
 * seeded PRNG.
 */
import assert from 'node:assert/strict';
import { ScomoError } from './errors.ts';
import { encodeMbUint32 } from './mb-uint32.ts';
import type { WbxmlDocument, WbxmlElement, WbxmlNode, WbxmlText } from './tree.ts';

const utf8 = new TextEncoder();

/** Bytes from numbers (one byte each) and strings (their UTF-8 bytes, no terminator). */
export function bytes(...parts: (number | string | Uint8Array | readonly number[])[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') out.push(part);
    else if (typeof part === 'string') out.push(...utf8.encode(part));
    else out.push(...part);
  }
  return Uint8Array.from(out);
}

/** An inline string token: STR_I, the UTF-8 bytes, NUL. */
export function strI(text: string): number[] {
  return [0x03, ...utf8.encode(text), 0x00];
}

/** Bytes from a hex string; whitespace is ignored. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(data: Uint8Array): string {
  return Array.from(data, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** An element; `page` defaults to 0 (SyncML). */
export function el(
  name: string,
  children: (WbxmlNode | string)[] = [],
  page = 0,
  attributes: [string, string][] = [],
): WbxmlElement {
  return {
    type: 'element',
    name,
    page,
    attributes: attributes.map(([attributeName, value]) => ({ name: attributeName, value })),
    children: children.map((child) => (typeof child === 'string' ? text(child) : child)),
  };
}

/** A MetInf (page 1) element. */
export function metinf(name: string, children: (WbxmlNode | string)[] = []): WbxmlElement {
  return el(name, children, 1);
}

export function text(value: string): WbxmlText {
  return { type: 'text', value };
}

export function cdata(value: string): WbxmlText {
  return { type: 'text', value, cdata: true };
}

export function doc(root: WbxmlElement, publicId: number | string = 0x1201): WbxmlDocument {
  return { version: 2, publicId, charset: 106, root };
}

/** mulberry32: a small seeded PRNG, so fuzz failures reproduce. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Asserts that `run` throws a ScomoError with `code` (and `offset`, when given); returns it. */
export function expectWbxmlError(run: () => unknown, code: string, offset?: number): ScomoError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ScomoError, `expected a ScomoError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (offset !== undefined) assert.equal(caught.offset, offset, `offset of: ${caught.message}`);
  return caught;
}

/** WBXML 1.2, SyncML 1.2 (A4 01), UTF-8, empty string table. */
export const H12: readonly number[] = [0x02, 0xa4, 0x01, 0x6a, 0x00];

/** The same header with a string table holding `table` (its UTF-8 bytes, NULs included). */
export function h12(table: string): number[] {
  return [0x02, 0xa4, 0x01, 0x6a, ...encodeMbUint32(utf8.encode(table).length), ...utf8.encode(table)];
}
