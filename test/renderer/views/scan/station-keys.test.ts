import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { CaseViewRow } from '../../../../renderer/src/db/types';
import type { StationPhase } from '../../../../renderer/src/views/scan/bench';
import { useStationKeys, type StationKeyTarget } from '../../../../renderer/src/views/scan/useStationKeys';

/** The scan station's keyboard map: real key events on the window, and what each one does. */

const FIRST = { id: 'C1', caseNo: 'RMA1' } as CaseViewRow;
const SECOND = { id: 'C2', caseNo: 'RMA2' } as CaseViewRow;

interface Station {
  phase: StationPhase;
  hasParcel: boolean;
  readOnly: boolean;
  paused: boolean;
  typed: string;
}

let wrapper: VueWrapper | null = null;

/** Mounts a page with a scan box (inside `[data-scan-field]`) and another field, wired to spies. */
function mountKeys(initial: Partial<Station> = {}) {
  const state: Station = { phase: 'idle', hasParcel: false, readOnly: false, paused: false, typed: '', ...initial };
  // Every action in the order the keys asked for it.
  const calls: unknown[][] = [];
  const spy = (name: string) => vi.fn((...args: unknown[]) => void calls.push([name, ...args]));
  const actions = {
    cancel: spy('cancel'),
    focusScan: spy('focusScan'),
    accept: spy('accept'),
    register: spy('register'),
    openDispute: spy('openDispute'),
    setGrade: spy('setGrade'),
    focusField: spy('focusField'),
    print: spy('print'),
    pick: spy('pick'),
  };
  const target: StationKeyTarget = {
    phase: () => state.phase,
    hasParcel: () => state.hasParcel,
    readOnly: () => state.readOnly,
    paused: () => state.paused,
    typed: () => state.typed,
    matches: () => [FIRST, SECOND],
    ...actions,
  };
  const Page = defineComponent({
    setup() {
      useStationKeys(target);
      return () => h('div', [h('div', { 'data-scan-field': '' }, [h('input', { id: 'scan-box' })]), h('input', { id: 'weight' })]);
    },
  });
  wrapper = mount(Page, { attachTo: document.body });
  return { state, actions, called: () => calls };
}

/** Dispatches a keydown on `on` (default: the body) as the browser would; returns whether its default was prevented. */
function press(init: KeyboardEventInit, on: string | null = null): boolean {
  const target = on ? document.getElementById(on)! : document.body;
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

describe('scan station keys', () => {
  it('Esc puts the parcel back, or only returns to the scan box when the bench is empty', () => {
    const keys = mountKeys({ phase: 'inspect' });
    expect(press({ key: 'Escape', code: 'Escape' })).toBe(true);
    keys.state.phase = 'idle';
    press({ key: 'Escape', code: 'Escape' });
    // An unmatched parcel waiting to be matched is on the bench although the station is idle.
    keys.state.hasParcel = true;
    press({ key: 'Escape', code: 'Escape' });
    expect(keys.called()).toEqual([['cancel'], ['focusScan'], ['cancel']]);
  });

  it('Ctrl+Enter accepts an inspection or registers an unmatched parcel; Ctrl+Shift+Enter disputes', () => {
    const keys = mountKeys({ phase: 'inspect' });
    expect(press({ key: 'Enter', code: 'Enter', ctrlKey: true })).toBe(true);
    expect(press({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true })).toBe(true);
    keys.state.phase = 'register';
    press({ key: 'Enter', code: 'Enter', metaKey: true });
    // Idle: the key is the station's, but there is nothing to decide.
    keys.state.phase = 'idle';
    expect(press({ key: 'Enter', code: 'Enter', ctrlKey: true })).toBe(true);
    expect(keys.called()).toEqual([['accept'], ['openDispute'], ['register']]);
  });

  it('Alt+1…4 grade and Alt+W/L/N jump to the fields, only while inspecting', () => {
    const keys = mountKeys({ phase: 'inspect' });
    expect(press({ key: '1', code: 'Digit1', altKey: true })).toBe(true);
    press({ key: '4', code: 'Digit4', altKey: true });
    press({ key: 'w', code: 'KeyW', altKey: true }, 'weight');
    press({ key: 'l', code: 'KeyL', altKey: true });
    press({ key: 'n', code: 'KeyN', altKey: true });
    // Not a station key: left to the browser.
    expect(press({ key: '5', code: 'Digit5', altKey: true })).toBe(false);
    keys.state.phase = 'pick';
    expect(press({ key: '2', code: 'Digit2', altKey: true })).toBe(false);
    expect(keys.actions.setGrade.mock.calls).toEqual([['new'], ['unusable']]);
    expect(keys.actions.focusField.mock.calls).toEqual([['weight'], ['location'], ['notes']]);
  });

  it('Ctrl+P prints the last label, wherever the focus is', () => {
    const keys = mountKeys({ phase: 'idle' });
    expect(press({ key: 'p', code: 'KeyP', ctrlKey: true }, 'weight')).toBe(true);
    expect(press({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true })).toBe(false);
    expect(keys.called()).toEqual([['print']]);
  });

  it('a digit in the empty scan box opens that match; typed text or another field keeps the digit', () => {
    const keys = mountKeys({ phase: 'pick' });
    expect(press({ key: '2', code: 'Digit2' }, 'scan-box')).toBe(true);
    expect(press({ key: '3', code: 'Digit3' }, 'scan-box')).toBe(false);
    expect(press({ key: '1', code: 'Digit1' }, 'weight')).toBe(false);
    keys.state.typed = '12';
    expect(press({ key: '1', code: 'Digit1' }, 'scan-box')).toBe(false);
    expect(keys.called()).toEqual([['pick', SECOND]]);
  });

  it('a read-only lookup has no decisions and no grades; an open dialog or a handled key is left alone', () => {
    const keys = mountKeys({ phase: 'inspect', readOnly: true });
    expect(press({ key: 'Enter', code: 'Enter', ctrlKey: true })).toBe(false);
    expect(press({ key: '1', code: 'Digit1', altKey: true })).toBe(false);
    // Esc still puts the looked-up case away.
    expect(press({ key: 'Escape', code: 'Escape' })).toBe(true);
    keys.state.readOnly = false;
    keys.state.paused = true;
    expect(press({ key: 'Escape', code: 'Escape' })).toBe(false);
    keys.state.paused = false;
    const handled = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });
    handled.preventDefault();
    document.body.dispatchEvent(handled);
    expect(keys.called()).toEqual([['cancel']]);
  });

  it('stops listening when the station is left', () => {
    const keys = mountKeys({ phase: 'inspect' });
    wrapper?.unmount();
    wrapper = null;
    expect(press({ key: 'Enter', code: 'Enter', ctrlKey: true })).toBe(false);
    expect(keys.called()).toEqual([]);
  });
});
