-- wrk: POST /api/assess with one household record (SPEC acceptance case "dibao top-up, 3 persons,
-- one wage", 2019-10), as a rules-as-code calculate endpoint is benchmarked.
local f = assert(io.open(os.getenv("SN_ASSESS_BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
