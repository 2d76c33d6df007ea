import type { ArchiveEntry } from './archive-types.ts';
import { packageError } from './errors.ts';
import { checkSymlinkTarget, normalizeEntryPath, printable } from './safe-path.ts';

type Known = 'file' | 'directory' | 'symlink';

/** What to do for an entry that passed the checks. */
export type CheckedEntry =
  | { readonly kind: 'skip' }
  | {
      readonly kind: 'directory' | 'file' | 'symlink' | 'hardlink';
      /** Canonical relative path. */
      readonly path: string;
      /** Ancestors that do not exist yet, outermost first: create them as directories. */
      readonly parents: readonly string[];
      /** The symlink target as stored, or the canonical path of the file a hardlink repeats. */
      readonly linkTarget?: string;
    };

/**
 * The safety rules for archive entries, applied in archive order (README "Package format"): paths are
 * canonical and relative; nothing lies below a file or a symlink (nothing is ever written through a
 * link); symlinks are relative and resolve inside the package; hardlinks repeat a file seen before;
 * device files, FIFOs and sockets are refused; a name appears once (directories may repeat). Shared
 * by extraction and by the dry-run scan that validates a package before it is accepted.
 */
export class EntryChecker {
  readonly #known = new Map<string, Known>();

  check(entry: ArchiveEntry): CheckedEntry {
    const path = normalizeEntryPath(entry.path);
    if (path === undefined) {
      if (entry.kind === 'directory') return { kind: 'skip' };
      throw unsafe(`Archive entry "${printable(entry.path)}" names the package root itself.`);
    }
    if (entry.kind === 'other') {
      throw unsafe(
        `Archive entry "${printable(path)}" is a ${entry.detail ?? 'special file'}; packages may hold only files, directories and links.`,
      );
    }
    const parents: string[] = [];
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const ancestor = segments.slice(0, i).join('/');
      const kind = this.#known.get(ancestor);
      if (kind === 'directory') continue;
      if (kind !== undefined) {
        throw unsafe(
          `Archive entry "${printable(path)}" lies below "${printable(ancestor)}", which is a ${kind}; nothing is written through links or files.`,
        );
      }
      parents.push(ancestor);
    }
    const existing = this.#known.get(path);
    if (existing !== undefined && !(existing === 'directory' && entry.kind === 'directory')) {
      throw unsafe(`Archive entry "${printable(path)}" appears twice.`);
    }
    let linkTarget: string | undefined;
    if (entry.kind === 'symlink') {
      checkSymlinkTarget(path, entry.linkTarget ?? '');
      linkTarget = entry.linkTarget ?? '';
    }
    if (entry.kind === 'hardlink') {
      const source = normalizeEntryPath(entry.linkTarget ?? '');
      if (source === undefined || this.#known.get(source) !== 'file') {
        throw unsafe(
          `Archive hardlink "${printable(path)}" -> "${printable(entry.linkTarget ?? '')}" does not repeat a file extracted before it.`,
        );
      }
      linkTarget = source;
    }
    for (const parent of parents) this.#known.set(parent, 'directory');
    this.#known.set(path, entry.kind === 'hardlink' ? 'file' : entry.kind);
    return { kind: entry.kind, path, parents, ...(linkTarget === undefined ? {} : { linkTarget }) };
  }
}

function unsafe(message: string): Error {
  return packageError('SCOMO_PACKAGE_UNSAFE_ENTRY', message);
}
