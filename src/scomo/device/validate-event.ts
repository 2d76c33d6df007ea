/**
 * Agent events are trusted code, but a wrong one would corrupt the journal or put a bogus result
 * code on the wire: each is checked and a malformed one is a ScomoError SCOMO_EVENT_INVALID.
 */
import { ScomoError } from '../../errors/index.ts';
import { isFailureResult } from '../vocabulary/result-codes.ts';
import type { ScomoEvent } from './types.ts';

const EVENT_TYPES: ReadonlySet<string> = new Set([
  'downloadProgress',
  'downloadDone',
  'downloadFailed',
  'installDone',
  'installFailed',
  'activateDone',
  'activateFailed',
  'deactivateDone',
  'deactivateFailed',
  'removeDone',
  'removeFailed',
  'alertQueued',
]);

const FAILURES: ReadonlySet<string> = new Set([
  'downloadFailed',
  'installFailed',
  'activateFailed',
  'deactivateFailed',
  'removeFailed',
]);

function bad(message: string): ScomoError {
  return new ScomoError('SCOMO_EVENT_INVALID', message);
}

function optionalString(o: Record<string, unknown>, key: string, where: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'string') throw bad(`${where}.${key} must be a string`);
}

export function validateEvent(event: ScomoEvent): void {
  // Checked as plain data: the caller's static type is not proof at runtime.
  const e = event as unknown as Record<string, unknown>;
  if (typeof e !== 'object' || e === null) throw bad('A SCOMO event must be an object');
  if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) {
    throw bad(
      `Unknown SCOMO event type ${JSON.stringify(e.type)}; expected one of ${[...EVENT_TYPES].join(', ')}`,
    );
  }
  if (typeof e.opId !== 'string' || e.opId === '')
    throw bad(`${e.type} needs the opId of the effect it reports on`);
  if (FAILURES.has(e.type) && !isFailureResult(e.resultCode)) {
    throw bad(
      `${e.type}.resultCode must be a SCOMO failure code (1400–1599), got ${JSON.stringify(e.resultCode)}`,
    );
  }
  if (e.type === 'installFailed' && e.packageKept !== undefined && typeof e.packageKept !== 'boolean') {
    throw bad('installFailed.packageKept must be a boolean');
  }
  for (const key of ['bytes', 'total']) {
    const v = e[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
      throw bad(`${e.type}.${key} must be a non-negative integer`);
    }
  }
  if (e.type === 'installDone') {
    if (!Array.isArray(e.components)) throw bad('installDone.components must be a list');
    e.components.forEach((c: unknown, i: number) => {
      const where = `installDone.components[${i}]`;
      if (typeof c !== 'object' || c === null) throw bad(`${where} must be an object`);
      const comp = c as Record<string, unknown>;
      if (typeof comp.id !== 'string' || comp.id === '') throw bad(`${where}.id must be a non-empty string`);
      for (const key of ['name', 'version', 'description', 'envType']) optionalString(comp, key, where);
    });
  }
}
