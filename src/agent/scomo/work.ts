import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import type {
  ComponentRef,
  InstalledComponent,
  PackageInfo,
  ScomoEffect,
  ScomoEvent,
} from '../../scomo/index.ts';
import { installNotifyStatusFor } from '../download/index.ts';
import type { DownloadClient, DownloadDescriptor } from '../download/index.ts';
import type { DeployedComponent, Installer, RecoveredInstall } from '../installers/index.ts';
import type { AgentLogger } from '../logger.ts';
import { errorFields } from '../logger.ts';
import { checkDependencies, inspectPackage, SIGNATURE_SUFFIX } from '../packages/index.ts';
import type { PackagePolicy } from '../packages/index.ts';
import type { PackageStore } from './package-store.ts';
import { resultCodeFor } from './result-codes.ts';

/** The effects that are work for one operation (they carry an opId and end with one event). */
export type WorkEffect = Extract<
  ScomoEffect,
  { kind: 'download' | 'install' | 'activate' | 'deactivate' | 'removeComponent' | 'removePackage' }
>;

export interface WorkContext {
  readonly installer: Installer;
  readonly downloads: DownloadClient;
  readonly store: PackageStore;
  readonly policy: PackagePolicy;
  readonly logger: AgentLogger;
  /** Installs the installer finished or undid while recovering from a crash, by operation id. */
  readonly recovered: ReadonlyMap<string, RecoveredInstall>;
  readonly signal: AbortSignal;
  /** The expected sha256 of a package, when the embedder knows one for it (else the URL fragment). */
  readonly expectedDigest: ((pkg: PackageInfo) => string | undefined) | undefined;
  /** Download progress for the MO's Status leaf (throttled by the caller). */
  readonly progress: (opId: string, bytes: number, total: number | undefined) => void;
}

/**
 * Carries out one work effect and returns the event that reports it. Throws only when the work was
 * stopped because the agent is stopping (SCOMO_DOWNLOAD_ABORTED): then nothing is reported and the
 * MO's resume effect continues it at the next start.
 */
export async function performWork(effect: WorkEffect, ctx: WorkContext): Promise<ScomoEvent> {
  switch (effect.kind) {
    case 'download':
      return download(effect, ctx);
    case 'install':
      return install(effect, ctx);
    case 'activate':
    case 'deactivate':
      return switchState(effect, ctx);
    case 'removeComponent':
      return removeComponents(effect, ctx);
    case 'removePackage':
      return removePackage(effect, ctx);
  }
}

async function download(
  effect: Extract<WorkEffect, { kind: 'download' }>,
  ctx: WorkContext,
): Promise<ScomoEvent> {
  const { opId, deliveredNode } = effect;
  const dest = ctx.store.downloadPath(deliveredNode);
  let descriptor: DownloadDescriptor | undefined;
  try {
    await mkdir(dirname(dest), { recursive: true });
    const result = await ctx.downloads.download({
      url: effect.pkgUrl,
      dest,
      signal: ctx.signal,
      expectedSha256: ctx.expectedDigest?.(effect.pkg),
      onProgress: (bytes, total) => ctx.progress(opId, bytes, total),
      onDescriptor: (d) => {
        descriptor = d;
      },
    });
    // A detached signature is looked for next to the object when the agent trusts signing keys.
    const signature =
      ctx.policy.trust.keys.length > 0 || ctx.policy.trust.policy === 'required'
        ? await ctx.downloads.fetchSmall(
            `${result.objectUrl.split('#')[0]}${SIGNATURE_SUFFIX}`,
            1024,
            ctx.signal,
          )
        : undefined;
    try {
      await inspectPackage(result.path, ctx.policy, {
        sha256: result.sha256,
        signature,
        envType: effect.pkg.envType,
      });
    } catch (err) {
      await rm(result.path, { force: true });
      throw err;
    }
    await ctx.store.adoptDownload(deliveredNode, signature);
    await notify(ctx, descriptor, undefined);
    return { type: 'downloadDone', opId, bytes: result.bytes };
  } catch (err) {
    if (isScomoError(err, 'SCOMO_DOWNLOAD_ABORTED')) throw err;
    ctx.logger.warn({ ...errorFields(err), opId, url: effect.pkgUrl }, 'SCOMO download failed');
    await notify(ctx, descriptor, err);
    return { type: 'downloadFailed', opId, resultCode: resultCodeFor(err, 'download') };
  }
}

