export * from './wire';
export * from './order-context';
