// Anything thrown by a call → the contract's {code, message}: UserErrors keep their code and message;
// anything else is an internal error reported as one line (never a stack trace to the client).
import { isUserError, errorMessage } from '../errors.js';
import { ERROR_CODES, type ContractError } from '../contract/index.js';

export function toContractError(e: unknown): ContractError {
  const line = (errorMessage(e).split('\n')[0] ?? '').slice(0, 1000) || 'unknown error';
  if (isUserError(e)) return { code: e.code, message: line };
  return { code: ERROR_CODES.internal, message: `internal error: ${line}` };
}
