/**
 * Wires the SCOMO service on a server stack (DESIGN.md L6): the filesystem BlobStore in
 * `<data>/blobs`, the service's options from the serve settings (flags and config file keys
 * `repositoryUrl`, `downloadUrlTtl`, `downloadDescriptors`, `deviceRequests`, `jobTtl`). `scomo serve`
 * and the SCOMO operator commands (package, deploy, op, inventory) must wire it the same way — give
 * them the same `--config` — so that package URLs made by one are honoured by the other:
 *
 *   const scomo = await openScomo(stack);                       // after openServerStack
 *   registerRepository(app, { scomo: scomo.service });           // before app.listen
 *   scomo.service.sweep() on the timer of server.sweep(); scomo.close() before stack.close()
 *
 * A setting absent from flags and file falls back to the environment (read here only):
 * SCOMO_REPOSITORY_URL, SCOMO_DOWNLOAD_URL_TTL (seconds), SCOMO_DOWNLOAD_DESCRIPTORS=1,
 * SCOMO_DEVICE_REQUESTS, SCOMO_JOB_TTL (seconds); then to the defaults: the repository at `dl` next
 * to the DM endpoint (`defaultRepositoryUrl`), URLs valid 7 days, PkgURL names the package, device
 * requests `allow-known-packages`, jobs without deadline. The token secret is kept in the store
 * (`ensureSetting`), so every node sharing it agrees without configuration.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ScomoError } from '../errors/index.ts';
import { createScomoService, DEVICE_REQUEST_POLICIES, resolveScomoOptions } from '../server/index.ts';
import type { DeviceRequestPolicy, ScomoOptionsInput, ScomoService } from '../server/index.ts';
import { FileBlobStore } from '../store/index.ts';
import type { ServerStack } from './server-wiring.ts';
import { defaultRepositoryUrl } from './server-settings.ts';

export interface ScomoStack {
  readonly service: ScomoService;
  readonly blobs: FileBlobStore;
  /** The repository URL devices are given (ends in `/dl`). */
  readonly repositoryUrl: string;
  /** Detaches the service from the server core (the stack closes the store). */
  close(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The path segment the repository's routes live under (src/http/repository, REPOSITORY_PATHS). */
const DL = '/dl';

function config(message: string): never {
  throw new ScomoError('SCOMO_CLI_CONFIG', message);
}

/** A duration: the configured milliseconds, else the env var's seconds; at least one second. */
function duration(configured: number | null, env: Env, name: string, setting: string): number | undefined {
  let ms = configured ?? undefined;
  let where = setting;
  const raw = env[name];
  if (ms === undefined && raw !== undefined && raw !== '') {
    const value = Number(raw);
    if (!Number.isFinite(value)) config(`${name} must be a number of seconds, got "${raw}"`);
    ms = Math.round(value * 1000);
    where = name;
  }
  if (ms !== undefined && ms < 1000) config(`${where} must be at least 1 second`);
  return ms;
}

/**
 * The service's base URL from the repository URL devices are given: the routes are `/dl/<token>…`
 * (REPOSITORY_PATHS), so the URL must end in `/dl` and the service gets what comes before it.
 */
export function repositoryBase(repositoryUrl: string, where = '--repository-url'): string {
  if (!URL.canParse(repositoryUrl))
    config(`${where} must be an absolute http(s) URL, got "${repositoryUrl}"`);
  const url = new URL(repositoryUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    config(`${where} must be an http: or https: URL, got ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '') config(`${where} must have no query or fragment`);
  const trimmed = url.href.replace(/\/+$/, '');
  if (!trimmed.endsWith(DL)) {
    config(
      `${where} must end in ${DL} (packages are served at ${DL}/<token>; a proxy may map that path), got "${repositoryUrl}"`,
    );
  }
  return trimmed.slice(0, -DL.length);
}

/** The service's options from the serve settings, the environment as a fallback, and the defaults. */
export function scomoOptionsFrom(
  stack: Pick<ServerStack, 'settings'> & {
    readonly server: { readonly options: { readonly publicUrl: string } };
  },
  env: Env = process.env,
): ScomoOptionsInput {
  const given = stack.settings.scomo;
  const envPolicy = env['SCOMO_DEVICE_REQUESTS'];
  if (
    given.deviceRequests === null &&
    envPolicy !== undefined &&
    envPolicy !== '' &&
    !(DEVICE_REQUEST_POLICIES as readonly string[]).includes(envPolicy)
  ) {
    config(`SCOMO_DEVICE_REQUESTS must be one of ${DEVICE_REQUEST_POLICIES.join(', ')}, got "${envPolicy}"`);
  }
  const policy =
    given.deviceRequests ??
    (envPolicy === undefined || envPolicy === '' ? undefined : (envPolicy as DeviceRequestPolicy));
  const envUrl = env['SCOMO_REPOSITORY_URL'];
  const repositoryUrl =
    given.repositoryUrl !== null
      ? repositoryBase(given.repositoryUrl)
      : envUrl !== undefined && envUrl !== ''
        ? repositoryBase(envUrl, 'SCOMO_REPOSITORY_URL')
        : repositoryBase(defaultRepositoryUrl(stack.server.options.publicUrl), 'the default repository URL');
  const ttl = duration(given.downloadUrlTtlMs, env, 'SCOMO_DOWNLOAD_URL_TTL', '--download-url-ttl');
  const jobTtl = duration(given.jobTtlMs, env, 'SCOMO_JOB_TTL', '--job-ttl');
  const descriptors = given.downloadDescriptors ?? env['SCOMO_DOWNLOAD_DESCRIPTORS'] === '1';
  return {
    repositoryUrl,
    ...(ttl === undefined ? {} : { downloadUrlTtlMs: ttl }),
    ...(jobTtl === undefined ? {} : { jobTtlMs: jobTtl }),
    ...(descriptors ? { useDownloadDescriptor: true } : {}),
    ...(policy === undefined ? {} : { deviceRequests: policy }),
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
  return {
    service,
    blobs,
    repositoryUrl: `${options.repositoryUrl}${DL}`,
    close: () => service.close(),
  };
}
