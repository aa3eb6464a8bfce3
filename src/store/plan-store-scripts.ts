// The plan store's Lua scripts: each move of a plan is one script, so concurrent approvals, two
// workers or a worker and the reconciler can never both win. Replies are parsed by the store.

// KEYS[1] the record, KEYS[2] the index of open plans. ARGV: the TTL (s), the index score
// (expiresAtMs), the plan id, then the record's fields as name/value pairs.
export const SAVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 4, #ARGV - 1, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[3])
return 1
`;

// KEYS[1] the record, KEYS[2] the index of open plans, KEYS[3] the lock guarding the move (the
// record itself when unguarded). ARGV: to, now (ms), now (ISO), decision JSON or "", execution
// JSON or "", retention seconds, the lock's token or "", its fence or "", the plan id, the move's
// nonce, then the states it may move from. Returns {status, HGETALL...}: 1 moved; 0 not moved (or
// no record); 2 expired instead of approved; 3 fenced: the guard's lock is not its holder's any
// more. A move already made under this nonce answers what it answered then: ioredis resends a
// command whose reply a Redis restart swallowed, and that must not read as someone else's move.
export const TRANSITION = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {0} end
local function reply(status)
  local out = {status}
  for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(out, v) end
  return out
end
local made = redis.call('HGET', KEYS[1], 'lastMove')
if made and string.sub(made, 1, #ARGV[10] + 1) == ARGV[10] .. ' ' then
  return reply(tonumber(string.sub(made, #ARGV[10] + 2)))
end
local allowed = false
for i = 11, #ARGV do if ARGV[i] == state then allowed = true end end
if not allowed then return reply(0) end
if ARGV[7] ~= '' then
  if redis.call('GET', KEYS[3]) ~= ARGV[7] then return reply(3) end
  local fence = tonumber(redis.call('HGET', KEYS[1], 'fence') or '')
  if fence and fence > tonumber(ARGV[8]) then return reply(3) end
end
local to = ARGV[1]
local status = 1
if state == 'awaiting_approval' then
  local expires = tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs'))
  local past = expires ~= nil and tonumber(ARGV[2]) > expires
  if to == 'approved' and past then
    to = 'expired'
    status = 2
  end
  if to == 'expired' and not past then return reply(0) end
end
redis.call('HSET', KEYS[1], 'state', to, 'lastMove', ARGV[10] .. ' ' .. status)
if status == 1 then
  if to == 'running' then
    redis.call('HSET', KEYS[1], 'startedAt', ARGV[3])
    if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'fence', ARGV[8]) end
  end
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'decision', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'execution', ARGV[5]) end
  local retention = tonumber(ARGV[6])
  if redis.call('TTL', KEYS[1]) < retention then redis.call('EXPIRE', KEYS[1], retention) end
end
local final = {rejected = true, expired = true, succeeded = true, failed = true, stale = true,
  interrupted = true}
if final[to] then redis.call('ZREM', KEYS[2], ARGV[9]) end
return reply(status)
`;

export const SET_MESSAGE_TS =
  "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'messageTs', ARGV[1]) end return 1";
