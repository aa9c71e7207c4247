// Types shared by the chart components and the screens that feed them.

export interface LineSeries {
  label: string;
  color: string;
  x: number[];
  y: number[];
  /** 'batch' = dense noisy curve (smoothed), 'epoch' = few points (markers). */
  kind: 'batch' | 'epoch';
  /** Optional band (mean ± spread) drawn around the line. */
  lower?: number[];
  upper?: number[];
  /** Line dash pattern (canvas setLineDash), to tell apart series of one colour (a run's layers). */
  dash?: number[];
}
