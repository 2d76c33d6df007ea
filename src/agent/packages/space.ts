import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScomoError } from '../../errors/index.ts';
import { packageError } from './errors.ts';

/** How much of the disk the agent's state directory may use. */
export interface StoragePolicy {
  /** Bytes the state directory may hold in all (downloads, packages, components); none when absent. */
  readonly quotaBytes?: number | undefined;
  /** Bytes always left free on the file system; default 0. */
  readonly reserveBytes?: number | undefined;
  /** How often a running write re-reads the file system's free space; default 16 MiB. */
  readonly checkEveryBytes?: number | undefined;
}

/** File-system probes, replaceable in tests. */
export interface SpaceProbes {
  /** Bytes free for an unprivileged writer on the file system holding `dir`. */
  readonly freeBytes?: (dir: string) => Promise<number>;
  /** Bytes used below `dir`. */
  readonly usedBytes?: (dir: string) => Promise<number>;
}

/** Counts the bytes one operation writes and stops it when they no longer fit. */
export interface SpaceMeter {
  /** Call before writing `bytes`; throws SCOMO_STORAGE_FULL when they do not fit. */
  add(bytes: number): void | Promise<void>;
  readonly written: number;
}

export interface SpaceGuard {
  /** Bytes that may still be written: the smaller of (free − reserve) and (quota − used). */
  available(): Promise<number>;
  /** Throws SCOMO_STORAGE_FULL unless `bytes` more fit; `what` names the write in the message. */
  ensure(bytes: number, what: string): Promise<void>;
  /**
   * A meter for a write of unknown or large size. Its budget is computed once at the start and the
   * file system is re-read every `checkEveryBytes`; the agent runs one SCOMO operation at a time, so
   * the quota part of the budget is not shared with another writer.
   */
  meter(what: string): Promise<SpaceMeter>;
}

const DEFAULT_CHECK_EVERY = 16 * 1024 * 1024;

/**
 * The space guard of a state directory (issue: "check free space (fs.statfs) before and during
 * download/install against a configurable quota"). Failures are SCOMO_STORAGE_FULL, which the
 * executor reports as 1404 during a download and 1406 during an install (reference §1.9).
 */
export function createSpaceGuard(
  dir: string,
  policy: StoragePolicy = {},
  probes: SpaceProbes = {},
): SpaceGuard {
  const freeBytes = probes.freeBytes ?? fileSystemFree;
  const usedBytes = probes.usedBytes ?? directoryUsage;
  const reserve = policy.reserveBytes ?? 0;
  const every = policy.checkEveryBytes ?? DEFAULT_CHECK_EVERY;

  const fromFileSystem = async (): Promise<number> => (await freeBytes(dir)) - reserve;
  const available = async (): Promise<number> => {
    const fs = await fromFileSystem();
    if (policy.quotaBytes === undefined) return Math.max(0, fs);
    const quota = policy.quotaBytes - (await usedBytes(dir));
    return Math.max(0, Math.min(fs, quota));
  };

  return {
    available,
    async ensure(bytes, what) {
      const room = await available();
      if (bytes > room) throw full(what, bytes, room);
    },
    async meter(what) {
      let budget = await available();
      let written = 0;
      let nextCheck = every;
      const check = (): void => {
        if (written > budget) throw full(what, written, budget);
      };
      return {
        get written() {
          return written;
        },
        add(bytes: number): void | Promise<void> {
          written += bytes;
          check();
          if (written < nextCheck) return undefined;
          nextCheck = written + every;
          // Another process may be filling the disk: re-read what is free now.
          return fromFileSystem().then((free) => {
            budget = Math.min(budget, written + Math.max(0, free));
            check();
          });
        },
      };
    },
  };
}

/** SCOMO_STORAGE_FULL for the errors a full disk or an exhausted quota gives, undefined otherwise. */
export function storageFailure(err: unknown, what: string): ScomoError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
  return packageError('SCOMO_STORAGE_FULL', `The disk is full while ${what} (${code}).`, { cause: err });
}

function full(what: string, bytes: number, room: number): ScomoError {
  return packageError(
    'SCOMO_STORAGE_FULL',
    `Not enough space for ${what}: ${bytes} bytes needed, ${room} available within the state directory's quota and reserve.`,
  );
}

async function fileSystemFree(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Apparent size of everything below `dir` (links are not followed); vanished entries count 0. */
export async function directoryUsage(dir: string): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let names;
    try {
      names = await readdir(current, { withFileTypes: true });
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ENOENT' ||
        (err as NodeJS.ErrnoException).code === 'ENOTDIR'
      )
        continue;
      throw err;
    }
    for (const entry of names) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      try {
        total += (await lstat(path)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  return total;
}
