# Usage: python3 tests/bench/gen_ais_days.py VESSELS DAYS OUT.csv (README "Every command on a database").
# Multi-day AIS for the streaming detect measurement: V vessels over D days, continuous
# random walks in the open Pacific, reports every 2-6 min, rows in time order.
import random, math, sys, datetime, heapq
V, D, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(1)
start = datetime.datetime(2024, 3, 1)
end_s = D * 86400
vs = []
for v in range(V):
    vs.append([random.uniform(10, 30), random.uniform(140, 170), random.uniform(0, 360),
               random.choice([0.2, 0.5, 8, 11, 13]), random.randint(120, 360)])
heap = [(random.randint(0, 300), v) for v in range(V)]
heapq.heapify(heap)
with open(out, 'w') as f:
    f.write("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n")
    while heap:
        t, v = heapq.heappop(heap)
        if t >= end_s: continue
        la, lo, cog, sog, every = vs[v]
        d = sog * 1.852 * every / 3600 / 111.2
        la += d * math.cos(math.radians(cog)); lo += d * math.sin(math.radians(cog)) / math.cos(math.radians(la))
        if random.random() < 0.01: cog = (cog + random.uniform(-40, 40)) % 360
        if random.random() < 0.002: vs[v][3] = random.choice([0.2, 0.5, 8, 11, 13])
        vs[v][0], vs[v][1], vs[v][2] = la, lo, cog
        ts = (start + datetime.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%S")
        f.write(f"{440000000+v},{ts},{la:.6f},{lo:.6f},{vs[v][3]:.1f},{cog:.1f},{int(cog)},VESSEL {v},,,80,0,180,32,10.5,80,A\n")
        heapq.heappush(heap, (t + every, v))
