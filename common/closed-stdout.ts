/**
 * A reader that stops reading (`telematics gateway list-devices | head -1`) closes the pipe; the
 * next write fails with EPIPE, which Node raises as an error on process.stdout and, unhandled,
 * as a crash. Every command's output goes through process.stdout, so one handler covers them
 * all: the command ends as it would have, quietly. A command with a graceful stop of its own (it
 * listens for SIGTERM: the agent, `gps watch`, `sim`) gets that stop; any other exits at once,
 * with the exit code it had set (a `diag` that found a problem still says so).
 */
export function endQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  let ending = false;
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (ending) return;
    ending = true;
    if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
    else process.exit(process.exitCode ?? 0);
  });
}
