// Each renderer test starts with empty web storage.
import { beforeEach } from 'vitest';

beforeEach(() => {
  localStorage.clear();
});
