export * from './types.ts';
export * from './load.ts';
export * from './catalog.ts';
export * from './engine.ts';
