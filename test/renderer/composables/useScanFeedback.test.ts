import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useScanFeedback, type FeedbackAudioContext } from '../../../renderer/src/composables/useScanFeedback';
import { useScannerStore } from '../../../renderer/src/stores/scanner';

interface ToneRecord {
  type: string;
  frequency: number;
  start: number;
  stop: number;
}

/** An AudioContext stand-in that records the oscillators it is asked to play. */
function recordingContext(state: AudioContextState = 'running') {
  const tones: ToneRecord[] = [];
  let resumed = 0;
  const param = (onSet?: (v: number) => void) => ({
    setValueAtTime: (v: number) => {
      onSet?.(v);
    },
    linearRampToValueAtTime: () => undefined,
  });
  const ctx = {
    currentTime: 10,
    destination: {},
    state,
    resume: () => {
      resumed += 1;
      return Promise.resolve();
    },
    createGain: () => ({ gain: param(), connect: () => undefined }),
    createOscillator: () => {
      const tone: ToneRecord = { type: '', frequency: 0, start: 0, stop: 0 };
      tones.push(tone);
      return {
        set type(v: string) {
          tone.type = v;
        },
        frequency: param((v) => {
          tone.frequency = v;
        }),
        connect: () => undefined,
        start: (t: number) => {
          tone.start = t;
        },
        stop: (t: number) => {
          tone.stop = t;
        },
      };
    },
  };
  return { ctx: ctx as unknown as FeedbackAudioContext, tones, resumed: () => resumed };
}

describe('scan feedback sounds', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('plays one short high beep for a good scan', () => {
    const audio = recordingContext();
    expect(useScanFeedback(() => audio.ctx).success()).toBe(true);
    expect(audio.tones).toHaveLength(1);
    const [beep] = audio.tones;
    expect(beep?.frequency).toBeGreaterThan(1000);
    expect((beep?.stop ?? 0) - (beep?.start ?? 0)).toBeLessThan(0.15);
  });

  it('plays a low double buzz for a rejected scan, the second after a pause', () => {
    const audio = recordingContext();
    expect(useScanFeedback(() => audio.ctx).failure()).toBe(true);
    expect(audio.tones).toHaveLength(2);
    const [first, second] = audio.tones;
    expect(first?.frequency).toBeLessThan(400);
    expect(second?.frequency).toBeLessThan(400);
    expect(second?.start ?? 0).toBeGreaterThan(first?.stop ?? 0);
  });

  it('stays silent when the sound is switched off', () => {
    const audio = recordingContext();
    useScannerStore().setSoundEnabled(false);
    const feedback = useScanFeedback(() => audio.ctx);
    expect(feedback.success()).toBe(false);
    expect(feedback.failure()).toBe(false);
    expect(audio.tones).toEqual([]);
  });

  it('wakes a suspended context and skips a closed one', () => {
    const suspended = recordingContext('suspended');
    expect(useScanFeedback(() => suspended.ctx).success()).toBe(true);
    expect(suspended.resumed()).toBe(1);

    const closed = recordingContext('closed');
    expect(useScanFeedback(() => closed.ctx).success()).toBe(false);
    expect(closed.tones).toEqual([]);
  });

  it('never throws where audio is unavailable', () => {
    // happy-dom has no AudioContext: the default factory finds none.
    expect('AudioContext' in globalThis).toBe(false);
    expect(useScanFeedback().success()).toBe(false);
    expect(
      useScanFeedback(() => {
        throw new Error('blocked');
      }).failure(),
    ).toBe(false);
  });
});
