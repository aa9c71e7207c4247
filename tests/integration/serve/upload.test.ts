// Serve mode's upload route (POST /api/upload: a dataset file dropped on the page) over real sockets, into an
// empty data folder: the token, Host and Origin checks of the rest of serve; only dataset kinds, named in the
// custom header, sent as application/octet-stream; the size cap whether declared or not; one upload at a
// time; the importer's own refusal of bytes that are no IMDB data, naming the user's file; a client that goes
// away. After each, the staging folder is empty. A word index is imported (the real one when
// RECURRENT_LAB_DATA is set, else a small one), and with RECURRENT_LAB_DATA the real imdb.npz too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { startLab, type Lab } from './setup.js';
import { TOKEN_HEADER } from '../../../main/contract/protocol.js';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH, uploadReplySchema } from '../../../main/contract/upload.js';

const SOURCE = process.env.RECURRENT_LAB_DATA;
const CAP = 4 * 1024 * 1024;

interface Answer {
  status: number;
  text: string;
  /** The JSON reply, checked against the contract's schema (null: not JSON). */
  reply: ReturnType<typeof uploadReplySchema.parse> | null;
}

/** Starts a raw POST to the upload route (fetch would refuse a custom Host header); `answer` settles with the reply. */
function open(l: Lab, headers: Record<string, string>, method = 'POST'): { req: ClientRequest; answer: Promise<Answer> } {
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request({ host: '127.0.0.1', port: l.server.port, path: UPLOAD_PATH, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let reply = null;
        try {
          reply = uploadReplySchema.parse(JSON.parse(text));
        } catch {
          /* a plain-text answer */
        }
        resolve({ status: res.statusCode ?? 0, text, reply });
      });
    });
    // a server that answers early and closes may cut our sending short: its answer is what counts
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
  });
  return { req, answer };
}

/** POSTs `body` whole (with its Content-Length), or as chunks without one. */
function post(l: Lab, body: Buffer | Buffer[], headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  const { req, answer } = open(l, Buffer.isBuffer(body) ? { ...headers, 'content-length': String(body.length) } : headers, method);
  if (Buffer.isBuffer(body)) req.end(body);
  else {
    for (const c of body) req.write(c);
    req.end();
  }
  return answer;
}

