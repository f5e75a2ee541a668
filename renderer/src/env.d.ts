/// <reference types="vite/client" />
import type { DeskBridge } from '../../shared/ipc/channels';

declare global {
  interface Window {
    /** Present only inside the Electron app (preload bridge). */
    desk?: DeskBridge;
  }
  const __APP_VERSION__: string;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
export {};
