export * from './schema';
export * from './types';
export * from './storage';
export * from './distinct';
