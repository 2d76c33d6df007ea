// The package repository (the SCOMO Alternate Download Server) on fastify.
export { registerRepository, repositoryRoutes } from './routes.ts';
export type { RepositoryOptions } from './routes.ts';
export { DD_CONTENT_TYPE, DD_NAMESPACE, downloadDescriptor } from './descriptor.ts';
export type { DescriptorFields } from './descriptor.ts';
export { decideRange, etagFor, notModified, rangeStillApplies } from './range.ts';
export type { RangeDecision } from './range.ts';
