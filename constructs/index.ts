export * from './errors';
export * from './image';
export * from './network';
export * from './probe';
export * from './resources';
export * from './workload';
export * from './production-deployment';
