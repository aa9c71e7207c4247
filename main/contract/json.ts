// Plain-JSON checks: every contract payload must be plain JSON, so it survives JSON.stringify
// (WebSocket) and structured clone (Electron IPC) unchanged. Checked at compile time in index.ts.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** true when T is plain JSON (optional properties allowed: they are simply absent), else false. */
export type IsJson<T> = [T] extends [never]
  ? true
  : T extends string | number | boolean | null
    ? true
    : T extends readonly (infer U)[]
      ? IsJson<U>
      : T extends (...args: never[]) => unknown
        ? false
        : T extends object
          ? { [K in keyof T]-?: IsJson<Exclude<T[K], undefined>> }[keyof T] extends true
            ? true
            : false
          : false;

/** The keys of record T whose values are not plain JSON (never when all are). */
export type JsonOffenders<T> = { [K in keyof T]: IsJson<T[K]> extends true ? never : K }[keyof T];