const named = (name: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/octet-stream', [UPLOAD_NAME_HEADER]: encodeURIComponent(name), ...extra });
const staged = (l: Lab) => readdirSync(join(l.dir, 'staging'));
const dataDir = (l: Lab) => join(l.dir, 'no-data'); // setup.ts's data folder: absent until something is imported
const dataFiles = (l: Lab) => (existsSync(dataDir(l)) ? readdirSync(dataDir(l)).sort() : []);
const wordIndex = SOURCE ? readFileSync(join(SOURCE, 'imdb_word_index.json')) : Buffer.from(JSON.stringify({ the: 1, and: 2, a: 3, of: 4, film: 19 }));

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A token-protected server (as on any non-loopback address) with a 4 MiB cap and an empty data folder. */
let lab: Lab;
let auth: Record<string, string>;
before(async () => {
  lab = await startLab({ serve: { requireToken: true }, maxUploadBytes: CAP });
  auth = { [TOKEN_HEADER]: lab.server.token as string };
});
after(async () => {
  await lab.close();
});

function nothingLeft(what: string): void {
  assert.deepEqual(staged(lab), [], `${what}: nothing left in the staging folder`);
  assert.deepEqual(dataFiles(lab), [], `${what}: nothing imported`);
}

test('without the token, or with a wrong one: 401, nothing staged or imported', async () => {
  for (const headers of [named('imdb_word_index.json'), named('imdb_word_index.json', { [TOKEN_HEADER]: 'not-the-token' }), named('imdb_word_index.json', { cookie: 'rl_token=not-the-token' })]) {
    const r = await post(lab, wordIndex, headers);
    assert.equal(r.status, 401);
    assert.match(r.text, /missing or wrong token/);
  }
  nothingLeft('no token');
});

test('a foreign Origin (a page of another site) or Host (DNS rebinding) is refused', async () => {
  const origin = await post(lab, wordIndex, named('imdb_word_index.json', { ...auth, origin: 'http://evil.example' }));
  assert.equal(origin.status, 403);
  assert.equal(origin.reply?.ok, false);
  assert.match(origin.reply?.ok === false ? origin.reply.error.message : '', /only from the lab's own page/);
  const host = await post(lab, wordIndex, named('imdb_word_index.json', { ...auth, host: `evil.example:${lab.server.port}` }));
  assert.equal(host.status, 421);
  nothingLeft('foreign origin');
});

test('only a POST of application/octet-stream, named in the header, of a dataset kind: else 4xx with the reason', async () => {
  const error = (r: Answer) => (r.reply?.ok === false ? r.reply.error : null);
  const get = await post(lab, Buffer.alloc(0), { ...auth }, 'GET');
  assert.equal(get.status, 405);
  // what a cross-site HTML form can send (no preflight) is refused
  for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
    const r = await post(lab, wordIndex, named('imdb_word_index.json', { ...auth, 'content-type': type }));
    assert.equal(r.status, 415, type);
    assert.match(error(r)?.message ?? '', /application\/octet-stream/);
  }
  const unnamed = await post(lab, wordIndex, { ...auth, 'content-type': 'application/octet-stream' });
  assert.equal(unnamed.status, 400);
  assert.match(error(unnamed)?.message ?? '', /x-recurrent-lab-file/);
  for (const name of ['../imdb_word_index.json', 'sub/imdb.npz', '..']) {
    const r = await post(lab, wordIndex, named(name, auth));
    assert.equal(r.status, 400, name);
  }
  for (const name of ['notes.txt', 'imdb.npz.exe', 'aclImdb_v1.tar', 'aclImdb']) {
    const r = await post(lab, Buffer.from('not a dataset\n'), named(name, auth));
    assert.equal(r.status, 415, name);
    assert.equal(error(r)?.code, 'bad_input');
    assert.equal(error(r)?.message, `${name} is not an IMDB dataset file: upload the Keras imdb.npz (with imdb_word_index.json) or Stanford's aclImdb_v1.tar.gz — files ending in .npz, .tar.gz, .tgz or .json`);
  }
  nothingLeft('wrong kind');
});

test('over the cap: 413 whether the size is declared or not, and no staging file is left', async () => {
  const big = Buffer.alloc(CAP + 1, 7);
  const declared = await post(lab, big, named('imdb.npz', auth));
  assert.equal(declared.status, 413);
  assert.deepEqual(declared.reply, { ok: false, error: { code: 'too_large', message: 'imdb.npz is larger than the 4 MiB the lab takes in an upload' } });
  // no Content-Length (chunked): counted while it streams in, cut at the cap
  const chunks = Array.from({ length: 12 }, () => Buffer.alloc(512 * 1024, 7));
  const streamed = await post(lab, chunks, named('aclImdb_v1.tar.gz', auth));
  assert.equal(streamed.status, 413);
  assert.equal(streamed.reply?.ok === false && streamed.reply.error.code, 'too_large');
  await until(() => staged(lab).length === 0, 'the staging folder is empty');
  if (SOURCE) {
    const npz = await post(lab, readFileSync(join(SOURCE, 'imdb.npz')), named('imdb.npz', auth));
    assert.equal(npz.status, 413, 'the real 17 MB imdb.npz is over a 4 MiB cap');
  }
  nothingLeft('over the cap');
  // the server still answers after cutting connections
  assert.equal((await post(lab, Buffer.from('x'), named('notes.txt', auth))).status, 415);
});

test('bytes that are no IMDB data: the importer refuses them (422), naming the user\'s file, not the staging copy', async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['imdb.npz', Buffer.from('hello, not a zip\n'), /^imdb\.npz is not IMDB data: expected a Keras imdb\.npz/],
    // a name that is not a plain file name is staged under its kind's usual name: the message still names the user's
    ['my word index.json', Buffer.from('{"the": "first"}'), /my word index\.json/],
    ['aclImdb_v1.tar.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), /^importing aclImdb_v1\.tar\.gz needs imdb_word_index\.json/],
  ];
  for (const [name, body, why] of cases) {
    const r = await post(lab, body, named(name, auth));
    assert.equal(r.status, 422, `${name}: ${r.text}`);
    const message = r.reply?.ok === false ? r.reply.error.message : '';
    assert.match(message, why);
    assert.ok(!message.includes(join(lab.dir, 'staging')) && !message.includes('recurrent-lab-upload-'), `the staging path is not told: ${message}`);
  }
  nothingLeft('not IMDB data');
});

