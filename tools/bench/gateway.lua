-- wrk script for tools/bench/gateway.sh: GET the kedudukan of the pegawai
-- listed in $PEGAWAI_FILE (one resource name per line), round robin, with
-- the bearer token in $TOKEN.
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(os.getenv("PEGAWAI_FILE")) do
    paths[#paths + 1] = "/v1/" .. line .. "/kedudukan"
  end
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  })
end
