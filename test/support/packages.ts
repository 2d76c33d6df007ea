/**
 * Builds real SCOMO packages for tests: tar.gz, tar or zip archives with a scomo.json manifest, hook
 * scripts, optional detached Ed25519 signatures, and the malformed archives the safety tests need
 * (path escapes, links, device files, lying sizes). The writers are deliberately independent of the
 * readers in src/agent/packages: ustar per POSIX, zip per PKWARE APPNOTE.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';

export interface ArchiveEntrySpec {
  readonly path: string;
  readonly type?: EntryType;
  readonly content?: string | Uint8Array;
  /** Permission bits; default 0644 for files, 0755 for directories. */
  readonly mode?: number;
  readonly linkTarget?: string;
  /** zip only: the uncompressed size written in the headers, to make an entry lie about its size. */
  readonly declaredSize?: number;
  /** zip only: store instead of deflate. */
  readonly stored?: boolean;
}

export type PackageFormat = 'tar.gz' | 'tar' | 'zip';

export interface ComponentSpec {
  readonly id: string;
  readonly name?: string;
  readonly version: string;
  readonly description?: string;
  readonly envType?: string;
  readonly dependsOn?: readonly { readonly id: string; readonly version?: string }[];
}

export interface BuildPackageOptions {
  readonly format?: PackageFormat;
  readonly packageId?: string;
  readonly version?: string;
  readonly components?: readonly ComponentSpec[];
  readonly envType?: string;
  /** Hook script bodies (shell); written as hooks/<name>.sh, mode 0755, and named in the manifest. */
  readonly hooks?: Readonly<Partial<Record<'install' | 'activate' | 'deactivate' | 'remove', string>>>;
  /** Extra entries, after scomo.json and the hooks. */
  readonly files?: readonly ArchiveEntrySpec[];
  /** Replaces the generated manifest: an object (serialized), raw text, or null for none at all. */
  readonly manifest?: object | string | null;
  /** Writes `<file>.sig`: Ed25519 over the digest statement (default) or over the raw bytes. */
  readonly signWith?: KeyObject;
  readonly signatureMode?: 'statement' | 'raw';
}

export interface BuiltPackage {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly manifest: object | string | null;
}

/** The manifest buildPackage writes by default for the given options. */
export function defaultManifest(options: BuildPackageOptions): object {
  const components = options.components ?? [{ id: 'com.example.app', version: '1.0.0' }];
  const hooks = Object.fromEntries(
    Object.keys(options.hooks ?? {}).map((name) => [name, `hooks/${name}.sh`]),
  );
  return {
    packageId: options.packageId ?? 'pkg-example',
    version: options.version ?? '1.0.0',
    components: components.map((c) => ({ ...c, name: c.name ?? `${c.id} name` })),
    ...(options.envType === undefined ? {} : { envType: options.envType }),
    ...(Object.keys(hooks).length === 0 ? {} : { hooks }),
  };
}

/** Writes a package into `dir` as `fileName` and returns its path, digest and bytes. */
export async function buildPackage(
  dir: string,
  fileName: string,
  options: BuildPackageOptions = {},
): Promise<BuiltPackage> {
  const manifest = options.manifest === undefined ? defaultManifest(options) : options.manifest;
  const entries: ArchiveEntrySpec[] = [];
  if (manifest !== null) {
    entries.push({
      path: 'scomo.json',
      content: typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2),
    });
  }
  for (const [name, body] of Object.entries(options.hooks ?? {})) {
    entries.push({ path: `hooks/${name}.sh`, content: `#!/bin/sh\n${body}\n`, mode: 0o755 });
  }
  entries.push(...(options.files ?? [{ path: 'payload/readme.txt', content: 'hello from the package\n' }]));
  const bytes = archive(options.format ?? 'tar.gz', entries);
  const path = join(dir, fileName);
  await writeFile(path, bytes);
  if (options.signWith !== undefined)
    await writeFile(`${path}.sig`, signPackageBytes(bytes, options.signWith, options.signatureMode));
  return { path, sha256: sha256Hex(bytes), size: bytes.length, bytes, manifest };
}

