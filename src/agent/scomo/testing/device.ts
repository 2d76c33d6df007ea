/**
 * A SCOMO device for executor tests: a DmTree with the real SCOMO MO, saved to `<stateDir>/tree.json`
 * on every persist (so a restarted process finds it), the agent's file-backed alert queue, a
 * directory installer, the download client and the executor — the composition the agent runtime
 * makes, minus the DM session. Also what a child process opens in the crash tests.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mountScomoMo } from '../../../scomo/index.ts';
import type { ScomoMo } from '../../../scomo/index.ts';
import { DmTree } from '../../../tree/index.ts';
import type { OpContext } from '../../../tree/index.ts';
import { openFileAlertQueue } from '../../alerts/alert-queue.ts';
import type { AlertQueue } from '../../alerts/types.ts';
import { createDownloadClient } from '../../download/index.ts';
import type { DownloadClient, DownloadClientOptions } from '../../download/index.ts';
import { createDirectoryInstaller } from '../../installers/index.ts';
import type { Installer } from '../../installers/index.ts';
import { createPackageTrust, createSpaceGuard, DEFAULT_ARCHIVE_LIMITS } from '../../packages/index.ts';
import type { SignaturePolicy, SpaceGuard, StoragePolicy, TrustedKey } from '../../packages/index.ts';
import { writeFileAtomic } from '../../state/atomic-file.ts';
import { createScomoExecutor } from '../executor.ts';
import type { ScomoExecutor } from '../executor.ts';

export const SERVER: OpContext = { serverId: 'srv', now: 1_700_000_000_000 };
export const ROOT = './SCOMO';

export interface DeviceOptions {
  readonly trustedKeys?: readonly TrustedKey[];
  readonly signaturePolicy?: SignaturePolicy;
  readonly envTypes?: readonly string[];
  readonly storage?: StoragePolicy;
  readonly download?: DownloadClientOptions;
  readonly hookTimeoutMs?: number;
}

export interface TestDevice {
  readonly stateDir: string;
  readonly tree: DmTree;
  readonly mo: ScomoMo;
  readonly alerts: AlertQueue;
  readonly installer: Installer;
  readonly downloads: DownloadClient;
  readonly executor: ScomoExecutor;
  readonly space: SpaceGuard;
  /** A server's Add of Download/<node> with its leaves. */
  addDownload(node: string, leaves: Readonly<Record<string, string>>): void;
  /** A server's Exec; returns the DM status. */
  exec(uri: string, correlator?: string): number;
  /** The leaf's text, or undefined. */
  leaf(uri: string): string | undefined;
  /** Saves the tree (what the agent does after every session). */
  save(): Promise<void>;
  /** exec() + wake the executor + wait until it is idle. */
  run(uri: string, correlator?: string): Promise<number>;
  close(): Promise<void>;
}

export async function openTestDevice(stateDir: string, options: DeviceOptions = {}): Promise<TestDevice> {
  await mkdir(stateDir, { recursive: true });
  const treeFile = join(stateDir, 'tree.json');
  const tree = new DmTree({ clock: { now: () => SERVER.now ?? 0 } });
  const saved = await readFile(treeFile, 'utf8').catch(() => undefined);
  if (saved !== undefined) tree.restore(JSON.parse(saved));
  const mo = mountScomoMo({
    tree,
    ...(options.envTypes === undefined ? {} : { envTypes: options.envTypes }),
  });
  const save = (): Promise<void> => writeFileAtomic(treeFile, JSON.stringify(tree.snapshot()));
  const alerts = await openFileAlertQueue(stateDir, { now: () => SERVER.now ?? 0 });
  const space = createSpaceGuard(stateDir, options.storage ?? {});
  const installer = createDirectoryInstaller({
    root: join(stateDir, 'installer'),
    space,
    hookTimeoutMs: options.hookTimeoutMs ?? 10_000,
  });
  const downloads = createDownloadClient({
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    responseTimeoutMs: 2000,
    space,
    ...options.download,
  });
  const executor = await createScomoExecutor({
    dir: join(stateDir, 'scomo'),
    mo,
    installer,
    downloads,
    alerts: { enqueue: (alert) => alerts.enqueue(alert), pending: () => alerts.list() },
    policy: {
      trust: createPackageTrust(options.trustedKeys ?? [], options.signaturePolicy ?? 'optional'),
      limits: DEFAULT_ARCHIVE_LIMITS,
      envTypes: options.envTypes,
    },
    space,
    persist: save,
    progressEveryMs: 0,
  });
  const read = (uri: string): string | undefined => {
    const got = tree.get(uri, SERVER);
    if (got.status !== 200 || got.result.kind !== 'value') return undefined;
    const data = got.result.data;
    return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  };
  const exec = (uri: string, correlator?: string): number =>
    tree.exec(uri, correlator === undefined ? {} : { correlator }, SERVER).status;
  return {
    stateDir,
    tree,
    mo,
    alerts,
    installer,
    downloads,
    executor,
    space,
    addDownload(node, leaves) {
      const base = `${ROOT}/Download/${node}`;
      if (tree.add(base, { format: 'node' }, SERVER) !== 200) throw new Error(`Add ${base} failed`);
      for (const [name, data] of Object.entries(leaves)) {
        const status = tree.add(`${base}/${name}`, { data }, SERVER);
        if (status !== 200) throw new Error(`Add ${base}/${name} answered ${status}`);
      }
    },
    exec,
    leaf: read,
    save,
    async run(uri, correlator) {
      const status = exec(uri, correlator);
      executor.wake();
      await executor.idle();
      return status;
    },
    async close() {
      await executor.stop();
      await downloads.close();
    },
  };
}

/** The result code and identifier of an alert's items (data `<ResultCode>…</ResultCode><Identifier>…</Identifier>`). */
export function alertResults(alert: {
  readonly items: readonly { readonly data: string; readonly target?: string }[];
}): { code: number; identifier: string; target: string | undefined }[] {
  return alert.items.map((item) => ({
    code: Number(/<ResultCode>(\d+)<\/ResultCode>/.exec(item.data)?.[1] ?? NaN),
    identifier: /<Identifier>(.*)<\/Identifier>/.exec(item.data)?.[1] ?? '',
    target: item.target,
  }));
}
