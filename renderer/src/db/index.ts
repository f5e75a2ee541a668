export * from './schema';
export * from './types';
export * from './storage';
