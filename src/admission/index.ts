export * from './plan';
export * from './policies';
