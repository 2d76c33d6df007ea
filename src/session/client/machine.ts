/**
 * The transition function (DESIGN.md "State machines have named states and one transition
 * function"): (session, event) → the step to perform. The adapter performs `send` steps over HTTP and
 * feeds the responses back; the engine itself never touches a socket.
 *
 *   idle ──start──► authenticating ──response──► authenticating (challenged: package #1 again)
 *                                   └─response──► managing | continuing | done | aborted | failed
 *   managing / continuing ──response──► managing | continuing | done | aborted | failed
 */
import { asSessionError, sessionError } from './errors.ts';
import { package1 } from './message/package1.ts';
import { fail, noteProgress } from './receive/finish.ts';
import { onResponse } from './receive/on-response.ts';
import { sendNext } from './send.ts';
import type { SessionData } from './session-data.ts';
import type { ServerResponse, Step } from './types.ts';

export type SessionEvent =
  { readonly kind: 'start' } | { readonly kind: 'response'; readonly response: ServerResponse };

function illegal(data: SessionData, event: SessionEvent): Step {
  const call = event.kind === 'start' ? 'start()' : 'receive()';
  const error = sessionError(
    'SCOMO_SESSION_ILLEGAL_STATE',
    `${call} is not allowed in state '${data.state}'.`,
  );
  // The session keeps its state: a stray call does not end (or revive) it.
  return { kind: 'failed', error, summary: data.summary.snapshot() };
}

function start(data: SessionData): Step {
  const { options } = data;
  data.queue.push(...package1(options.initiator, data.devInfo, options.genericAlerts));
  return sendNext(data);
}

export function transition(data: SessionData, event: SessionEvent): Step {
  let step: Step;
  try {
    switch (data.state) {
      case 'idle':
        if (event.kind !== 'start') return illegal(data, event);
        step = start(data);
        break;
      case 'authenticating':
      case 'managing':
      case 'continuing':
        if (event.kind !== 'response') return illegal(data, event);
        step = onResponse(data, event.response);
        break;
      case 'done':
      case 'aborted':
      case 'failed':
        return illegal(data, event);
    }
  } catch (err) {
    return fail(data, asSessionError(err, 'SCOMO_SESSION_INTERNAL', 'The session engine failed'));
  }
  if (step.kind === 'send') noteProgress(data);
  return step;
}
