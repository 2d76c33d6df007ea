/**
 * Carries out a machine's lifecycle effects for one journal operation: Status/State leaves, the
 * Delivered and Deployed nodes (through the privileged tree API), agent work and the result alert.
 * Runs inside a tree batch: a throw undoes every change of the step.
 */
import type { LocalTree } from '../../tree/index.ts';
import { installModeOf } from '../vocabulary/operations.ts';
import { operationComplete } from './alert.ts';
import type { AlertSubject } from './alert.ts';
import type { LifecycleEffect, StepTarget, WorkKind } from './fsm/types.ts';
import { forgetPackage } from './journal.ts';
import type { JournalOperation, ScomoJournal } from './journal.ts';
import { deliverPackage, deployComponents, writeLeaf } from './layout.ts';
import type { ScomoPaths } from './paths.ts';
import type { InstalledComponent, ScomoEffect } from './types.ts';

export interface ApplyContext {
  readonly local: LocalTree;
  readonly paths: ScomoPaths;
  readonly journal: ScomoJournal;
}

/** Details of the event that caused the step. */
export interface StepInput {
  readonly bytes?: number;
}

function packageNode(op: JournalOperation): string {
  return op.object === 'download' ? op.slot : op.node;
}

function pkgId(op: JournalOperation): string {
  return op.pkg?.pkgId ?? op.node;
}

function targets(ctx: ApplyContext, op: JournalOperation, of: StepTarget): string[] {
  switch (of) {
    case 'self':
      return [ctx.paths.object(op.object, op.node)];
    case 'package':
      return [ctx.paths.object('delivered', packageNode(op))];
    case 'components':
      return (op.components ?? []).map((c) => ctx.paths.object('deployed', c.node));
    default: {
      const never: never = of;
      return never;
    }
  }
}

function subjects(ctx: ApplyContext, op: JournalOperation, about: StepTarget): AlertSubject[] {
  const component = (c: { node: string; id: string }): AlertSubject => ({
    target: ctx.paths.object('deployed', c.node),
    identifier: c.id,
  });
  const pkg: AlertSubject = { target: ctx.paths.object('delivered', packageNode(op)), identifier: pkgId(op) };
  const components = op.components ?? [];
  switch (about) {
    case 'components':
      return components.length > 0 ? components.map(component) : [pkg];
    case 'package':
      return [pkg];
    case 'self':
      if (op.object === 'deployed') {
        const first = components[0];
        return [
          first === undefined
            ? { target: ctx.paths.object('deployed', op.node), identifier: op.node }
            : component(first),
        ];
      }
      return [{ target: ctx.paths.object(op.object, op.node), identifier: pkgId(op) }];
    default: {
      const never: never = about;
      return never;
    }
  }
}

/** The agent effect for a work step (also used by resume with `resume: true`). */
export function workEffect(op: JournalOperation, work: WorkKind, resume: boolean): ScomoEffect {
  const pkg = op.pkg ?? { pkgId: op.node };
  const components = op.components ?? [];
  switch (work) {
    case 'download':
      return {
        kind: 'download',
        opId: op.id,
        operation: op.object === 'download' ? op.operation : 'Download',
        downloadNode: op.node,
        deliveredNode: packageNode(op),
        pkgUrl: pkg.pkgUrl ?? '',
        pkg,
        resume,
      };
    case 'install':
      return {
        kind: 'install',
        opId: op.id,
        operation: op.operation,
        deliveredNode: packageNode(op),
        pkg,
        active: installModeOf(op.operation) === 'active',
        resume,
      };
    case 'activate':
    case 'deactivate':
      return { kind: work, opId: op.id, components, resume };
    case 'remove':
      if (op.object === 'deployed') {
        return { kind: 'removeComponent', opId: op.id, components, wasActive: op.state.active, resume };
      }
      return { kind: 'removePackage', opId: op.id, deliveredNode: op.node, pkgId: pkgId(op), resume };
    default: {
      const never: never = work;
      return never;
    }
  }
}

function setLeaves(
  ctx: ApplyContext,
  op: JournalOperation,
  of: StepTarget,
  leaf: 'Status' | 'State',
  code: number,
): void {
  for (const uri of targets(ctx, op, of)) {
    // The node may be gone (a server deleted a finished Download/<x>): nothing to show then.
    if (ctx.local.exists(uri)) writeLeaf(ctx.local, `${uri}/${leaf}`, String(code), 'int');
  }
}

function deploy(
  ctx: ApplyContext,
  op: JournalOperation,
  components: readonly InstalledComponent[],
  active: boolean,
  status: number,
): void {
  op.components = deployComponents(ctx.local, ctx.paths, components, op.pkg?.pkgId, active, status);
}

export function applyEffects(
  ctx: ApplyContext,
  op: JournalOperation,
  effects: readonly LifecycleEffect[],
  input: StepInput = {},
): ScomoEffect[] {
  const out: ScomoEffect[] = [];
  const { local, paths, journal } = ctx;
  for (const effect of effects) {
    switch (effect.do) {
      case 'refuse':
        break;
      case 'status':
        setLeaves(ctx, op, effect.of, 'Status', effect.code);
        break;
      case 'state':
        setLeaves(ctx, op, effect.of, 'State', effect.code);
        break;
      case 'work':
        out.push(workEffect(op, effect.work, false));
        break;
      case 'deliver': {
        const slot = packageNode(op);
        deliverPackage(local, paths, slot, op.pkg ?? { pkgId: op.node });
        journal.packages[slot] =
          input.bytes === undefined ? { origin: 'download' } : { origin: 'download', bytes: input.bytes };
        break;
      }
      case 'deploy':
        deploy(ctx, op, effect.components, effect.active, effect.status);
        break;
      case 'dropPackage': {
        const slot = packageNode(op);
        const uri = paths.object('delivered', slot);
        if (local.exists(uri)) local.delete(uri);
        forgetPackage(journal, slot);
        out.push({ kind: 'discardPackage', deliveredNode: slot });
        break;
      }
      case 'dropData':
        forgetPackage(journal, op.node);
        out.push({ kind: 'discardPackage', deliveredNode: op.node });
        break;
      case 'deleteSelf': {
        const uri = paths.object(op.object, op.node);
        if (local.exists(uri)) local.delete(uri);
        if (op.object === 'delivered') forgetPackage(journal, op.node);
        break;
      }
      case 'complete': {
        const alert = operationComplete(
          op.source,
          op.correlator,
          subjects(ctx, op, effect.about),
          effect.resultCode,
        );
        op.report = alert;
        out.push({ kind: 'alert', opId: op.id, alert });
        break;
      }
      default: {
        const never: never = effect;
        return never;
      }
    }
  }
  return out;
}
