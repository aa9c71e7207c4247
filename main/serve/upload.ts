// POST /api/upload (main/contract/upload.ts): a dataset file a browser dropped on the Data screen. The
// caller (server.ts) has checked Host and token; here: Origin, the name and kind, the size cap, one upload
// at a time. The body is streamed into a fresh staging folder (never held in memory), imported with the
// service's importer — the one the desktop app's drop and `recurrent-lab data import` use — and the staging
// folder is removed afterwards, whatever happened.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataStatus } from '../contract/data.js';
import { ERROR_CODES, type ContractError } from '../contract/index.js';
import { MAX_UPLOAD_BYTES, UPLOAD_NAME_HEADER, uploadKind, uploadRefusal, type UploadKind } from '../contract/upload.js';
import { toContractError } from '../service/errors.js';
import { originOk } from './auth.js';

export interface UploadOptions {
  /** Imports a file the server staged itself (LabService.importFile): never a path a client named. */
  importFile(path: string): Promise<DataStatus>;
  /** Where staging folders are made (default: the OS temp folder). */
  stagingDir?: string;
  /** Largest body taken (default MAX_UPLOAD_BYTES). */
  maxBytes?: number;
}

export const STAGING_PREFIX = 'recurrent-lab-upload-';

const CANONICAL: Record<UploadKind, string> = { npz: 'imdb.npz', tarball: 'aclImdb_v1.tar.gz', wordIndex: 'imdb_word_index.json' };

class TooLarge extends Error {}

function mebibytes(n: number): string {
  return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
}

/** The name header, decoded ('' when absent or not valid percent-encoding). */
function fileName(header: string | string[] | undefined): string {
  try {
    return typeof header === 'string' ? decodeURIComponent(header) : '';
  } catch {
    return '';
  }
}

/** The upload route's handler; `headers` are the server's security headers. */
export function createUploadHandler(opts: UploadOptions, allowedOrigins: readonly string[]) {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  let busy = false;

  return async (req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> => {
    // A JSON refusal; while the body is still coming in, the connection is closed after it (the rest is never read).
    const refuse = (status: number, error: ContractError, extra: Record<string, string> = {}) => {
      const body = JSON.stringify({ ok: false, error });
      const reading = !req.complete;
      res.writeHead(status, { ...headers, ...extra, 'content-type': 'application/json; charset=utf-8', ...(reading ? { connection: 'close' } : {}) });
      res.end(body);
      if (reading) res.once('finish', () => req.socket.destroy());
    };
    if (req.method !== 'POST') return refuse(405, { code: ERROR_CODES.badInput, message: 'POST the file' }, { allow: 'POST' });
    if (!originOk(req, allowedOrigins)) return refuse(403, { code: 'forbidden', message: 'uploads are accepted only from the lab\'s own page' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      return refuse(415, { code: ERROR_CODES.badInput, message: 'send the file\'s bytes as application/octet-stream' });
    }
    const name = fileName(req.headers[UPLOAD_NAME_HEADER]);
    if (name === '' || name.length > 255 || /[/\\\0]/.test(name) || name === '.' || name === '..') {
      return refuse(400, { code: ERROR_CODES.badInput, message: `name the file in the ${UPLOAD_NAME_HEADER} header (a file name, no folders)` });
    }
    const kind = uploadKind(name);
    if (kind === null) return refuse(415, { code: ERROR_CODES.badInput, message: uploadRefusal(name) ?? `${name} is not a dataset file` });
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooLarge = { code: ERROR_CODES.tooLarge, message: `${name} is larger than the ${mebibytes(maxBytes)} the lab takes in an upload` };
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(413, tooLarge);
    if (busy) return refuse(409, { code: 'bad_state', message: 'another file is being uploaded: wait until it is imported' });

    busy = true;
    let staging: string | null = null;
    // the answer is sent only once the staging folder is gone
    let answer: { status: number; body: { ok: true; result: DataStatus } | { ok: false; error: ContractError } } | null = null;
    try {
      staging = await mkdtemp(join(opts.stagingDir ?? tmpdir(), STAGING_PREFIX));
      // Keep a plain name (the importer keeps a known tarball's name); anything else gets its kind's usual name.
      const file = join(staging, /^[A-Za-z0-9._-]+$/.test(name) ? name : CANONICAL[kind]);
      let received = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          received += chunk.length;
          if (received > maxBytes) done(new TooLarge());
          else done(null, chunk);
        },
      });
      req.once('close', () => {
        if (!req.complete) counter.destroy(new Error('the upload was interrupted'));
      });
      req.once('error', (e) => counter.destroy(e));
      req.pipe(counter);
      let stored = false;
      try {
        await pipeline(counter, createWriteStream(file, { flags: 'wx' }));
        stored = true;
      } catch (e) {
        req.unpipe(counter);
        if (e instanceof TooLarge) answer = { status: 413, body: { ok: false, error: tooLarge } };
        else if (req.complete) throw e; // else the client went away: nobody to answer
      }
      if (stored) {
        try {
          answer = { status: 200, body: { ok: true, result: await opts.importFile(file) } };
        } catch (e) {
          const error = toContractError(e);
          // the importer names the staged file: name the user's file instead
          const message = error.message.split(file).join(name).split(staging).join('the upload');
          answer = { status: error.code === 'bad_state' ? 409 : error.code === ERROR_CODES.internal ? 500 : 422, body: { ok: false, error: { code: error.code, message } } };
        }
      }
    } catch (e) {
      answer = { status: 500, body: { ok: false, error: toContractError(e) } };
    } finally {
      if (staging !== null) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      busy = false;
    }
    if (answer === null) return;
    if (answer.body.ok) {
      res.writeHead(answer.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.body));
    } else refuse(answer.status, answer.body.error);
  };
}
