/**
 * Photos taken at the bench (an inspection's or an unmatched parcel's), kept in the local store
 * until the sync engine uploads them: thumbnails for a changing list of references, and new
 * photos stored from picked files or the camera's current frame.
 */
import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import { runtime } from '../../sync/runtime';
import { addCameraFrame, addPhotoFile, type PhotoResult } from './photos';

export interface BenchPhotos {
  /** Object URLs of the thumbnails by sha256 (missing until loaded, or when not on this desk). */
  urls: ShallowRef<Record<string, string>>;
  fromFiles(files: readonly File[]): Promise<PhotoResult[]>;
  fromCamera(video: HTMLVideoElement): Promise<PhotoResult>;
}

export function usePhotos(ids: () => readonly string[]): BenchPhotos {
  const urls = shallowRef<Record<string, string>>({});
  let generation = 0;

  // A thumbnail already shown keeps its URL; the URLs of photos taken off the list are released,
  // and a load overtaken by a newer list releases what it made instead of showing it.
  async function refresh(list: readonly string[]): Promise<void> {
    const mine = ++generation;
    const db = await runtime().db();
    const next: Record<string, string> = {};
    const made: string[] = [];
    for (const id of list) {
      const existing = urls.value[id];
      if (existing) {
        next[id] = existing;
        continue;
      }
      const row = await db.attachments.get(id);
      if (row) made.push((next[id] = URL.createObjectURL(row.blob)));
    }
    if (mine !== generation) {
      for (const url of made) URL.revokeObjectURL(url);
      return;
    }
    for (const [id, url] of Object.entries(urls.value)) if (!(id in next)) URL.revokeObjectURL(url);
    urls.value = next;
  }
  watch(() => [...ids()], (list) => void refresh(list), { immediate: true });
  onBeforeUnmount(() => {
    generation += 1;
    for (const url of Object.values(urls.value)) URL.revokeObjectURL(url);
  });

  return {
    urls,
    async fromFiles(files) {
      const db = await runtime().db();
      const results: PhotoResult[] = [];
      for (const file of files) results.push(await addPhotoFile(db, file));
      return results;
    },
    async fromCamera(video) {
      return addCameraFrame(await runtime().db(), video);
    },
  };
}
