// Serve mode's one HTTP route besides the UI and the WebSocket: a dataset file dropped on the browser's Data
// screen (or chosen in its file picker), uploaded to the lab. The desktop app never uses it: it imports a
// dropped file by its path (the preload reads it from the File). Browser-safe: zod and the contract only.
//
//   POST UPLOAD_PATH   body: the file's bytes (application/octet-stream)   header UPLOAD_NAME_HEADER: its name
//   → 200 {ok: true, result: DataStatus} | 4xx/5xx {ok: false, error: {code, message}}  (plain text for 401/421)
//
// Same Host, token and Origin checks as the WebSocket. The name travels in a custom header, so a page of
// another site cannot send the request without a CORS preflight, which the server never grants. The server
// streams the body into a staging file (at most MAX_UPLOAD_BYTES), imports it with the importer the desktop
// app and `recurrent-lab data import` use, and removes the staging file whatever happened.
import { z } from 'zod';
import { contractErrorSchema } from './common.js';
import { dataStatusSchema } from './data.js';

export const UPLOAD_PATH = '/api/upload';
/** The file's name, encodeURIComponent'd (names may hold any character; headers may not). */
export const UPLOAD_NAME_HEADER = 'x-recurrent-lab-file';
/** Largest upload the lab takes (256 MiB): Stanford's aclImdb_v1.tar.gz is 84 MB, the Keras imdb.npz 17 MB. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** What a browser may upload, told by the name's ending: the importer then checks the bytes. */
export type UploadKind = 'npz' | 'tarball' | 'wordIndex';

export function uploadKind(name: string): UploadKind | null {
  const n = name.toLowerCase();
  if (n.endsWith('.npz')) return 'npz';
  if (n.endsWith('.tar.gz') || n.endsWith('.tgz')) return 'tarball';
  if (n.endsWith('.json')) return 'wordIndex';
  return null;
}

/** Why a browser cannot upload a file of this name (null: it can). The server and the page say the same. */
export function uploadRefusal(name: string): string | null {
  if (uploadKind(name) !== null) return null;
  return `${name} is not an IMDB dataset file: upload the Keras imdb.npz (with imdb_word_index.json) or Stanford's aclImdb_v1.tar.gz — files ending in .npz, .tar.gz, .tgz or .json`;
}

/** A folder cannot be uploaded from a browser. */
export const FOLDER_REFUSAL =
  'a folder cannot be uploaded from a browser: import an aclImdb folder in the desktop app (drop it there, or File → Import Dataset Folder…) ' +
  'or with `recurrent-lab data import DIR` on the machine running the lab — or upload aclImdb_v1.tar.gz here';

export const uploadReplySchema = z.union([
  z.strictObject({ ok: z.literal(true), result: dataStatusSchema }),
  z.strictObject({ ok: z.literal(false), error: contractErrorSchema }),
]);
