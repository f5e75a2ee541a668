/**
 * The scan station's keyboard map (documented in the side panel and the README), so a worker goes
 * scan → count → grade → decide → next scan without the mouse:
 * - Esc puts the parcel back (or returns focus to the scan box);
 * - Ctrl+Enter accepts the goods (or registers the unmatched parcel), Ctrl+Shift+Enter disputes;
 * - Alt+1…4 grade the condition, Alt+W / Alt+L / Alt+N jump to weight, shelf and notes;
 * - Ctrl+P prints the receipt label of the last decision;
 * - with several matches, 1…9 typed into the empty scan box opens that case.
 * Listens on the window (a scan or a key works wherever the focus is) while the view is mounted.
 */
import { onBeforeUnmount, onMounted } from 'vue';
import { CONDITION_GRADES, type ConditionGrade } from '../../../../shared/domain';
import type { CaseViewRow } from '../../db/types';
import type { StationPhase } from './bench';

export type StationField = 'weight' | 'location' | 'notes';

/** What the keys read of the station, and what they do. */
export interface StationKeyTarget {
  phase(): StationPhase;
  /** A parcel waits on the bench even while idle (an unmatched parcel being matched). */
  hasParcel(): boolean;
  /** A read-only lookup (staff who do not receive goods) has no decisions and no form to fill. */
  readOnly(): boolean;
  /** Another part of the screen has the keyboard (the dispute dialog). */
  paused(): boolean;
  /** Text typed into the scan box (a digit then belongs to it, not to the pick list). */
  typed(): string;
  matches(): readonly CaseViewRow[];
  cancel(): void;
  focusScan(): void;
  accept(): void;
  register(): void;
  openDispute(): void;
  setGrade(grade: ConditionGrade): void;
  focusField(field: StationField): void;
  print(): void;
  pick(chosen: CaseViewRow): void;
}

const FIELDS: Readonly<Record<string, StationField>> = { KeyW: 'weight', KeyL: 'location', KeyN: 'notes' };

/** Handles one key press; true when it was one of the station's keys (its default is then prevented). */
export function handleStationKey(e: KeyboardEvent, station: StationKeyTarget): boolean {
  if (e.defaultPrevented || station.paused()) return false;
  const command = e.ctrlKey || e.metaKey;
  const alt = e.altKey && !command;
  if (e.key === 'Escape') {
    if (station.phase() !== 'idle' || station.hasParcel()) station.cancel();
    else station.focusScan();
    return true;
  }
  if (station.readOnly() && ((e.key === 'Enter' && command) || alt)) return false;
  if (e.key === 'Enter' && command) {
    if (e.shiftKey) station.openDispute();
    else if (station.phase() === 'inspect') station.accept();
    else if (station.phase() === 'register') station.register();
    return true;
  }
  if (alt) {
    if (station.phase() !== 'inspect') return false;
    const grade = /^Digit([1-4])$/.exec(e.code);
    const field = FIELDS[e.code];
    if (grade) station.setGrade(CONDITION_GRADES[Number(grade[1]) - 1]!);
    else if (field) station.focusField(field);
    return grade !== null || field !== undefined;
  }
  if (command && !e.shiftKey && !e.altKey && e.code === 'KeyP') {
    station.print();
    return true;
  }
  return pickByDigit(e, station, command);
}

/** 1…9 in the empty scan box opens that match of a several-match scan. */
function pickByDigit(e: KeyboardEvent, station: StationKeyTarget, command: boolean): boolean {
  const inScanBox = e.target instanceof Element && e.target.closest('[data-scan-field]') !== null;
  if (station.phase() !== 'pick' || !inScanBox || station.typed() !== '' || command || !/^Digit[1-9]$/.test(e.code)) return false;
  const chosen = station.matches()[Number(e.code.slice(5)) - 1];
  if (chosen) station.pick(chosen);
  return chosen !== undefined;
}

/** The station's keys on the window while the calling component is mounted. */
export function useStationKeys(station: StationKeyTarget): void {
  const onKey = (e: KeyboardEvent): void => {
    if (handleStationKey(e, station)) e.preventDefault();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
