export * from './calendar';
export * from './facts';
export * from './aggregate';
export * from './drill';
export * from './pack';
export * from './summary';
