/**
 * What a job does next once every step so far has succeeded: find the root, read DevDetail or the
 * inventory when a decision needs them, choose the package variant (5.4.1 step 2), then deliver and
 * execute (reference §1.10), or finish.
 */
import {
  buildDeliverByUrl,
  buildDeliverOverDm,
  buildDeliveredOperation,
  buildDeployedOperation,
  operationUri,
} from '../../../scomo/index.ts';
import type { Inventory } from '../../../scomo/index.ts';
import type { PackageRecord } from '../../ports/scomo-store.ts';
import { correlatorFor } from '../ids.ts';
import type { DeployRequest, TargetNode, TargetRequest } from '../job-model.ts';
import { toOperation } from '../to-operation.ts';
import { chooseVariant, deviceFacts, unknownFacts } from '../variants.ts';
import { INSTALL_MODES, TARGET_OPERATIONS } from '../vocabulary.ts';
import { getOperation } from './common.ts';
import type { Draft } from './draft.ts';
import { startDiscover } from './step-discover.ts';
import { inventoryOfStep, startInventory } from './step-inventory.ts';

/** A Download/<x> or Delivered/<x> node name for a package id (reference §1.2: the server names it). */
export function nodeNameFor(packageId: string): string {
  const name = packageId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return /^\.*$/.test(name) ? `pkg${name.length}` : name;
}

/** The inventory read by this job's latest finished inventory step, if any. */
function jobInventory(draft: Draft): Inventory | null {
  const steps = draft.stepsOf('inventory').filter((s) => s.state === 'succeeded');
  const last = steps.at(-1);
  return last === undefined ? null : inventoryOfStep(last.progress);
}

function currentInventory(draft: Draft): Inventory | null {
  return jobInventory(draft) ?? draft.facts.latestInventory?.inventory ?? null;
}

export function planNext(draft: Draft): void {
  const { body } = draft;
  if (body.root === null) {
    const cached = draft.facts.cachedRoot;
    if (cached === null) {
      startDiscover(draft);
      return;
    }
    body.root = cached.root;
  }
  const root = body.root;
  const request = body.request;
  switch (request.operation) {
    case 'inventory':
      if (draft.stepsOf('inventory').length === 0) startInventory(draft, root);
      else draft.succeed();
      return;
    case 'deploy':
      planDeploy(draft, root, request);
      return;
    default:
      planTarget(draft, root, request);
  }
}

function alreadyDeployed(variant: PackageRecord, inventory: Inventory | null): boolean {
  if (inventory === null) return false;
  return variant.components.every((c) =>
    inventory.deployed.some((d) => d.id === c.id && d.version === c.version),
  );
}

