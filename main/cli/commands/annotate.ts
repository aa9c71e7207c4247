// `recurrent-lab annotate RUN`: rename a run, add or remove tags, set its notes — what the app's run
// details let a user edit, from the command line.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { multiLine, oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, openCliStore } from '../../runs/cli-support.js';
import { NOTES_MAX_CHARS, RUN_NAME_MAX, TAGS_MAX, TAG_MAX_CHARS } from '../../contract/limits.js';

const list = (v: string | boolean | string[] | undefined): string[] => (Array.isArray(v) ? v : []);

export const annotateCommand: CliCommand = {
  name: 'annotate',
  summary: 'rename a run, add or remove its tags, set its notes',
  usage: `Usage: recurrent-lab annotate RUN [--name NAME] [--tag T]… [--untag T]… [--notes TEXT] [--db FILE] [--json]
  --tag adds a tag, --untag removes one (both repeatable); --notes replaces the notes ("" clears them).`,
  async run(argv, io) {
    const p = parseFlags(argv, {
      ...DB_OPTION,
      name: { type: 'string' },
      tag: { type: 'string', multiple: true },
      untag: { type: 'string', multiple: true },
      notes: { type: 'string' },
    }, true);
    const [id, ...extra] = p.positionals;
    if (id === undefined || extra.length > 0) throw new UserError('annotate needs exactly one RUN id');
    const name = str(p, 'name');
    const add = list(p.values['tag']).map((t) => t.trim());
    const remove = new Set(list(p.values['untag']).map((t) => t.trim()));
    const notes = str(p, 'notes');
    if (name === undefined && add.length === 0 && remove.size === 0 && notes === undefined) {
      throw new UserError('annotate: nothing to change (give --name, --tag, --untag or --notes)');
    }
    if (add.some((t) => t === '')) throw new UserError('--tag must not be empty');
    const both = add.find((t) => remove.has(t));
    if (both !== undefined) throw new UserError(`tag "${both}" is both added and removed`);
    const store = openCliStore(p, io, 'write');
    try {
      let run = store.getRun(id);
      const unknown = [...remove].filter((t) => !run.tags.includes(t));
      if (unknown.length > 0) throw new UserError(`run ${run.id} has no tag ${unknown.map((t) => `"${t}"`).join(', ')} (its tags: ${run.tags.join(', ') || 'none'})`);
      // Everything is checked before the first write, so a refused change leaves the run as it was.
      const tags = [...new Set([...run.tags.filter((t) => !remove.has(t)), ...add])];
      const long = add.find((t) => t.length > TAG_MAX_CHARS);
      if (long !== undefined) throw new UserError(`tag "${long.slice(0, 20)}…" is longer than ${TAG_MAX_CHARS} characters`);
      if (tags.length > TAGS_MAX) throw new UserError(`at most ${TAGS_MAX} tags per run (this would make ${tags.length})`);
      if (notes !== undefined && notes.length > NOTES_MAX_CHARS) throw new UserError(`notes are at most ${NOTES_MAX_CHARS} characters`);
      if (name !== undefined && (name.trim() === '' || name.trim().length > RUN_NAME_MAX)) {
        throw new UserError(`a run name must have 1 to ${RUN_NAME_MAX} characters`);
      }
      if (name !== undefined) run = store.rename(run.id, name);
      if (add.length > 0 || remove.size > 0) run = store.setTags(run.id, tags);
      if (notes !== undefined) run = store.setNotes(run.id, notes);
      if (flag(p, 'json')) printJson(io, { runId: run.id, name: run.name, tags: run.tags, notes: run.notes });
      else io.out(`${run.id}  ${oneLine(run.name)}\ntags ${run.tags.map(oneLine).join(', ') || '-'}\nnotes ${multiLine(run.notes) || '-'}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
