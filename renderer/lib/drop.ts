// What a drop of files on the browser's Data screen becomes: the files to upload, in order, or why not.
// A browser uploads files only (a folder has no bytes to send), of the kinds main/contract/upload.ts takes,
// at most the lab's cap each; an aclImdb tarball only with the word index (in the drop, or in the data folder
// already), which goes first, so that the tarball finds it when it is imported. Pure: DataScreen reads the
// drop into these entries.
import { FOLDER_REFUSAL, MAX_UPLOAD_BYTES, uploadKind, uploadRefusal } from '../../main/contract/upload.js';
import { formatBytes } from './format.js';

export interface DroppedEntry {
  name: string;
  size: number;
  /** The browser says it is a folder (DataTransferItem.webkitGetAsEntry().isDirectory). */
  folder: boolean;
}

export type UploadPlan = { ok: true; order: number[] } | { ok: false; message: string };

/**
 * `haveWordIndex`: the data folder holds imdb_word_index.json already. Without it, an aclImdb tarball needs the
 * word index in the same drop — refused here rather than after uploading 84 MB that the lab cannot import.
 */
export function planUpload(entries: readonly DroppedEntry[], haveWordIndex: boolean, maxBytes = MAX_UPLOAD_BYTES): UploadPlan {
  if (entries.length === 0) return { ok: false, message: 'nothing to import: drop imdb.npz, imdb_word_index.json or aclImdb_v1.tar.gz' };
  const folder = entries.find((e) => e.folder);
  if (folder) return { ok: false, message: `${folder.name}: ${FOLDER_REFUSAL}` };
  for (const e of entries) {
    const refusal = uploadRefusal(e.name);
    if (refusal !== null) return { ok: false, message: refusal };
    if (e.size > maxBytes) return { ok: false, message: `${e.name} is ${formatBytes(e.size)}: the lab takes uploads of at most ${formatBytes(maxBytes)}` };
  }
  const tarball = entries.find((e) => uploadKind(e.name) === 'tarball');
  if (tarball && !haveWordIndex && !entries.some((e) => uploadKind(e.name) === 'wordIndex')) {
    return { ok: false, message: `${tarball.name} needs imdb_word_index.json (the Keras word ranks) to be imported: drop both together` };
  }
  const rank = (e: DroppedEntry) => (uploadKind(e.name) === 'wordIndex' ? 0 : 1);
  const order = entries.map((_, i) => i).sort((a, b) => rank(entries[a]!) - rank(entries[b]!) || a - b);
  return { ok: true, order };
}
