"""Plays a careful analyst: the verdict the ground truth gives each entity the queue picked.

Usage: verdicts_from_truth.py QUEUE_JSON CLICKS_JSONL TRUTH_CSV FROM_MS TO_MS USERS IPS OUT_CSV
The entity's verdict is robot when most of its clicks in [FROM_MS, TO_MS) are robot clicks.
Pseudonyms are the job's: HMAC-SHA256(kind letter, 0, identifier) under SLIDR_HMAC_KEY, key id k1.
"""
import base64, csv, hashlib, hmac, ipaddress, json, os, sys

queue, clicks, truth, lo, hi, n_users, n_ips, out = sys.argv[1:9]
lo, hi, n_users, n_ips = int(lo), int(hi), int(n_users), int(n_ips)
key = base64.b64decode(os.environ["SLIDR_HMAC_KEY"])
q = json.load(open(queue))
wanted = {("user", e["entity"]) for e in q["users"]["top"][:n_users]}
wanted |= {("ip", e["entity"]) for e in q["ips"]["top"][:n_ips]}

def pseudonym(kind, ident):
    d = hmac.new(key, kind.encode() + b"\0" + ident.encode(), hashlib.sha256).digest()[:16]
    return kind + ".k1." + base64.urlsafe_b64encode(d).decode().rstrip("=")

robot = {}
with open(truth) as f:
    next(f)
    for line in f:
        cid, is_robot = line.split(",")[:2]
        robot[cid] = is_robot == "true"
tally = {}
with open(clicks) as f:
    for line in f:
        c = json.loads(line)
        if not lo <= c["ts"] < hi:
            continue
        user = pseudonym("u", c["user_id"]) if c["logged_in"] and c["user_id"] else pseudonym("s", c["session_id"])
        ip = pseudonym("i", str(ipaddress.ip_address(c["ip"].strip())))
        for k in (("user", user), ("ip", ip)):
            if k in wanted:
                t = tally.setdefault(k, [0, 0])
                t[0] += 1
                t[1] += robot.get(c["click_id"], False)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["entity_type", "entity", "verdict"])
    for (kind, entity), (n, r) in sorted(tally.items()):
        w.writerow([kind, entity, "robot" if 2 * r > n else "human"])
stats = {}
for (kind, _), (n, r) in tally.items():
    s = stats.setdefault(kind, [0, 0, 0, 0])
    s[0] += 1; s[1] += 2 * r > n; s[2] += n; s[3] += r
print({k: dict(entities=v[0], robot_entities=v[1], clicks=v[2], robot_clicks=v[3]) for k, v in stats.items()},
      "missing", len(wanted) - len(tally))
