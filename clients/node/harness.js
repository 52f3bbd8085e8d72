// The harness starts the standalone fake with `go run ./cmd/fakestripe` on
// a free loopback port and stops it when the tests are done.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// startFake runs the fake with extra flags and resolves, once it listens,
// to { url, port, stop }. It asks for port 0, so the kernel picks a free
// port, and reads the address back from the line the server logs when it
// is up. The server runs in its own process group, so that stop() ends both
// `go run` and the program it built, and nothing else.
export function startFake(flags = [], { timeoutMs = 180_000 } = {}) {
  const child = spawn('go', ['run', './cmd/fakestripe', '-addr', '127.0.0.1:0', ...flags], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  let log = '';
  let started = false;
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      kill(child);
      rej(new Error(`fakestripe did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /serving the Stripe API \([^)]*\) on (https?):\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        const port = Number(m[2]);
        res({
          protocol: m[1],
          port,
          url: `${m[1]}://127.0.0.1:${port}`,
          stop: async () => {
            kill(child);
            return exited;
          },
        });
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(err);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`fakestripe exited (code ${code}, signal ${signal}) before listening:\n${log}`));
    });
  });
}

function kill(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
