/**
 * The on-disk form of a tree snapshot: one header line, then the JSON body.
 *
 *   scomo-tree/1 sha256=<64 hex digits> bytes=<body length>\n
 *   {"format":"scomo-tree","version":1,"root":{…}}
 *
 * The length and SHA-256 of the body detect a truncated or damaged file; the body is then validated
 * as a snapshot (parseSnapshot), so a file from an incompatible version is reported too.
 */
import { createHash } from 'node:crypto';
import { parseSnapshot } from '../../tree/index.ts';
import type { TreeSnapshot } from '../../tree/index.ts';

const MAGIC = 'scomo-tree/1';
const HEADER_RE = /^scomo-tree\/1 sha256=([0-9a-f]{64}) bytes=(\d+)$/;

export function encodeTreeFile(snapshot: TreeSnapshot): Buffer {
  const body = Buffer.from(JSON.stringify(snapshot), 'utf8');
  const digest = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([Buffer.from(`${MAGIC} sha256=${digest} bytes=${body.length}\n`, 'utf8'), body]);
}

export type TreeFileDecode =
  { readonly ok: true; readonly snapshot: TreeSnapshot } | { readonly ok: false; readonly reason: string };

export function decodeTreeFile(bytes: Uint8Array): TreeFileDecode {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nl = buf.indexOf(0x0a);
  if (nl < 0) return { ok: false, reason: 'no header line (file truncated or not a scomo tree file)' };
  const m = HEADER_RE.exec(buf.subarray(0, nl).toString('latin1'));
  if (!m) return { ok: false, reason: `bad header; expected "${MAGIC} sha256=<hex> bytes=<n>"` };
  const body = buf.subarray(nl + 1);
  const expected = Number(m[2]);
  if (body.length !== expected) {
    return { ok: false, reason: `body is ${body.length} bytes, header says ${expected} (truncated write?)` };
  }
  if (createHash('sha256').update(body).digest('hex') !== m[1])
    return { ok: false, reason: 'SHA-256 checksum mismatch' };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `body is not JSON (${(err as Error).message})` };
  }
  try {
    return { ok: true, snapshot: parseSnapshot(value) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
