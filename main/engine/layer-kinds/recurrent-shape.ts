// The shape rules of a recurrent layer, shared by its CPU pass, its GPU kernels, its exports and the two
// recurrent layer kinds (recurrent.ts, bidirectional.ts). A leaf module: everything recurrent imports it.

export type CellKind = 'rnn' | 'lstm' | 'gru';

export interface RecurrentPlan {
  cell: CellKind;
  units: number;
  inputDim: number;
  returnSequences: boolean;
  resetAfter: boolean; // GRU only
}

/** Gate blocks per cell: SimpleRNN 1, GRU 3 (z, r, h), LSTM 4 (i, f, c, o). */
export function gatesOf(cell: CellKind): number {
  return cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4;
}

/** Keras parameter count of one recurrent layer (GRU reset_after keeps two bias vectors). */
export function recurrentParams(r: RecurrentPlan): number {
  const g = gatesOf(r.cell);
  const biases = r.cell === 'gru' && r.resetAfter ? 2 : 1;
  return g * (r.inputDim * r.units + r.units * r.units + biases * r.units);
}

/** Multiply-adds per example and timestep of one direction (input and recurrent products, bias). */
export function recurrentCost(r: RecurrentPlan): number {
  return gatesOf(r.cell) * (r.inputDim + r.units + 1) * r.units;
}

/** The Keras class of a cell's layer. */
export function cellClass(cell: CellKind): 'SimpleRNN' | 'LSTM' | 'GRU' {
  return cell === 'rnn' ? 'SimpleRNN' : cell === 'gru' ? 'GRU' : 'LSTM';
}

/** The base of a cell layer's Keras auto-name (simple_rnn, lstm, gru). */
export function cellBaseName(cell: CellKind): string {
  return cell === 'rnn' ? 'simple_rnn' : cell;
}

/** TF.js layers refuses GRU reset_after=true (the Keras default): only its export, through a twin, works. */
export function tfjsBuildsCell(r: RecurrentPlan): boolean {
  return !(r.cell === 'gru' && r.resetAfter);
}
