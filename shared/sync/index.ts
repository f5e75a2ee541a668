export * from './wire';
export * from './order-context';
export * from './wire-text';
export * from './protocol';
