// Every CLI command, in the order `recurrent-lab help` lists them. Add new commands here. (`bench` lives in
// bench/command.ts: bin/recurrent-lab.js adds it when the benchmarks are built.)
import type { CliCommand } from '../command.js';
import { dataCommand } from './data.js';
import { trainCommand } from './train.js';
import { runsCommand } from './runs.js';
import { showCommand } from './show.js';
import { compareCommand } from './compare.js';
import { resumeCommand } from './resume.js';
import { deleteCommand } from './delete.js';
import { annotateCommand } from './annotate.js';
import { exportCommand } from './export.js';
import { predictCommand } from './predict.js';
import { summaryCommand } from './summary.js';
import { serveCommand } from './serve.js';
import { studyCommand } from './study.js';
import { reevaluateCommand } from './reevaluate.js';
import { sweepCommand } from './sweep.js';
import { sweepsCommand } from './sweeps.js';
import { presetsCommand } from './presets.js';

export const commands: CliCommand[] = [dataCommand, trainCommand, studyCommand, sweepCommand, sweepsCommand, presetsCommand, runsCommand, showCommand, compareCommand, reevaluateCommand, resumeCommand, annotateCommand, deleteCommand, exportCommand, predictCommand, summaryCommand, serveCommand];
