/**
 * CPU and memory of a process and of its threads, read from /proc (Linux): the server's main
 * thread against its worker threads.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function cpuTicks(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

export interface ProcSample {
  at: number;
  /** CPU seconds used so far: main thread, other threads. */
  mainCpu: number;
  otherCpu: number;
  rssMb: number;
}

export function sampleProcess(pid: number): ProcSample {
  let main = 0;
  let other = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const ticks = cpuTicks(`/proc/${pid}/task/${tid}/stat`);
    if (Number(tid) === pid) main += ticks;
    else other += ticks;
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  return { at: Date.now(), mainCpu: main / TICKS, otherCpu: other / TICKS, rssMb: Math.round(rss) };
}

/** CPU use between two samples, in cores (1.0 = one core busy). */
export function cpuBetween(a: ProcSample, b: ProcSample): { main: number; workers: number } {
  const seconds = (b.at - a.at) / 1000 || 1;
  return { main: (b.mainCpu - a.mainCpu) / seconds, workers: (b.otherCpu - a.otherCpu) / seconds };
}