test('a client that goes away mid-upload leaves no staging file', async () => {
  const { req, answer } = open(lab, named('imdb.npz', auth));
  answer.catch(() => undefined);
  req.write(Buffer.alloc(256 * 1024, 1));
  await until(() => staged(lab).length === 1, 'the upload is staged');
  req.destroy();
  await until(() => staged(lab).length === 0, 'the staging folder is emptied');
  nothingLeft('client gone');
});

test('one upload at a time; the word index is imported (token as header or cookie, our own Origin)', async () => {
  const headers = named('imdb_word_index.json', { ...auth, origin: `http://127.0.0.1:${lab.server.port}`, 'content-length': String(wordIndex.length) });
  const first = open(lab, headers);
  first.req.write(wordIndex.subarray(0, 1024));
  await until(() => staged(lab).length === 1, 'the first upload is staged');
  const second = await post(lab, wordIndex, named('imdb_word_index.json', auth));
  assert.equal(second.status, 409);
  assert.match(second.reply?.ok === false ? second.reply.error.message : '', /another file is being uploaded/);
  first.req.end(wordIndex.subarray(1024));
  const r = await first.answer;
  assert.equal(r.status, 200, r.text);
  assert.ok(r.reply?.ok);
  assert.deepEqual(r.reply.result.files, [{ name: 'imdb_word_index.json', bytes: wordIndex.length }]);
  assert.equal(r.reply.result.state, 'missing', 'a word index alone is not the data');
  assert.deepEqual(readFileSync(join(dataDir(lab), 'imdb_word_index.json')), wordIndex);
  assert.deepEqual(staged(lab), []);
  // the page's own requests carry the token as the cookie set on its first visit
  const byCookie = await post(lab, wordIndex, named('imdb_word_index.json', { cookie: `rl_token=${lab.server.token}` }));
  assert.equal(byCookie.status, 200, byCookie.text);
  assert.deepEqual(staged(lab), []);
});

test('the real imdb.npz and word index, streamed from disk to a loopback server: imported, ready', { skip: SOURCE ? false : 'RECURRENT_LAB_DATA is not set' }, async () => {
  const local = await startLab();
  try {
    for (const name of ['imdb.npz', 'imdb_word_index.json']) {
      const path = join(SOURCE as string, name);
      const { req, answer } = open(local, named(name, { 'content-length': String(statSync(path).size) }));
      createReadStream(path).pipe(req);
      const r = await answer;
      assert.equal(r.status, 200, `${name}: ${r.text}`);
      if (name === 'imdb_word_index.json') {
        assert.ok(r.reply?.ok);
        assert.equal(r.reply.result.state, 'ready');
        assert.equal(r.reply.result.source, 'npz');
      }
    }
    assert.deepEqual(dataFiles(local), ['imdb.npz', 'imdb_word_index.json']);
    assert.equal(statSync(join(dataDir(local), 'imdb.npz')).size, statSync(join(SOURCE as string, 'imdb.npz')).size);
    assert.deepEqual(staged(local), []);
  } finally {
    await local.close();
  }
});
