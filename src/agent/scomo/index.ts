// The SCOMO executor: drains src/scomo's effects with the download client and the installers.
export { createScomoExecutor } from './executor.ts';
export type { ScomoExecutor, ScomoExecutorOptions, ScomoMoPort, AlertPort } from './executor.ts';
export { createPackageStore, slotName } from './package-store.ts';
export type { PackageStore } from './package-store.ts';
export { resultCodeFor, STEP_FAILURE, WORK_STEPS } from './result-codes.ts';
export type { WorkStep } from './result-codes.ts';
export { OP_PHASES } from './op-journal.ts';
export type { OpPhase, OpEntry } from './op-journal.ts';
