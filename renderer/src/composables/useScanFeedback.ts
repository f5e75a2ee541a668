/**
 * Audible scan feedback (扫码提示音), synthesised with the Web Audio API so no audio files ship:
 * a short high beep for a good scan, a low double buzz for a rejected one. Staff at a packing bench
 * often do not look at the screen while scanning, so the sound is the first feedback they get.
 *
 * Where audio is unavailable (no AudioContext, a blocked or closed context) the sounds are
 * silently skipped: feedback must never break scanning.
 */
import { useScannerStore } from '../stores/scanner';

export type FeedbackKind = 'success' | 'failure';

/** One tone: frequency (Hz), start offset and length (s), oscillator shape. */
export interface Tone {
  frequency: number;
  at: number;
  duration: number;
  type: OscillatorType;
}

/** Beep: one bright tone. Buzz: two low square-wave pulses. */
export const FEEDBACK_TONES: Readonly<Record<FeedbackKind, readonly Tone[]>> = {
  success: [{ frequency: 1800, at: 0, duration: 0.09, type: 'sine' }],
  failure: [
    { frequency: 180, at: 0, duration: 0.14, type: 'square' },
    { frequency: 180, at: 0.2, duration: 0.14, type: 'square' },
  ],
};

const PEAK_GAIN = 0.18;
/** Fade in/out so tones do not click. */
const RAMP_S = 0.008;

/** The part of `AudioContext` the feedback uses (lets tests supply a recorder). */
export type FeedbackAudioContext = Pick<
  AudioContext,
  'currentTime' | 'destination' | 'state' | 'resume' | 'createOscillator' | 'createGain'
>;

export type AudioContextFactory = () => FeedbackAudioContext | null;

function browserAudioContext(): FeedbackAudioContext | null {
  const scope = globalThis as typeof globalThis & { webkitAudioContext?: typeof AudioContext };
  const Ctor = scope.AudioContext ?? scope.webkitAudioContext;
  return Ctor ? new Ctor() : null;
}

/** Plays the tones of `kind` on `ctx`; returns false when nothing could be scheduled. */
export function playTones(ctx: FeedbackAudioContext, tones: readonly Tone[]): boolean {
  if (ctx.state === 'closed') return false;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const start = ctx.currentTime + 0.005;
  for (const tone of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t0 = start + tone.at;
    const t1 = t0 + tone.duration;
    osc.type = tone.type;
    osc.frequency.setValueAtTime(tone.frequency, t0);
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, t0 + RAMP_S);
    gain.gain.setValueAtTime(PEAK_GAIN, t1 - RAMP_S);
    gain.gain.linearRampToValueAtTime(0, t1);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t0);
    osc.stop(t1 + 0.01);
  }
  return true;
}

let sharedContext: FeedbackAudioContext | null = null;
let sharedUnavailable = false;

function sharedAudio(): FeedbackAudioContext | null {
  if (sharedContext || sharedUnavailable) return sharedContext;
  try {
    sharedContext = browserAudioContext();
  } catch {
    sharedContext = null;
  }
  sharedUnavailable = sharedContext === null;
  return sharedContext;
}

export interface ScanFeedback {
  /** Plays the sound of `kind` unless muted; true when a sound was scheduled. */
  play(kind: FeedbackKind): boolean;
  success(): boolean;
  failure(): boolean;
}

/**
 * Scan sounds honouring the "sound" setting of the scanner store. `audio` replaces the
 * window's shared AudioContext (created on first use, after a user gesture such as a scan).
 */
export function useScanFeedback(audio: AudioContextFactory = sharedAudio): ScanFeedback {
  const store = useScannerStore();
  function play(kind: FeedbackKind): boolean {
    if (!store.soundEnabled) return false;
    try {
      const ctx = audio();
      return ctx ? playTones(ctx, FEEDBACK_TONES[kind]) : false;
    } catch {
      return false;
    }
  }
  return { play, success: () => play('success'), failure: () => play('failure') };
}
