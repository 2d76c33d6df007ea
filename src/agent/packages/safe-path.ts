import { posix } from 'node:path';
import { packageError } from './errors.ts';

/** Longest entry path accepted (Linux PATH_MAX), and longest single segment (NAME_MAX). */
const MAX_PATH = 4096;
const MAX_SEGMENT_BYTES = 255;

/**
 * The canonical relative path of an archive entry inside the install directory, or undefined when it
 * names the directory itself ("./", "."). Refuses what could land outside it or mean something else on
 * another system: absolute paths, drive letters, backslashes, NUL, and any ".." segment (even one that
 * would stay inside: an archive has no reason to write "a/../b", and refusing is simpler to trust).
 */
export function normalizeEntryPath(raw: string): string | undefined {
  const problem = entryPathProblem(raw);
  if (problem !== undefined) {
    throw packageError('SCOMO_PACKAGE_UNSAFE_ENTRY', `Archive entry "${printable(raw)}" ${problem}.`);
  }
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length === 0 ? undefined : segments.join('/');
}

function entryPathProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'has an empty name';
  if (raw.length > MAX_PATH) return `has a name longer than ${MAX_PATH} characters`;
  if (raw.includes('\0')) return 'contains a NUL character';
  if (raw.includes('\\')) return 'uses a backslash; archive paths use / separators';
  if (raw.startsWith('/')) return 'is an absolute path; entries must be relative to the package root';
  if (/^[A-Za-z]:/.test(raw))
    return 'starts with a drive letter; entries must be relative to the package root';
  const segments = raw.split('/');
  if (segments.includes('..')) return 'contains a ".." segment, which could escape the install directory';
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    return `has a path segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Checks the target of a symbolic link at `entry` (canonical, relative): it must be relative and,
 * resolved from the link's directory, stay inside the install directory. Returns the resolved
 * canonical path of what it points to.
 */
export function checkSymlinkTarget(entry: string, target: string): string {
  const fail = (why: string): never => {
    throw packageError(
      'SCOMO_PACKAGE_UNSAFE_ENTRY',
      `Archive symlink "${printable(entry)}" -> "${printable(target)}" ${why}.`,
    );
  };
  if (target.length === 0) fail('has an empty target');
  if (target.length > MAX_PATH) fail(`has a target longer than ${MAX_PATH} characters`);
  if (target.includes('\0')) fail('has a NUL character in its target');
  if (target.includes('\\')) fail('uses a backslash in its target');
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) fail('points to an absolute path');
  const resolved = posix.normalize(posix.join(posix.dirname(entry), target));
  if (resolved === '..' || resolved.startsWith('../')) fail('points outside the install directory');
  return resolved === '.' ? '' : resolved;
}

/** A name safe to put in an error message: control characters escaped, length bounded. */
export function printable(text: string): string {
  const escaped = JSON.stringify(text.slice(0, 200)).slice(1, -1);
  return text.length > 200 ? `${escaped}…` : escaped;
}
