/**
 * The start-up order of the store's reads: figures around a screen wait until the screen says its
 * first content is drawn, or until the fallback time on screens that never say so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_MS, firstContentShown, markContentShown, resetFirstContent } from '../../../renderer/src/composables/useFirstContent';

afterEach(() => {
  resetFirstContent();
  vi.useRealTimers();
});

describe('first content', () => {
  it('opens when the screen says its first content is drawn, and stays open', () => {
    vi.useFakeTimers();
    const shown = firstContentShown();
    expect(shown.value).toBe(false);
    vi.advanceTimersByTime(FALLBACK_MS - 1);
    expect(shown.value).toBe(false);
    markContentShown();
    expect(shown.value).toBe(true);
    vi.advanceTimersByTime(FALLBACK_MS * 2);
    expect(firstContentShown().value).toBe(true);
  });

  it('opens after the fallback time when no screen says so', () => {
    vi.useFakeTimers();
    const shown = firstContentShown();
    vi.advanceTimersByTime(FALLBACK_MS - 1);
    expect(shown.value).toBe(false);
    vi.advanceTimersByTime(1);
    expect(shown.value).toBe(true);
  });

  it('starts the fallback time with the first reader, not at load', () => {
    vi.useFakeTimers();
    vi.advanceTimersByTime(FALLBACK_MS * 3);
    const shown = firstContentShown();
    expect(shown.value).toBe(false);
    vi.advanceTimersByTime(FALLBACK_MS);
    expect(shown.value).toBe(true);
  });
});
