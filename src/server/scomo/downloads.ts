/**
 * The SCOMO service's side of the package repository: making per-device package URLs for a job
 * step, checking the token of a request, and recording OMA DL install notifications on the job.
 * The HTTP adapter (src/http/repository) only translates.
 */
import type { BlobStore } from '../ports/blob-store.ts';
import type { Clock, RandomSource } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { DownloadTokens, REPOSITORY_PATHS } from './download-tokens.ts';
import { parseJobBody } from './job-model.ts';
import type { ScomoOptions } from './options.ts';
import type { PlannerConfig } from './reconcile/draft.ts';
import type { JobRunner } from './runner.ts';
import type { DownloadLookup, DownloadNoticeOutcome } from './service-types.ts';

/** The store setting that keeps the token secret, so every node and the CLI agree on it. */
export const SECRET_SETTING = 'scomo.repository.token-secret';

export interface DownloadsDeps {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly options: ScomoOptions;
  readonly runner: JobRunner;
}

export class Downloads {
  readonly #deps: DownloadsDeps;
  #tokens: Promise<DownloadTokens> | undefined;

  constructor(deps: DownloadsDeps) {
    this.#deps = deps;
  }

  /** The signer, from the configured secret or the one kept in the store (created once). */
  tokens(): Promise<DownloadTokens> {
    const { options, store, random } = this.#deps;
    this.#tokens ??= (async () => {
      if (options.repositorySecret !== null) return new DownloadTokens(options.repositorySecret);
      const candidate = Buffer.from(random(32)).toString('base64');
      return new DownloadTokens(Buffer.from(await store.ensureSetting(SECRET_SETTING, candidate), 'base64'));
    })();
    return this.#tokens;
  }

  /** How the planner makes PkgURLs (reconcile/draft.ts PlannerConfig). */
  async plannerConfig(): Promise<PlannerConfig> {
    const signer = await this.tokens();
    const { options } = this.#deps;
    return {
      pkgUrl: ({ jobId, step, sha256, now }) => {
        const token = signer.sign({ jobId, step, expiresAt: now + options.downloadUrlTtlMs });
        return options.useDownloadDescriptor
          ? REPOSITORY_PATHS.descriptor(options.repositoryUrl, token)
          : REPOSITORY_PATHS.package(options.repositoryUrl, token, sha256);
      },
    };
  }

  async open(token: string): Promise<DownloadLookup> {
    const { store, blobs, clock } = this.#deps;
    const check = (await this.tokens()).verify(token, clock.now());
    if (!check.ok) {
      const reason =
        check.reason === 'expired' ? 'the download URL has expired' : 'the download URL is not valid';
      return { ok: false, status: 403, reason };
    }
    // The token names a job step; the job names the device and the variant chosen for it.
    const job = await store.getScomoJob(check.claims.jobId);
    const selected = job === null ? null : parseJobBody(job.body).selected;
    const record = selected === null ? null : await store.getPackage(selected.sha256);
    const blob = record === null ? null : await blobs.stat(record.sha256);
    if (job === null || record === null || blob === null) {
      return {
        ok: false,
        status: 404,
        reason: 'the package of this download is no longer in the repository',
      };
    }
    return { ok: true, claims: check.claims, devId: job.devId, package: record, blob };
  }

  /** OMA DL §6.2: the body is "<status code> <message>", e.g. "900 Success". */
  async recordNotice(token: string, body: string): Promise<DownloadNoticeOutcome> {
    const { clock, runner } = this.#deps;
    // An install notification may come after the URL expired: an authentic token is enough.
    const check = (await this.tokens()).verify(token, clock.now(), { allowExpired: true });
    if (!check.ok) return { ok: false, status: 403, reason: 'the notify URL is not valid' };
    const match = /^\s*(\d{3})\b\s*(.*)$/s.exec(body);
    if (match?.[1] === undefined) {
      return { ok: false, status: 400, reason: 'expected an OMA DL status report such as "900 Success"' };
    }
    const status = Number(match[1]);
    const message = (match[2] ?? '').trim().slice(0, 200);
    const { jobId, step } = check.claims;
    const saved = await runner.update(jobId, (jobBody) => {
      const target = jobBody.steps[step];
      if (target === undefined) return null;
      const steps = [...jobBody.steps];
      steps[step] = { ...target, download: { status, message, at: clock.now() } };
      return { ...jobBody, steps };
    });
    if (saved === null) return { ok: false, status: 404, reason: 'the job of this download is gone' };
    return { ok: true, jobId, status };
  }

  urls(
    token: string,
    sha256: string,
  ): { package: string; descriptor: string; notify: string; signature: string } {
    const base = this.#deps.options.repositoryUrl;
    return {
      package: REPOSITORY_PATHS.package(base, token, sha256),
      descriptor: REPOSITORY_PATHS.descriptor(base, token),
      notify: REPOSITORY_PATHS.notify(base, token),
      signature: REPOSITORY_PATHS.signature(base, token),
    };
  }
}
