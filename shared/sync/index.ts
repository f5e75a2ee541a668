export * from './wire';
export * from './order-context';
export * from './wire-text';
