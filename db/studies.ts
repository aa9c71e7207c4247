// The studies table (schema v4): a study row and its run group are written in one transaction; the grid is
// read back through its schema, so a hand-edited or damaged row is reported by name instead of trusted.
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { resolveIdIn } from './resolve-id.js';
import { UserError, errorMessage } from '../main/errors.js';
import { RUN_NAME_MAX } from '../main/contract/limits.js';
import { parseStudyGrid, type StudyGrid, type StudyRecord } from '../main/studies/grid.js';

interface StudyRow {
  id: string;
  name: string;
  group_id: string;
  grid: string;
  created_at: string;
}

function toStudy(r: StudyRow): StudyRecord {
  let grid: StudyGrid;
  try {
    grid = parseStudyGrid(JSON.parse(r.grid), `study ${r.id}'s stored grid`);
  } catch (e) {
    throw new UserError(`study ${r.id} cannot be read: ${errorMessage(e)}`, 'db_corrupt');
  }
  return { id: r.id, name: r.name, groupId: r.group_id, grid, createdAt: r.created_at };
}

export function insertStudy(db: Database, name: string, grid: StudyGrid): StudyRecord {
  const g = parseStudyGrid(grid);
  const clean = String(name ?? '').trim();
  if (clean === '') throw new UserError('a study needs a name');
  if (clean.length > RUN_NAME_MAX) throw new UserError(`a study name is at most ${RUN_NAME_MAX} characters`);
  // 'st…': apart from sweeps' 's…' ids at a glance.
  const id = 'st' + randomUUID().replace(/-/g, '').slice(0, 10);
  const groupId = 'g' + randomUUID().replace(/-/g, '').slice(0, 11);
  const createdAt = new Date().toISOString();
  db.transaction(() => {
    db.prepare("INSERT INTO run_groups (id, name, kind, created_at) VALUES (?, ?, 'custom', ?)").run(groupId, clean, createdAt);
    db.prepare('INSERT INTO studies (id, name, group_id, grid, created_at) VALUES (?, ?, ?, ?, ?)').run(id, clean, groupId, JSON.stringify(g), createdAt);
  })();
  return { id, name: clean, groupId, grid: g, createdAt };
}

export function resolveStudyId(db: Database, idOrPrefix: string): string {
  return resolveIdIn(db, 'studies', 'study', idOrPrefix);
}

export function selectStudy(db: Database, idOrPrefix: string): StudyRecord {
  const id = resolveStudyId(db, idOrPrefix);
  return toStudy(db.prepare('SELECT * FROM studies WHERE id = ?').get(id) as StudyRow);
}

export function selectStudies(db: Database): StudyRecord[] {
  return (db.prepare('SELECT * FROM studies ORDER BY created_at DESC, id').all() as StudyRow[]).map(toStudy);
}

/** Deleting the group cascades to the study row; the runs' group_id becomes NULL (their data stays). */
export function removeStudy(db: Database, idOrPrefix: string): void {
  const s = selectStudy(db, idOrPrefix);
  db.prepare('DELETE FROM run_groups WHERE id = ?').run(s.groupId);
}
