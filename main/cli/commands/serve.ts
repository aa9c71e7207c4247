// `recurrent-lab serve`: the lab in a browser — the built UI and the contract over WebSocket, bound to
// 127.0.0.1 by default; any other host requires the random token printed here. Stops on Ctrl-C / SIGTERM.
// importData takes no path unless --allow-import-from DIR names the one folder it may read from; a file
// dropped on the page is uploaded (POST /api/upload) and imported from a staging copy in the temp folder.
import { realpath, stat } from 'node:fs/promises';
import type { CliCommand } from '../command.js';
import { engineFlag, flag, num, parseFlags, str, threadsFlag } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { artifactsDir } from '../../paths.js';
import { resolveDataDir } from '../../data/index.js';
import { openCliStore } from '../../runs/cli-support.js';
import { createLabService } from '../../service/index.js';
import { startServer } from '../../serve/server.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the lab UI and API over HTTP + WebSocket (localhost by default)',
  usage:
    'serve [--port P (default 8765; 0 = any free port)] [--host 127.0.0.1] [--db FILE] [--data DIR] [--renderer DIR] [--token-always]\n' +
    '      [--allow-import-from DIR] [--threads N] [--engine auto|cpu|webgpu|tfjs-node] [--json]\n' +
    '  A host other than 127.0.0.1/localhost/::1 requires the random token printed at start (?token=… in the URL).\n' +
    '  A dataset file dropped on the Data screen (imdb.npz, imdb_word_index.json, aclImdb_v1.tar.gz; up to 256 MiB) is uploaded and imported.\n' +
    '  Import by path (importData) reads only from under --allow-import-from DIR (links and ".." resolved); without it, not at all.\n' +
    '  --threads N (1..64): runs train on N threads (default: every core, or RECURRENT_LAB_THREADS).\n' +
    '  --engine E: what runs train on (default auto; see `recurrent-lab train --help`).',
  async run(argv, io) {
    const p = parseFlags(argv, {
      port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' }, data: { type: 'string' },
      renderer: { type: 'string' }, 'token-always': { type: 'boolean' }, 'allow-import-from': { type: 'string' },
      threads: { type: 'string' }, engine: { type: 'string' },
    });
    const threads = threadsFlag(p);
    const engine = engineFlag(p);
    const port = num(p, 'port') ?? 8765;
    if (port < 0 || port > 65535) throw new UserError(`--port must be in 0…65535, got ${port}`);
    const host = str(p, 'host') ?? '127.0.0.1';
    if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UserError(`--host "${host}" is not a host name or address`);
    const importFrom = await importFolder(str(p, 'allow-import-from'));
    const store = openCliStore(p, io, 'create');
    const service = createLabService({
      store, dataDir: resolveDataDir(str(p, 'data'), io.env), artifactsDir: artifactsDir(io.env), importFrom,
      queue: { ...(threads === undefined ? {} : { threads }), ...(engine === undefined ? {} : { engine }) },
    });
    let server;
    try {
      const renderer = str(p, 'renderer');
      server = await startServer({
        endpoint: service.endpoint,
        host,
        port,
        requireToken: flag(p, 'token-always'),
        upload: { importFile: (file) => service.importFile(file) },
        ...(renderer !== undefined ? { rendererDir: renderer } : {}),
      });
    } catch (e) {
      await service.close();
      store.close();
      throw e;
    }
    if (flag(p, 'json')) printJson(io, { url: server.url, token: server.token });
    else {
      io.out(`Recurrent Lab is serving at ${server.url}\n`);
      if (server.token !== null) io.out(`Access token: ${server.token} (anyone with this URL can use the lab)\n`);
      if (importFrom !== null) io.out(`Data can be imported from ${importFrom} (and nowhere else)\n`);
      io.out('Press Ctrl-C to stop.\n');
    }
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    await service.close(); // running runs become cancelled, keeping their curves
    store.close();
    return 0;
  },
};

/** --allow-import-from DIR: an existing folder, resolved through links (what importData confines to). */
async function importFolder(dir: string | undefined): Promise<string | null> {
  if (dir === undefined) return null;
  if (dir.trim() === '') throw new UserError('--allow-import-from needs a folder');
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UserError(`--allow-import-from ${dir}: no such folder`);
  return realpath(dir);
}
