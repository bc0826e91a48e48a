import { expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.server";

it("allows a burst, then one more each time a token refills, per key", () => {
  const limiter = createRateLimiter({ capacity: 3, refillPerMinute: 10 });
  const t0 = 1_000_000;
  expect([1, 2, 3, 4].map(() => limiter.take("a", t0))).toEqual([true, true, true, false]);
  expect(limiter.take("b", t0)).toBe(true);
  expect(limiter.take("a", t0 + 5_999)).toBe(false);
  expect(limiter.take("a", t0 + 6_000)).toBe(true);
});

it("keeps limiting correctly after many keys have come and gone", () => {
  const limiter = createRateLimiter({ capacity: 1, refillPerMinute: 60 });
  for (let i = 0; i <= 100_001; i++) limiter.take(`ip${i}`, 0);
  expect(limiter.take("ip5", 500)).toBe(false); // still within its second
  expect(limiter.take("ip5", 120_000)).toBe(true);
});
