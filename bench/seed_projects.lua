-- wrk script: creates projects bench-00000 .. bench-(N-1), owned by team "bench", through
-- POST /api/v1/projects, then stops. Run with one thread (-t1): the counters are per thread.
-- Usage: wrk -t1 -c8 -d300s -s seed_projects.lua -H "Authorization: Bearer TOKEN" URL -- N

local total = 10000
local next_index = 0
local created = 0
local failed = 0
local reported = false

function init(args)
  total = tonumber(args[1]) or total
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if next_index >= total then
    -- All projects are in flight; keep the remaining connections busy harmlessly.
    return wrk.format("GET", "/healthz")
  end
  local slug = string.format("bench-%05d", next_index)
  next_index = next_index + 1
  local body = string.format(
    '{"slug":"%s","name":"Bench project %d","owner_team":"bench",' ..
    '"description":"Created by the API load test"}', slug, next_index)
  return wrk.format("POST", "/api/v1/projects", nil, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status ~= 200 then
    failed = failed + 1
    if failed <= 3 then io.stderr:write("seed: HTTP " .. status .. " " .. body .. "\n") end
  end
  if created + failed >= total and not reported then
    reported = true
    io.stdout:write(string.format("seeded %d projects, %d failed\n", created, failed))
    wrk.thread:stop()
  end
end
