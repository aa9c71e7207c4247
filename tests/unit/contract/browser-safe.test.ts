// The contract is imported by the browser bundle: its files may import only zod, each other and the
// model spec with its settings description — never node built-ins or other core modules.
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
      const ok = s === 'zod' || (/^\.\/[\w-]+\.js$/.test(s)) || s === '../model/spec.js' || s === '../model/spec-settings.js';
      assert.ok(ok, `${f} imports "${s}"`);
    }
    assert.doesNotMatch(src, /\bprocess\.|\bBuffer\b|\brequire\(/, `${f} uses a node-only global`);
  }
});
