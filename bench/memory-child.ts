/**
 * The memory benchmark's child process: runs one scenario file as the CLI does, sized to a number of
 * requests, then prints one JSON line with the process's peak resident memory. It runs alone in its
 * own process so that nothing the parent allocated counts against it.
 *
 * Usage: node .bench/memory-child.mjs FILE REQUESTS (bundled by bench/plain-node.mjs)
 */
import { readFileSync } from 'node:fs';
import { durationFor, runAsCli } from './scenario-runs';

/** Peak resident set size of this process, bytes: VmHWM where /proc has it, else the OS's maxRSS. */
function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}

const [path, requestsText] = process.argv.slice(2);
const requests = Number(requestsText);
if (!path || !(requests > 0)) {
  process.stderr.write('usage: memory-child.ts FILE REQUESTS\n');
  process.exit(2);
}
const run = runAsCli(path, durationFor(path, requests));
process.stdout.write(
  `${JSON.stringify({
    requests: run.requests,
    events: run.events,
    wallMs: run.ms,
    peakRssBytes: peakRssBytes(),
    heapUsedBytes: process.memoryUsage().heapUsed,
  })}\n`,
);
