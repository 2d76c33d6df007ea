/**
 * Wires the SCOMO service on a server stack (DESIGN.md L6): the filesystem BlobStore in
 * `<data>/blobs`, the service's options from the serve settings and the environment. `scomo serve`
 * and the SCOMO operator commands (package, deploy, op, inventory) must wire it the same way, so
 * that package URLs made by one are honoured by the other:
 *
 *   const scomo = await openScomo(stack);                       // after openServerStack
 *   registerRepository(app, { scomo: scomo.service });           // before app.listen
 *   setInterval(() => scomo.service.sweep(), settings.sweepIntervalMs);
 *
 * Environment (read here only): SCOMO_REPOSITORY_URL (default: the origin of the DM publicUrl, as
 * the repository is served by the same fastify instance), SCOMO_DOWNLOAD_URL_TTL (seconds, default
 * 7 days), SCOMO_DOWNLOAD_DESCRIPTORS=1 (PkgURL names the OMA DL descriptor), SCOMO_DEVICE_REQUESTS
 * (allow | deny | allow-known-packages), SCOMO_JOB_TTL (seconds; default none). The token secret is
 * kept in the store (`ensureSetting`), so every node sharing it agrees without configuration.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ScomoError } from '../errors/index.ts';
import { createScomoService, DEVICE_REQUEST_POLICIES, resolveScomoOptions } from '../server/index.ts';
import type { DeviceRequestPolicy, ScomoOptionsInput, ScomoService } from '../server/index.ts';
import { FileBlobStore } from '../store/index.ts';
import type { ServerStack } from './server-wiring.ts';

export interface ScomoStack {
  readonly service: ScomoService;
  readonly blobs: FileBlobStore;
  /** Detaches the service from the server core (the stack closes the store). */
  close(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

function seconds(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ScomoError('SCOMO_CLI_CONFIG', `${name} must be a number of seconds > 0, got "${raw}"`);
  }
  return Math.round(value * 1000);
}

/** The service's options from the serve settings and the environment. */
export function scomoOptionsFrom(
  stack: Pick<ServerStack, 'server'>,
  env: Env = process.env,
): ScomoOptionsInput {
  const policy = env['SCOMO_DEVICE_REQUESTS'];
  if (policy !== undefined && !(DEVICE_REQUEST_POLICIES as readonly string[]).includes(policy)) {
    throw new ScomoError(
      'SCOMO_CLI_CONFIG',
      `SCOMO_DEVICE_REQUESTS must be one of ${DEVICE_REQUEST_POLICIES.join(', ')}`,
    );
  }
  const ttl = seconds(env, 'SCOMO_DOWNLOAD_URL_TTL');
  const jobTtl = seconds(env, 'SCOMO_JOB_TTL');
  return {
    repositoryUrl: env['SCOMO_REPOSITORY_URL'] ?? new URL(stack.server.options.publicUrl).origin,
    ...(ttl === undefined ? {} : { downloadUrlTtlMs: ttl }),
    ...(jobTtl === undefined ? {} : { jobTtlMs: jobTtl }),
    ...(env['SCOMO_DOWNLOAD_DESCRIPTORS'] === '1' ? { useDownloadDescriptor: true } : {}),
    ...(policy === undefined ? {} : { deviceRequests: policy as DeviceRequestPolicy }),
  };
}

export async function openScomo(
  stack: Pick<ServerStack, 'server' | 'store' | 'settings'>,
  env: Env = process.env,
): Promise<ScomoStack> {
  const options = resolveScomoOptions(scomoOptionsFrom(stack, env));
  const blobs = await FileBlobStore.open(path.join(stack.settings.dataDir, 'blobs'));
  const service = createScomoService(
    {
      server: stack.server,
      store: stack.store,
      blobs,
      clock: { now: () => Date.now() },
      random: (length) => new Uint8Array(randomBytes(length)),
    },
    options,
  );
  return { service, blobs, close: () => service.close() };
}
