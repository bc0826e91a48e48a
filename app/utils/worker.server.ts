import { logger } from "./logger.server";
import { singleton } from "./singleton.server";

const RETRY_MS = 1_000;

/**
 * A worker in the server process that, when woken, does all the work there is: one run at a time,
 * and one more if it is woken while running. `recover` runs once at start, before the first run,
 * to take back work a stopped process left half done. `run` checks `stopped()` between two steps
 * of its work; `stop` waits for the step in hand. With `nextRunIn` (milliseconds, asked after each
 * run) it also wakes on a timer, and a second after a run that failed.
 */
export function backgroundWorker(
  name: string,
  {
    recover,
    run,
    nextRunIn,
  }: { recover: () => Promise<void>; run: (stopped: () => boolean) => Promise<void>; nextRunIn?: () => Promise<number> },
) {
  return singleton(name, () => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let stopped = true;

    function schedule(ms: number) {
      if (stopped || !nextRunIn) return;
      clearTimeout(timer);
      timer = setTimeout(wake, ms);
    }

    function wake() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await run(() => stopped);
          } while (again && !stopped);
          if (nextRunIn) schedule(await nextRunIn());
        } catch (error) {
          logger.error({ err: error, worker: name }, "Background work failed; it goes on at the next wake or start");
          schedule(RETRY_MS);
        } finally {
          running = undefined;
        }
      })();
    }

    return {
      async start() {
        await recover();
        stopped = false;
        wake();
      },
      wake,
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  });
}
