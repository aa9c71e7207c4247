// Who owns a running run: "host:pid". A later process can tell a crashed owner from a live one on this host.
import { hostname } from 'node:os';

export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** false only when the owner ran on this host and its process is gone. */
export function ownerAlive(owner: string | null): boolean {
  if (!owner) return false;
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i);
  const pid = Number(owner.slice(i + 1));
  if (host !== hostname()) return true; // another machine sharing the file: cannot tell, assume alive
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "process 1234 on host" for messages; "another process" when unknown. */
export function describeOwner(owner: string | null): string {
  if (!owner) return 'another process';
  const i = owner.lastIndexOf(':');
  return i < 0 ? `process ${owner}` : `process ${owner.slice(i + 1)} on ${owner.slice(0, i)}`;
}
