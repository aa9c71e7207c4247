// Errors a user (or another process) caused: bad input, missing files, unknown ids.
// The CLI prints their message as one line and exits non-zero; the transports send it back as-is.
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, readonly code: string = 'bad_input') {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** The message of anything thrown, for one-line reports. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
