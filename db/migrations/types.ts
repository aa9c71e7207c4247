// One schema step: `version` is the PRAGMA user_version after it ran.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
