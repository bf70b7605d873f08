/**
 * A worker thread of `loadPaths`: waits for the jobs, then claims them from the shared counter,
 * reads each with `readJob` (the very function the calling thread uses) and posts the result,
 * until no job is left. When the calling thread closes the channel instead, the worker ends.
 */
import { MessagePort, workerData } from 'worker_threads';
import { WorkerInput, WorkerMessage, readJob } from './load';

const { port } = workerData as { port: MessagePort };

function run({ jobs, displayRoot, next, posted }: WorkerInput): void {
  const nextJob = new Int32Array(next);
  const postedFlags = new Int32Array(posted);
  for (let i = Atomics.add(nextJob, 0, 1); i < jobs.length; i = Atomics.add(nextJob, 0, 1)) {
    let message: WorkerMessage;
    try {
      message = { job: i, result: readJob(jobs[i], displayRoot) };
    } catch (e) {
      message = { job: i, error: String(e) };
    }
    try {
      port.postMessage(message);
    } catch (e) {
      // A value that cannot be posted: the calling thread reads the file itself.
      port.postMessage({ job: i, error: String(e) });
    }
    Atomics.store(postedFlags, i, 1);
    Atomics.notify(postedFlags, i);
  }
}

port.once('message', (input: WorkerInput) => {
  run(input);
  port.close();
});
