/** A port an adapter cannot listen on, as one line naming the variable that sets it. */
import { StartupError } from './adapter.ts';

export function listenError(error: unknown, variable: string, port: number): StartupError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new StartupError(variable, `${variable} ${port} is already in use: stop what listens there, or set ${variable} to a free port`, error);
  if (code === 'EACCES') return new StartupError(variable, `${variable} ${port} may not be opened by this user: set ${variable} to a port above 1023`, error);
  const reason = error instanceof Error ? error.message : String(error);
  return new StartupError(variable, `${variable} ${port} cannot be listened on (${reason})`, error);
}
