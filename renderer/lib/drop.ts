// What a drop of files on the browser's Data screen becomes: the files to upload, in order, or why not.
// A browser uploads files only (a folder has no bytes to send), of the kinds main/contract/upload.ts takes,
// at most the lab's cap each; the word index goes first, so that an aclImdb tarball finds it in the data
// folder when it is imported. Pure: DataScreen reads the drop into these entries.
import { FOLDER_REFUSAL, MAX_UPLOAD_BYTES, uploadKind, uploadRefusal } from '../../main/contract/upload.js';
import { formatBytes } from './format.js';

export interface DroppedEntry {
  name: string;
  size: number;
  /** The browser says it is a folder (DataTransferItem.webkitGetAsEntry().isDirectory). */
  folder: boolean;
}

export type UploadPlan = { ok: true; order: number[] } | { ok: false; message: string };

export function planUpload(entries: readonly DroppedEntry[], maxBytes = MAX_UPLOAD_BYTES): UploadPlan {
  if (entries.length === 0) return { ok: false, message: 'nothing to import: drop imdb.npz, imdb_word_index.json or aclImdb_v1.tar.gz' };
  const folder = entries.find((e) => e.folder);
  if (folder) return { ok: false, message: `${folder.name}: ${FOLDER_REFUSAL}` };
  for (const e of entries) {
    const refusal = uploadRefusal(e.name);
    if (refusal !== null) return { ok: false, message: refusal };
    if (e.size > maxBytes) return { ok: false, message: `${e.name} is ${formatBytes(e.size)}: the lab takes uploads of at most ${formatBytes(maxBytes)}` };
  }
  const rank = (e: DroppedEntry) => (uploadKind(e.name) === 'wordIndex' ? 0 : 1);
  const order = entries.map((_, i) => i).sort((a, b) => rank(entries[a]!) - rank(entries[b]!) || a - b);
  return { ok: true, order };
}
