/**
 * Shared set-up of the executor tests: a package repository, a work directory, devices that close
 * themselves after each test, and helpers for the server's side of an operation.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { buildPackage } from '../../../../test/support/packages.ts';
import type { BuildPackageOptions, BuiltPackage } from '../../../../test/support/packages.ts';
import { startPackageServer } from '../../download/testing/package-server.ts';
import type { PackageServer } from '../../download/testing/package-server.ts';
import { alertResults, openTestDevice, ROOT } from './device.ts';
import type { DeviceOptions, TestDevice } from './device.ts';

export const DL = `${ROOT}/Download`;
export const DV = `${ROOT}/Inventory/Delivered`;
export const DP = `${ROOT}/Inventory/Deployed`;

export interface ExecutorFixture {
  readonly server: PackageServer;
  readonly dir: string;
  next(): number;
}

/** Registers before/after hooks in the calling test file and returns the fixture they fill. */
export function executorFixture(): ExecutorFixture {
  const state = { server: undefined as PackageServer | undefined, dir: '', counter: 0 };
  before(async () => {
    state.server = await startPackageServer();
    state.dir = await mkdtemp(join(tmpdir(), 'scomo-executor-'));
  });
  after(async () => {
    await state.server?.close();
    await rm(state.dir, { recursive: true, force: true });
  });
  return {
    get server() {
      if (state.server === undefined) throw new Error('the fixture is used before its before() hook ran');
      return state.server;
    },
    get dir() {
      return state.dir;
    },
    next: () => ++state.counter,
  };
}

export async function device(
  f: ExecutorFixture,
  t: { after: (fn: () => Promise<void>) => void },
  options: DeviceOptions = {},
): Promise<TestDevice> {
  const d = await openTestDevice(join(f.dir, `device-${f.next()}`), options);
  await d.executor.start();
  t.after(() => d.close());
  return d;
}

/** Builds a package and serves it (with its .sig when signed); returns its URL. */
export async function publish(
  f: ExecutorFixture,
  options: BuildPackageOptions = {},
  serve: { signature?: Uint8Array } = {},
): Promise<{ url: string; built: BuiltPackage }> {
  const name = `pkg-${f.next()}.${options.format ?? 'tar.gz'}`;
  const built = await buildPackage(f.dir, name, options);
  f.server.serve(`/dl/${name}`, { body: built.bytes, contentType: 'application/gzip' });
  if (options.signWith !== undefined) {
    f.server.serve(`/dl/${name}.sig`, { body: await readFile(`${built.path}.sig`) });
  }
  if (serve.signature !== undefined) f.server.serve(`/dl/${name}.sig`, { body: serve.signature });
  return { url: f.server.url(`/dl/${name}`), built };
}

/** The single alert for `correlator`, as result codes per item. */
export function resultsFor(
  d: TestDevice,
  correlator: string,
): { code: number; identifier: string; target: string | undefined }[] {
  const alerts = d.alerts.list().filter((a) => a.correlator === correlator);
  assert.equal(alerts.length, 1, `exactly one alert for ${correlator}, got ${alerts.length}`);
  return alertResults(alerts[0] as (typeof alerts)[number]);
}

/** A server's Add Download/<node> + Exec of a download operation, then waits for the executor. */
export async function downloadInstall(
  f: ExecutorFixture,
  d: TestDevice,
  url: string,
  op = 'DownloadInstall',
  node = `p${f.next()}`,
): Promise<{ node: string; correlator: string; status: number }> {
  const correlator = `corr-${node}`;
  d.addDownload(node, { PkgID: `pkg-${node}`, PkgURL: url });
  const status = await d.run(`${DL}/${node}/Operations/${op}`, correlator);
  return { node, correlator, status };
}
