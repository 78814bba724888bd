-- wrk script: GET /api/v1/projects/bench-NNNNN for a random NNNNN below N.
-- Usage: wrk ... -s get_random_project.lua -H "Authorization: Bearer TOKEN" URL -- N

local total = 10000

function init(args)
  total = tonumber(args[1]) or total
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", string.format("/api/v1/projects/bench-%05d", math.random(0, total - 1)))
end
