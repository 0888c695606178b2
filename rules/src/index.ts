export * from './types.ts';
export * from './load.ts';
export * from './catalog.ts';
export * from './engine.ts';
export * from './time.ts';
export * from './regions.ts';
export * from './flow.ts';
export * from './flow-cases.ts';
export { flowFields } from './steps.ts';