export function archive(format: PackageFormat, entries: readonly ArchiveEntrySpec[]): Uint8Array {
  switch (format) {
    case 'tar':
      return tarArchive(entries);
    case 'tar.gz':
      return gzipSync(tarArchive(entries));
    case 'zip':
      return zipArchive(entries);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fresh Ed25519 key pair, with the public key also as SPKI PEM and as 32 raw bytes. */
export function generateSigningKey(): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  publicRaw: Uint8Array;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKey, publicPem, publicRaw: Buffer.from(jwk.x ?? '', 'base64url') };
}

/** The detached signature of package bytes, 64 raw bytes (see signatureStatement in src/agent/packages). */
export function signPackageBytes(
  bytes: Uint8Array,
  key: KeyObject,
  mode: 'statement' | 'raw' = 'statement',
): Uint8Array {
  const message =
    mode === 'raw'
      ? bytes
      : new TextEncoder().encode(`scomo-package-signature-v1\nsha256:${sha256Hex(bytes)}\n`);
  return sign(null, message, key);
}

// ---------------------------------------------------------------- ustar writer (POSIX.1-1988 + pax)

const TAR_TYPE: Readonly<Record<EntryType, string>> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  chardev: '3',
  dir: '5',
  fifo: '6',
};

export function tarArchive(entries: readonly ArchiveEntrySpec[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const body = type === 'file' ? toBytes(entry.content ?? '') : new Uint8Array(0);
    const name = type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
    const link = entry.linkTarget ?? '';
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(link) > 100) {
      // A pax extended header carries what does not fit the 100-byte fields.
      const records = [paxRecord('path', name), ...(link === '' ? [] : [paxRecord('linkpath', link)])].join(
        '',
      );
      const pax = new TextEncoder().encode(records);
      blocks.push(tarHeader('PaxHeader', 'x', pax.length, 0o644, ''), pad(pax));
    }
    const mode = entry.mode ?? (type === 'dir' ? 0o755 : 0o644);
    blocks.push(
      tarHeader(name.slice(0, 100), TAR_TYPE[type], body.length, mode, link.slice(0, 100)),
      pad(body),
    );
  }
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks);
}

function paxRecord(key: string, value: string): string {
  const text = ` ${key}=${value}\n`;
  const bytes = Buffer.byteLength(text);
  // The length counts its own digits: settle on a fixed point (at most two steps).
  let length = bytes + String(bytes).length;
  length = bytes + String(length).length;
  return `${length}${text}`;
}

function tarHeader(name: string, type: string, size: number, mode: number, link: string): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(mode, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(1_700_000_000, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(type, 156, 'ascii');
  header.write(link, 157, 100, 'utf8');
  header.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return header;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

function pad(bytes: Uint8Array): Uint8Array {
  const padded = Buffer.alloc(Math.ceil(bytes.length / 512) * 512);
  padded.set(bytes);
  return padded;
}

// ---------------------------------------------------------------- zip writer (APPNOTE 6.3)

const UNIX_TYPE: Readonly<Record<EntryType, number>> = {
  file: 0o100000,
  dir: 0o040000,
  symlink: 0o120000,
  hardlink: 0o100000,
  chardev: 0o020000,
  fifo: 0o010000,
};

export function zipArchive(entries: readonly ArchiveEntrySpec[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const name = Buffer.from(
      type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path,
      'utf8',
    );
    const data =
      type === 'symlink'
        ? toBytes(entry.linkTarget ?? '')
        : type === 'file'
          ? toBytes(entry.content ?? '')
          : new Uint8Array(0);
    const stored = entry.stored === true || data.length === 0;
    const compressed = stored ? data : deflateRawSync(data);
    const crc = crc32(data);
    const size = entry.declaredSize ?? data.length;
    const method = stored ? 0 : 8;
    const mode = (UNIX_TYPE[type] | (entry.mode ?? (type === 'dir' ? 0o755 : 0o644))) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(((mode << 16) | (type === 'dir' ? 0x10 : 0)) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.length + compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
