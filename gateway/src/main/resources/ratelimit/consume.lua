-- Takes one request from two fixed windows at once, atomically: KEYS[1] counts the current minute, KEYS[2] the
-- current day. ARGV: per-minute limit, per-day limit, seconds each counter must outlive its window.
-- A request is counted only when both windows still have budget, so a rejected request costs nothing.
-- Returns {allowed (1/0), minute count, day count} after the call.
local minute = tonumber(redis.call('GET', KEYS[1]) or '0')
local day = tonumber(redis.call('GET', KEYS[2]) or '0')
if minute >= tonumber(ARGV[1]) or day >= tonumber(ARGV[2]) then
  return {0, minute, day}
end
minute = redis.call('INCR', KEYS[1])
if minute == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
day = redis.call('INCR', KEYS[2])
if day == 1 then
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return {1, minute, day}
