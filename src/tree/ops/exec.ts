/**
 * Exec on the ordinary tree (DM 1.2 RepPro §6.6.8): nothing there is executable, so an existing node
 * answers 405 and a missing one 404. Executable nodes come from MO plugins (plugin.ts).
 */
import type { ExecOutcome } from '../results.ts';
import type { OpEnv } from './env.ts';

export function execNode(env: OpEnv, segments: readonly string[]): ExecOutcome {
  return { status: env.core.resolve(segments) === undefined ? 404 : 405 };
}
