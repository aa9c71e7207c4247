// The contract is imported by the browser bundle: its files may import only zod, each other and the
// model spec with its settings description and the sweep words and space (main/model/sweep-*.ts, which import
// only zod and those) — never node built-ins or other core modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test('main/contract/** imports only zod, itself and main/model/spec (and its settings description)', () => {
  const dir = join(process.cwd(), 'main', 'contract');
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  assert.ok(files.includes('index.ts') && files.includes('protocol.ts'));
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8');
    const specs = [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    for (const s of specs) {
      const ok = s === 'zod' || (/^\.\/[\w-]+\.js$/.test(s)) || ['../model/spec.js', '../model/spec-settings.js', '../model/sweep-space.js', '../model/sweep-kinds.js'].includes(s);
      assert.ok(ok, `${f} imports "${s}"`);
    }
    assert.doesNotMatch(src, /\bprocess\.|\bBuffer\b|\brequire\(/, `${f} uses a node-only global`);
  }
  for (const f of ['sweep-space.ts', 'sweep-kinds.ts']) {
    const src = readFileSync(join(process.cwd(), 'main', 'model', f), 'utf8');
    for (const m of src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      assert.ok(['zod', './spec.js', './spec-settings.js', './sweep-kinds.js'].includes(m[1] ?? ''), `main/model/${f} imports "${m[1]}"`);
    }
    assert.doesNotMatch(src, /\bprocess\.|\bBuffer\b|\brequire\(/, `main/model/${f} uses a node-only global`);
  }
});
