// The streaming tar reader on archives built in the test: ustar prefixes, GNU long names, pax paths,
// gzip or not, and truncated/corrupt archives.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readTar, type TarFile } from '../../../main/data/tar.js';
import { isUserError } from '../../../main/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-tar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function header(name: string, size: number, type: string, prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function entry(name: string, data: Buffer, type = '0', prefix = ''): Buffer {
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header(name, data.length, type, prefix), data, pad]);
}

function pax(path: string): Buffer {
  let rec = ` path=${path}\n`;
  let len = rec.length;
  while (String(len).length + rec.length !== len) len = String(len).length + rec.length;
  rec = `${len}${rec}`;
  return Buffer.from(rec, 'utf8');
}

const longName = 'aclImdb/train/pos/' + 'x'.repeat(120) + '_9.txt';
const archive = Buffer.concat([
  entry('aclImdb/', Buffer.alloc(0), '5'),
  entry('pos/0_9.txt', Buffer.from('Great film!'), '0', 'aclImdb/train'),
  entry('././@LongLink', Buffer.from(longName + '\0'), 'L'),
  entry('truncated-name', Buffer.from('long one'), '0'),
  entry('PaxHeader', pax('aclImdb/test/neg/1_1.txt'), 'x'),
  entry('short', Buffer.from('x'.repeat(700)), '0'),
  entry('aclImdb/train/unsup/5_0.txt', Buffer.from('unlabelled'), '0'),
  Buffer.alloc(1024),
]);

async function collect(path: string): Promise<TarFile[]> {
  const out: TarFile[] = [];
  for await (const f of readTar(path, (p) => !p.includes('unsup'))) out.push(f);
  return out;
}

for (const gz of [false, true]) {
  test(`reads names and bytes (${gz ? 'tar.gz' : 'plain tar'}), skipping unwanted data`, async () => {
    const p = join(dir, gz ? 'a.tar.gz' : 'a.tar');
    writeFileSync(p, gz ? gzipSync(archive) : archive);
    const files = await collect(p);
    assert.deepEqual(
      files.map((f) => [f.path, f.size, f.data?.toString('utf8').slice(0, 12) ?? null]),
      [
        ['aclImdb/train/pos/0_9.txt', 11, 'Great film!'],
        [longName, 8, 'long one'],
        ['aclImdb/test/neg/1_1.txt', 700, 'xxxxxxxxxxxx'],
        ['aclImdb/train/unsup/5_0.txt', 10, null],
      ],
    );
  });
}

test('truncated or corrupt archives are UserErrors naming the file', async () => {
  const gz = gzipSync(archive);
  const cases: [string, Buffer, RegExp][] = [
    ['cut.tar.gz', gz.subarray(0, Math.floor(gz.length / 2)), /gzip/],
    ['cut.tar', archive.subarray(0, 1000), /ends inside/],
    ['bad.tar', Buffer.concat([Buffer.from('garbage!'), archive.subarray(8)]), /checksum/],
    ['empty.tar', Buffer.alloc(0), /empty archive/],
    ['nomarker.tar', archive.subarray(0, archive.length - 1024), /no end-of-archive marker/],
  ];
  for (const [name, bytes, why] of cases) {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    await assert.rejects(collect(p), (e: unknown) => isUserError(e) && (e as Error).message.includes(p) && why.test((e as Error).message), name);
  }
  await assert.rejects(collect(join(dir, 'missing.tar')), /file not found: .*missing\.tar/);
});
