/**
 * The buyer's evidence photos for the claim panel: from the local store when this desk has them,
 * else from the central API with the session's token. Offline, the panel says they can be seen
 * when the network is back; nothing is cached beyond the object URL's life.
 */
import { runtime } from '../../sync/runtime';

export type EvidenceSource = { sha256: string; url: string | null };

export async function loadEvidence(ids: readonly string[], apiBase: string, token: string | null): Promise<EvidenceSource[]> {
  const db = await runtime().db();
  const out: EvidenceSource[] = [];
  for (const sha256 of ids) {
    const local = await db.attachments.get(sha256);
    if (local) {
      out.push({ sha256, url: URL.createObjectURL(local.blob) });
      continue;
    }
    try {
      const response = await runtime().fetch(`${apiBase.replace(/\/+$/, '')}/attachments/${sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      out.push({ sha256, url: response.ok ? URL.createObjectURL(await response.blob()) : null });
    } catch {
      out.push({ sha256, url: null });
    }
  }
  return out;
}
