/** Records shared by the SCOMO sections of the Store contract. */
import type {
  InventorySnapshotRecord,
  NewScomoJob,
  PackageRecord,
  ScomoResultRecord,
} from '../scomo-store.ts';
import { T0 } from './fixtures.ts';

/** A fake sha256 key made of one repeated hex digit pair. */
export function sha(pair: string): string {
  return pair.repeat(32);
}

export function packageRecord(overrides: Partial<PackageRecord> = {}): PackageRecord {
  return {
    sha256: sha('ab'),
    packageId: 'com.example.app',
    version: '1.2.0',
    size: 1234,
    contentType: 'application/gzip',
    format: 'tar.gz',
    fileName: 'app-1.2.0.tar.gz',
    envType: 'linux',
    components: [
      { id: 'app', name: 'App ✓', version: '1.2.0', description: 'The <app> & more', envType: null },
      { id: 'app-data', name: 'Data', version: '7', description: null, envType: 'linux-arm' },
    ],
    match: { man: 'Acme', mod: 'Rocket*', fwV: '>=2.0' },
    signedBy: '0123456789abcdef',
    manifest: { packageId: 'com.example.app', version: '1.2.0', 'x-note': [1, null, { a: 'b' }] },
    addedAt: T0,
    ...overrides,
  };
}

export function job(id: string, devId: string, overrides: Partial<NewScomoJob> = {}): NewScomoJob {
  return {
    id,
    devId,
    operation: 'deploy',
    state: 'queued',
    createdAt: T0,
    updatedAt: T0,
    finishedAt: null,
    body: { steps: [{ index: 0, kind: 'discover', title: 'é <&>' }], nested: { n: 1.5, t: true } },
    ...overrides,
  };
}

export function result(
  alertId: string,
  devId: string,
  overrides: Partial<ScomoResultRecord> = {},
): ScomoResultRecord {
  return {
    alertId,
    devId,
    receivedAt: T0,
    correlator: 'job-1:2',
    jobId: 'job-1',
    step: 2,
    resultCode: 1200,
    meaning: 'Successful',
    identifier: 'app',
    source: './SCOMO/Download/app/Operations/DownloadInstall',
    target: './SCOMO/Inventory/Deployed/app',
    problem: null,
    ...overrides,
  };
}

export function snapshot(
  id: string,
  devId: string,
  takenAt: number,
  overrides: Partial<InventorySnapshotRecord> = {},
): InventorySnapshotRecord {
  return {
    id,
    devId,
    takenAt,
    root: './SCOMO',
    method: 'structdata',
    jobId: null,
    inventory: { deployed: [{ id: 'app', version: '1', state: 'active' }], delivered: [], problems: [] },
    changes: null,
    ...overrides,
  };
}
