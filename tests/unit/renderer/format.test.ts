// Formatters the UI shows numbers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDuration, formatInt, formatNumber, formatPercent, formatRate } from '../../../renderer/lib/format.js';

test('percent, ints and counts', () => {
  assert.equal(formatPercent(0.87345), '87.3%');
  assert.equal(formatPercent(null), '—');
  assert.equal(formatPercent(NaN), '—');
  assert.equal(formatInt(1234567), '1,234,567');
  assert.equal(formatInt(999), '999');
  assert.equal(formatCount(1322881), '1.32M');
  assert.equal(formatCount(33025), '33.0k');
  assert.equal(formatCount(65), '65');
  assert.equal(formatRate(1234.4), '1,234 ex/s');
});

test('durations pick a readable unit', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12_345), '12.3 s');
  assert.equal(formatDuration(245_000), '4m 05s');
  assert.equal(formatDuration(3_720_000), '1h 02m');
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(-1), '—');
});

test('bytes and numbers', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(84.1 * 1024 * 1024), '84.1 MiB');
  assert.equal(formatNumber(0.693147), '0.6931');
  assert.equal(formatNumber(0.00001234), '1.23e-5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(undefined), '—');
});
