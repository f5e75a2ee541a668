/**
 * The desk's clock for views (tests set it through the runtime). A call reads the time of the
 * click itself; a ticking display uses a timer built on it instead.
 */
import { runtime } from '../sync/runtime';

export function useClock(): () => Date {
  return () => runtime().clock();
}