/** OMA DL: the install status goes to the descriptor's installNotifyURI (best effort). */
async function notify(
  ctx: WorkContext,
  descriptor: DownloadDescriptor | undefined,
  err: unknown,
): Promise<void> {
  const uri = descriptor?.installNotifyURI;
  if (uri === undefined) return;
  const code = err === undefined ? undefined : isScomoError(err) ? err.code : 'UNEXPECTED';
  await ctx.downloads.notifyInstallStatus(uri, installNotifyStatusFor(code), ctx.signal).catch(() => false);
}

async function install(
  effect: Extract<WorkEffect, { kind: 'install' }>,
  ctx: WorkContext,
): Promise<ScomoEvent> {
  const { opId } = effect;
  const recovered = effect.resume ? ctx.recovered.get(opId) : undefined;
  if (recovered !== undefined) {
    // The installer finished or undid this install while the agent restarted.
    return recovered.outcome === 'completed'
      ? { type: 'installDone', opId, components: recovered.components.map(toInstalled) }
      : { type: 'installFailed', opId, resultCode: resultCodeFor(undefined, 'install'), packageKept: true };
  }
  const path = ctx.store.packagePath(effect.deliveredNode);
  if (!(await ctx.store.has(effect.deliveredNode))) {
    ctx.logger.warn({ opId, node: effect.deliveredNode }, 'SCOMO install: the package bytes are missing');
    return {
      type: 'installFailed',
      opId,
      resultCode: resultCodeFor(undefined, 'install'),
      packageKept: false,
    };
  }
  try {
    const inspected = await inspectPackage(path, ctx.policy, {
      envType: effect.pkg.envType,
      expectedSha256: ctx.expectedDigest?.(effect.pkg),
    });
    checkDependencies(inspected.manifest, await ctx.installer.list());
    const components = await ctx.installer.install({
      operationId: opId,
      packagePath: path,
      manifest: inspected.manifest,
      active: effect.active,
      installParams: effect.pkg.installParams,
    });
    return { type: 'installDone', opId, components: components.map(toInstalled) };
  } catch (err) {
    ctx.logger.warn({ ...errorFields(err), opId }, 'SCOMO install failed');
    return { type: 'installFailed', opId, resultCode: resultCodeFor(err, 'install'), packageKept: true };
  }
}

async function switchState(
  effect: Extract<WorkEffect, { kind: 'activate' | 'deactivate' }>,
  ctx: WorkContext,
): Promise<ScomoEvent> {
  const { opId, kind } = effect;
  const target = kind === 'activate' ? 'active' : 'inactive';
  try {
    for (const component of effect.components) {
      // After a restart the installer may have finished the change before the MO heard of it.
      if (effect.resume && (await ctx.installer.get(component.id))?.state === target) continue;
      if (kind === 'activate') await ctx.installer.activate(component.id, opId);
      else await ctx.installer.deactivate(component.id, opId);
    }
    return { type: kind === 'activate' ? 'activateDone' : 'deactivateDone', opId };
  } catch (err) {
    ctx.logger.warn(
      { ...errorFields(err), opId, components: names(effect.components) },
      `SCOMO ${kind} failed`,
    );
    return {
      type: kind === 'activate' ? 'activateFailed' : 'deactivateFailed',
      opId,
      resultCode: resultCodeFor(err, kind),
    };
  }
}

async function removeComponents(
  effect: Extract<WorkEffect, { kind: 'removeComponent' }>,
  ctx: WorkContext,
): Promise<ScomoEvent> {
  const { opId } = effect;
  try {
    for (const component of effect.components) {
      // Already gone (a restart after the removal, or an installer that never had it): nothing to do.
      if ((await ctx.installer.get(component.id)) === undefined) continue;
      await ctx.installer.remove(component.id, opId);
    }
    return { type: 'removeDone', opId };
  } catch (err) {
    ctx.logger.warn(
      { ...errorFields(err), opId, components: names(effect.components) },
      'SCOMO remove failed',
    );
    return { type: 'removeFailed', opId, resultCode: resultCodeFor(err, 'remove') };
  }
}

async function removePackage(
  effect: Extract<WorkEffect, { kind: 'removePackage' }>,
  ctx: WorkContext,
): Promise<ScomoEvent> {
  try {
    await ctx.store.remove(effect.deliveredNode);
    return { type: 'removeDone', opId: effect.opId };
  } catch (err) {
    ctx.logger.warn({ ...errorFields(err), opId: effect.opId }, 'SCOMO package removal failed');
    return { type: 'removeFailed', opId: effect.opId, resultCode: resultCodeFor(err, 'remove') };
  }
}

export function toInstalled(c: DeployedComponent): InstalledComponent {
  return {
    id: c.id,
    name: c.name,
    version: c.version,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.envType === undefined ? {} : { envType: c.envType }),
  };
}

function names(components: readonly ComponentRef[]): string[] {
  return components.map((c) => c.id);
}
