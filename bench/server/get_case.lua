-- wrk: GET /api/cases/{id} over the seeded cases, at random, with a bearer session token.
local ids = {}
for line in io.lines(os.getenv("SN_CASE_IDS")) do ids[#ids + 1] = line end
local token = os.getenv("SN_TOKEN")
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/cases/" .. id, { ["Authorization"] = "Bearer " .. token })
end
