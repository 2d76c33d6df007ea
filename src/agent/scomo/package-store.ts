import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDeliverySink, partFile, partStateFile } from '../download/index.ts';
import type { DeliverySink } from '../download/index.ts';
import { SIGNATURE_SUFFIX } from '../packages/index.ts';
import type { SpaceGuard } from '../packages/index.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';

/**
 * Where the package bytes of each `Inventory/Delivered/<x>` live:
 *
 *   <root>/<slot>/package        the Delivery Package (verified before it is used)
 *   <root>/<slot>/package.sig    its detached signature, when one came with it
 *   <root>/<slot>/download*      a download in progress (`.part`, `.part.json`), renamed to package
 *
 * `<slot>` is the node name made safe for a file system (letters, digits, `_`, `-`, and a short hash
 * of the exact name so distinct names never share a directory).
 */
export interface PackageStore {
  readonly root: string;
  /** The package file of a node (it may not exist). */
  packagePath(node: string): string;
  /** Where a download for the node streams to before it becomes the package. */
  downloadPath(node: string): string;
  has(node: string): Promise<boolean>;
  /** Makes a finished download the node's package (replacing an older one), with its signature if any. */
  adoptDownload(node: string, signature: Uint8Array | undefined): Promise<string>;
  /** Stores bytes handed over whole (the MO's storeData effect). */
  write(node: string, data: Uint8Array): Promise<void>;
  /** A sink for a package streamed in over DM; commit() makes it the node's package. */
  sink(node: string): Promise<DeliverySink>;
  writeSignature(node: string, signature: Uint8Array): Promise<void>;
  /** Deletes everything kept for the node, a download in progress included. */
  remove(node: string): Promise<void>;
}

export function createPackageStore(root: string, space?: SpaceGuard): PackageStore {
  const dir = (node: string): string => join(root, slotName(node));
  const packagePath = (node: string): string => join(dir(node), 'package');
  const downloadPath = (node: string): string => join(dir(node), 'download');
  return {
    root,
    packagePath,
    downloadPath,
    async has(node) {
      try {
        return (await stat(packagePath(node))).isFile();
      } catch {
        return false;
      }
    },
    async adoptDownload(node, signature) {
      await rm(packagePath(node) + SIGNATURE_SUFFIX, { force: true });
      if (signature !== undefined) await writeFileAtomic(packagePath(node) + SIGNATURE_SUFFIX, signature);
      await rename(downloadPath(node), packagePath(node));
      return packagePath(node);
    },
    async write(node, data) {
      await mkdir(dir(node), { recursive: true });
      await rm(packagePath(node) + SIGNATURE_SUFFIX, { force: true });
      await writeFileAtomic(packagePath(node), data);
    },
    async sink(node) {
      await mkdir(dir(node), { recursive: true });
      return createDeliverySink(dir(node), { name: 'package', ...(space === undefined ? {} : { space }) });
    },
    async writeSignature(node, signature) {
      await mkdir(dir(node), { recursive: true });
      await writeFile(packagePath(node) + SIGNATURE_SUFFIX, signature);
    },
    async remove(node) {
      for (const file of [
        packagePath(node),
        packagePath(node) + SIGNATURE_SUFFIX,
        downloadPath(node),
        partFile(downloadPath(node)),
        partStateFile(downloadPath(node)),
      ]) {
        await rm(file, { force: true });
      }
      await rm(dir(node), { recursive: true, force: true });
    },
  };
}

/** A file-system-safe, collision-free directory name for a DM node name. */
export function slotName(node: string): string {
  const readable = node.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || '_';
  const hash = createHash('sha256').update(node, 'utf8').digest('hex').slice(0, 10);
  return `${readable}-${hash}`;
}
