/**
 * Photos by reference (sha256) as object URLs, from this desk's store or the central API, for a
 * list of references that may change: the URLs of the previous list are released, and a load
 * that finishes after a newer one started is dropped (its URLs released), so a slow answer never
 * shows another case's photos.
 */
import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import { useSessionStore } from '../stores/session';
import { loadEvidence, type EvidenceSource } from '../views/scan/evidence';

function release(list: readonly EvidenceSource[]): void {
  for (const p of list) if (p.url) URL.revokeObjectURL(p.url);
}

export function useEvidencePhotos(ids: () => readonly string[]): ShallowRef<EvidenceSource[]> {
  const session = useSessionStore();
  const photos = shallowRef<EvidenceSource[]>([]);
  let generation = 0;
  watch(
    () => [...new Set(ids())].join(' '),
    async (key) => {
      const mine = ++generation;
      release(photos.value);
      photos.value = [];
      if (key === '') return;
      const loaded = await loadEvidence(key.split(' '), session.apiBase, session.token);
      if (mine === generation) photos.value = loaded;
      else release(loaded);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    generation += 1;
    release(photos.value);
  });
  return photos;
}
