import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { correlatorFor, jobIdOfTag, jobTag, parseCorrelator } from './ids.ts';
import type { JobStep } from './job-model.ts';
import { parseJobBody } from './job-model.ts';
import { progressState, stepEvent, transitionStep } from './transitions.ts';
import { STEP_EVENTS, STEP_STATES, STEP_TRANSITIONS } from './vocabulary.ts';
import type { StepEvent, StepState } from './vocabulary.ts';
import { compareVersions, satisfiesConditions } from './versions.ts';

function step(state: StepState, overrides: Partial<JobStep> = {}): JobStep {
  return {
    index: 0,
    kind: 'exec',
    state,
    title: 't',
    correlator: 'j.0',
    uri: './SCOMO/Inventory/Deployed/a/Operations/Activate',
    commands: ['j.0.0'],
    applied: [],
    results: [],
    status: null,
    resultCode: null,
    resultMeaning: null,
    detail: null,
    progress: null,
    download: null,
    createdAt: 100,
    updatedAt: 100,
    sentAt: null,
    finishedAt: null,
    ...overrides,
  };
}

describe('step transition table', () => {
  const expected: Record<StepState, Partial<Record<StepEvent, StepState>>> = {
    queued: {
      sent: 'sent',
      accept: 'accepted',
      succeed: 'succeeded',
      fail: 'failed',
      expire: 'expired',
      cancel: 'cancelled',
    },
    sent: {
      accept: 'accepted',
      succeed: 'succeeded',
      fail: 'failed',
      expire: 'expired',
      cancel: 'cancelled',
    },
    accepted: { succeed: 'succeeded', fail: 'failed', expire: 'expired', cancel: 'cancelled' },
    succeeded: { fail: 'failed' },
    failed: {},
    expired: {},
    cancelled: {},
  };

  for (const state of STEP_STATES) {
    for (const event of Object.keys(STEP_EVENTS) as StepEvent[]) {
      const next = expected[state][event];
      test(`${state} --${event}--> ${next ?? '(does not apply)'}`, () => {
        const t = transitionStep(state, event);
        if (next === undefined) {
          assert.equal(t.applies, false);
          assert.equal(t.state, state);
          assert.ok(!t.applies && t.reason.includes(`current state: ${state}`));
        } else assert.deepEqual(t, { applies: true, state: next });
      });
    }
  }

  test('the table and the expectations agree entry for entry', () => {
    assert.deepEqual(STEP_TRANSITIONS, expected);
  });
});

describe('stepEvent', () => {
  test('records the facts, sentAt once and finishedAt on a final state', () => {
    const sent = stepEvent(step('queued'), 'sent', 200);
    assert.equal(sent.sentAt, 200);
    assert.equal(sent.finishedAt, null);
    const accepted = stepEvent(sent, 'accept', 300, { status: 202 });
    assert.equal(accepted.state, 'accepted');
    assert.equal(accepted.sentAt, 200, 'sentAt keeps the first time');
    assert.equal(accepted.status, 202);
    const done = stepEvent(accepted, 'succeed', 400, { resultCode: 1200 });
    assert.equal(done.finishedAt, 400);
    assert.equal(done.resultCode, 1200);
  });

  test('an event that does not apply changes nothing, facts included', () => {
    const cancelled = step('cancelled', { finishedAt: 5 });
    assert.equal(stepEvent(cancelled, 'accept', 9, { status: 202 }), cancelled);
  });

  test('an expiry before anything was sent leaves sentAt empty', () => {
    assert.equal(stepEvent(step('queued'), 'expire', 9).sentAt, null);
  });
});

describe('job state from steps', () => {
  test('accepted beats sent beats queued', () => {
    assert.equal(progressState([step('queued')]), 'queued');
    assert.equal(progressState([step('succeeded'), step('queued')]), 'sent');
    assert.equal(progressState([step('succeeded'), step('sent'), step('accepted')]), 'accepted');
    assert.equal(progressState([]), 'queued');
  });
});

describe('ids', () => {
  test('correlators name job and step and parse back; anything else is not ours', () => {
    assert.deepEqual(parseCorrelator(correlatorFor('0a1b2c', 3)), { jobId: '0a1b2c', index: 3 });
    assert.deepEqual(parseCorrelator('req-00ff.12'), { jobId: 'req-00ff', index: 12 });
    for (const foreign of ['corr-42', '', 'a.b', '../x.1', 'x.99999', 'A B.1'])
      assert.equal(parseCorrelator(foreign), null, foreign);
  });

  test('queue tags name the job', () => {
    assert.equal(jobIdOfTag(jobTag('abc')), 'abc');
    assert.equal(jobIdOfTag('deployment-7'), null);
    assert.equal(jobIdOfTag(null), null);
  });
});

describe('job bodies', () => {
  test('a damaged body is SCOMO_SERVER_JOB_CORRUPT, not a TypeError', () => {
    for (const bad of [
      null,
      3,
      [],
      { origin: {} },
      { origin: { kind: 'operator', ref: null }, request: { operation: 'fly' }, steps: [] },
    ]) {
      assert.throws(
        () => parseJobBody(bad),
        (e: unknown) => e instanceof Error && 'code' in e && e.code === 'SCOMO_SERVER_JOB_CORRUPT',
      );
    }
  });
});

describe('versions', () => {
  test('natural order: numbers as numbers, pre-releases before releases', () => {
    const sorted = ['1.10.0', '1.2.0', '1.2.0-rc1', '1.2', '2', '1.2.0-beta', '0.9'].sort(compareVersions);
    assert.deepEqual(sorted, ['0.9', '1.2', '1.2.0-beta', '1.2.0-rc1', '1.2.0', '1.10.0', '2']);
    // Letters sort before a number in the same place; letter runs compare without case.
    assert.ok(compareVersions('R2.1b', '0.9') < 0);
    assert.ok(compareVersions('r2.1b', 'R2.1c') < 0);
    assert.ok(compareVersions('1.0.1', '1.0.beta') > 0);
    assert.equal(compareVersions('1.0', '1.0'), 0);
  });

  test('conditions', () => {
    assert.equal(satisfiesConditions('2.5.1', '>=2.0 <3'), true);
    assert.equal(satisfiesConditions('3.0', '>=2.0 <3'), false);
    assert.equal(satisfiesConditions('1.9.9', '>1.9'), true);
    assert.equal(satisfiesConditions('2.0', '=2.0.0'), false, 'different lengths are different versions');
    assert.equal(satisfiesConditions('2.0', '<=2.0'), true);
  });
});