function planDeploy(draft: Draft, root: string, request: DeployRequest): void {
  const { body, facts } = draft;
  if (draft.stepsOf('deliver').length > 0) {
    draft.succeed();
    return;
  }
  if (body.selected === null) {
    const variants = facts.variants.filter(
      (v) => v.packageId === request.packageId && (request.version === null || v.version === request.version),
    );
    const label = request.version === null ? request.packageId : `${request.packageId}@${request.version}`;
    if (variants.length === 0) {
      draft.failJob({
        code: 'SCOMO_SERVER_PACKAGE_NOT_FOUND',
        message: `The repository has no package ${label}.`,
      });
      return;
    }
    const unknown = unknownFacts(variants, facts.device, body.devDetail);
    if (unknown.length > 0 && draft.stepsOf('devdetail').length === 0) {
      draft.addStep(
        'devdetail',
        `read ${unknown.join(', ')} to choose a variant of ${label}`,
        unknown.map(getOperation),
      );
      return;
    }
    if (request.inventoryFirst && draft.stepsOf('inventory').length === 0) {
      startInventory(draft, root);
      return;
    }
    if (facts.device === null) {
      draft.failJob({
        code: 'SCOMO_SERVER_NO_VARIANT',
        message: `Device ${draft.devId} is no longer provisioned.`,
      });
      return;
    }
    const inventory = currentInventory(draft);
    const choice = chooseVariant(
      variants,
      request.packageId,
      request.version,
      deviceFacts(facts.device, body.devDetail, inventory, request.envTypes),
    );
    if (!choice.ok) {
      draft.failJob({ code: 'SCOMO_SERVER_NO_VARIANT', message: choice.message });
      return;
    }
    const v = choice.variant;
    if (request.inventoryFirst && request.install !== 'none' && alreadyDeployed(v, inventory)) {
      draft.succeed(
        `${v.packageId}@${v.version} is already deployed (${v.components.map((c) => `${c.id} ${c.version}`).join(', ')}): nothing sent`,
      );
      return;
    }
    draft.select({
      sha256: v.sha256,
      packageId: v.packageId,
      version: v.version,
      node: nodeNameFor(v.packageId),
      componentIds: v.components.map((c) => c.id),
      envType: v.envType,
      reason: choice.reason,
    });
  }
  const selected = body.selected;
  if (selected === null) return;
  const variant = facts.variants.find((v) => v.sha256 === selected.sha256);
  if (variant === undefined) {
    draft.failJob({
      code: 'SCOMO_SERVER_PACKAGE_NOT_FOUND',
      message: `Package ${selected.sha256} was removed from the repository.`,
    });
    return;
  }
  const leaves = {
    node: selected.node,
    pkgId: variant.packageId,
    name:
      variant.components.length === 1
        ? (variant.components[0]?.name ?? variant.packageId)
        : variant.packageId,
    pkgType: variant.contentType,
    ...(variant.envType === null ? {} : { envType: variant.envType }),
  };
  const deliverIndex = body.steps.length;
  const execIndex = deliverIndex + 1;
  const correlator = correlatorFor(draft.jobId, execIndex);
  if (request.via === 'url') {
    const operation = INSTALL_MODES[request.install].url;
    const pkgUrl = draft.config.pkgUrl({
      jobId: draft.jobId,
      devId: draft.devId,
      step: execIndex,
      sha256: variant.sha256,
      packageId: variant.packageId,
      version: variant.version,
      now: draft.now,
    });
    const commands = buildDeliverByUrl(
      { ...leaves, pkgUrl, operation, correlator, replaceExisting: true },
      { root },
    );
    const uri = operationUri(root, 'download', selected.node, operation);
    draft.addStep(
      'deliver',
      `add ${root}/Download/${selected.node} with PkgURL`,
      commands.slice(0, -1).map(toOperation),
    );
    draft.addStep(
      'exec',
      `${operation} ${variant.packageId}@${variant.version}`,
      commands.slice(-1).map(toOperation),
      { correlator, uri },
    );
    return;
  }
  if (facts.blob === null || facts.blob.sha256 !== variant.sha256) {
    draft.effects.push({ type: 'load-blob', sha256: variant.sha256 });
    return;
  }
  const install = INSTALL_MODES[request.install].dm;
  const commands = buildDeliverOverDm(
    {
      ...leaves,
      data: facts.blob.bytes,
      dataType: variant.contentType,
      replaceExisting: true,
      ...(install === null ? {} : { install, correlator }),
    },
    { root },
  );
  const deliver = install === null ? commands : commands.slice(0, -1);
  draft.addStep(
    'deliver',
    `add ${root}/Inventory/Delivered/${selected.node} and its Data (${variant.size} bytes)`,
    deliver.map(toOperation),
  );
  if (install !== null) {
    const uri = operationUri(root, 'delivered', selected.node, install);
    draft.addStep(
      'exec',
      `${install} ${variant.packageId}@${variant.version}`,
      commands.slice(-1).map(toOperation),
      { correlator, uri },
    );
  }
}

function findTarget(
  inventory: Inventory,
  object: 'delivered' | 'deployed',
  wanted: string,
): TargetNode | null {
  if (object === 'deployed') {
    const c =
      inventory.deployed.find((d) => d.id === wanted) ??
      inventory.deployed.find((d) => d.nodeName === wanted);
    return c === undefined ? null : { kind: 'deployed', node: c.nodeName, id: c.id };
  }
  const p =
    inventory.delivered.find((d) => d.pkgId === wanted) ??
    inventory.delivered.find((d) => d.nodeName === wanted);
  return p === undefined ? null : { kind: 'delivered', node: p.nodeName, id: p.pkgId };
}

function planTarget(draft: Draft, root: string, request: TargetRequest): void {
  const { body } = draft;
  const info = TARGET_OPERATIONS[request.operation];
  if (draft.stepsOf('exec').length > 0) {
    draft.succeed();
    return;
  }
  if (body.target === null) {
    const fresh = jobInventory(draft);
    const inventory = fresh ?? currentInventory(draft);
    const found = inventory === null ? null : findTarget(inventory, info.object, request.target);
    if (found === null) {
      if (fresh === null) {
        startInventory(draft, root);
        return;
      }
      const what = info.object === 'deployed' ? 'deployed component' : 'delivered package';
      const present =
        info.object === 'deployed' ? fresh.deployed.map((d) => d.id) : fresh.delivered.map((d) => d.pkgId);
      draft.failJob({
        code: 'SCOMO_SERVER_NOT_ON_DEVICE',
        message: `The device has no ${what} "${request.target}" (it has: ${present.length === 0 ? 'none' : present.join(', ')}).`,
      });
      return;
    }
    draft.setTarget(found);
  }
  const target = body.target;
  if (target === null) return;
  const index = body.steps.length;
  const correlator = correlatorFor(draft.jobId, index);
  const commands =
    info.object === 'deployed'
      ? buildDeployedOperation({ node: target.node, operation: info.exec, correlator }, { root })
      : buildDeliveredOperation({ node: target.node, operation: info.exec, correlator }, { root });
  const uri = operationUri(root, info.object, target.node, info.exec);
  draft.addStep('exec', `${info.exec} ${target.id}`, commands.map(toOperation), { correlator, uri });
}
