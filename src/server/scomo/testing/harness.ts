/** A DM server with the SCOMO service on a MemoryStore, a scripted client and a fake SCOMO device. */
import { archive } from '../../../../test/support/packages.ts';
import type { MessageEncoding } from '../../../syncml/index.ts';
import { seededRandom } from '../../testing/fixtures.ts';
import { MemoryBlobStore } from '../../testing/memory-blob-store.ts';
import { ScriptedClient } from '../../testing/scripted-client.ts';
import { testServer } from '../../testing/setup.ts';
import type { ScomoOptionsInput } from '../options.ts';
import { resolveScomoOptions } from '../options.ts';
import { createScomoService } from '../service.ts';
import { FakeScomoDevice } from './fake-device.ts';

export const DEV = 'IMEI:4901542032375181';
export const REPO = 'https://repo.example.com';

export interface PackageSpec {
  readonly packageId?: string;
  readonly version?: string;
  readonly components?: readonly { id: string; version: string; envType?: string }[];
  readonly envType?: string;
  readonly match?: { man?: string; mod?: string; fwV?: string };
  readonly format?: 'tar.gz' | 'zip' | 'tar';
  /** Extra bytes so that two otherwise equal packages differ. */
  readonly salt?: string;
  /** Incompressible payload of this many bytes (a package that needs large-object delivery). */
  readonly payloadBytes?: number;
}

export function packageBytes(spec: PackageSpec = {}): Uint8Array {
  const manifest = {
    packageId: spec.packageId ?? 'com.example.app',
    version: spec.version ?? '1.0.0',
    components: (spec.components ?? [{ id: 'app', version: spec.version ?? '1.0.0' }]).map((c) => ({
      ...c,
      name: `${c.id} name`,
    })),
    ...(spec.envType === undefined ? {} : { envType: spec.envType }),
    ...(spec.match === undefined ? {} : { 'x-match': spec.match }),
  };
  return archive(spec.format ?? 'tar.gz', [
    { path: 'scomo.json', content: JSON.stringify(manifest) },
    { path: 'payload/readme.txt', content: `hello ${spec.salt ?? ''}` },
    ...(spec.payloadBytes === undefined
      ? []
      : [{ path: 'payload/blob.bin', content: noise(spec.payloadBytes) }]),
  ]);
}

/** Deterministic bytes that gzip cannot shrink (a linear congruential generator). */
function noise(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 12345;
  for (let i = 0; i < length; i += 1) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export async function scomoHarness(
  options: { encoding?: MessageEncoding; scomo?: Partial<ScomoOptionsInput>; maxMsgSize?: number } = {},
) {
  const { server, store, clock } = testServer();
  const blobs = new MemoryBlobStore(clock);
  const scomo = createScomoService(
    { server, store, blobs, clock, random: seededRandom(7) },
    resolveScomoOptions({ repositoryUrl: REPO, ...options.scomo }),
  );
  await server.devices.provision({ devId: DEV }, clock.now());
  const client = new ScriptedClient(server, {
    devId: DEV,
    encoding: options.encoding ?? 'xml',
    ...(options.maxMsgSize === undefined ? {} : { maxMsgSize: options.maxMsgSize }),
  });
  const device = new FakeScomoDevice();
  return { server, store, clock, blobs, scomo, client, device };
}
