"""Regenerate the bundled example plan ``harbor.qkdplan`` (and ``harbor.geojson``).

A fictional automated container terminal, "Haixin Bay Container Terminal", at the proportions of
published automated terminals (shared port context: a 2.1 km quay with 6 berths, 12 ship-to-shore
cranes modelled by their control cabinets, automated yard blocks, gate complex, customs, bonded
warehouse, terminal operations centre and data centre), with a port authority data centre 7 km away,
a customs headquarters 12 km away and a colocation data centre 26 km away. Coordinates are local
UTM zone 51N metres (EPSG:32651). Run: ``python examples/make_harbor.py``.
"""

from __future__ import annotations

from pathlib import Path

from planner.io import save_plan
from planner.io.geojson import save_geojson
from planner.model import (
    Demand,
    DeviceSettings,
    Fiber,
    KeyProfile,
    Plan,
    PlanMeta,
    RolloutSettings,
    Section,
    Site,
    add,
)

X0, Y0 = 247_000.0, 3_985_000.0  # local origin: west end of the quay line


def P(x: float, y: float) -> tuple[float, float]:
    return (round(X0 + x, 3), round(Y0 + y, 3))


def build() -> Plan:
    plan = Plan(
        meta=PlanMeta(
            name="Haixin Bay Container Terminal - QKD rollout",
            port="Haixin Bay (fictional)",
            author="Terminal network planning",
            description="Example plan: QKD protection of crane control, yard automation, gate, customs "
            "and data-centre links of an automated container terminal.",
            crs="EPSG:32651",
            currency="EUR",
        ),
        rollout=RolloutSettings(seed_section="ops-campus", strategy="contiguous", budget_per_year=2_500_000.0,
                                start_year=2027, years=10),
        devices=DeviceSettings(),
    )

    def section(sid, name, kind, prio, x0, y0, x1, y1):
        add("section", Section(sid, name, (P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1)), prio, kind)).apply(plan)

    # Quay runs along y = 0 (water to the south); the yard lies behind it.
    section("berth-1-2", "Berths 1-2 (west quay)", "berth", 5, 0, -40, 700, 120)
    section("berth-3-4", "Berths 3-4 (central quay)", "berth", 4, 700, -40, 1400, 120)
    section("berth-5-6", "Berths 5-6 (east quay)", "berth", 3, 1400, -40, 2100, 120)
    section("yard-a", "Yard A (automated blocks 1-3)", "yard", 4, 0, 120, 700, 620)
    section("yard-b", "Yard B (automated blocks 4-6)", "yard", 3, 700, 120, 1400, 620)
    section("yard-c", "Yard C (automated blocks 7-9)", "yard", 2, 1400, 120, 2100, 620)
    section("ops-campus", "Operations campus (TOS, data centre)", "office", 5, 700, 620, 1400, 900)
    section("gate", "Gate complex", "gate", 4, 1400, 620, 2100, 900)
    section("customs", "Customs inspection zone", "customs", 3, 2100, 620, 2500, 900)
    section("bonded", "Bonded logistics zone", "bonded", 2, 2100, 120, 2700, 620)
    section("pa-campus", "Port authority campus", "office", 4, 2600, 6700, 3100, 7100)
    section("customs-hq", "Customs headquarters", "customs", 3, -6400, 9700, -5900, 10100)

    def site(sid, name, role, x, y, relay=False, cost=None):
        add("site", Site(sid, name, role, *P(x, y), can_relay=relay, relay_cost=cost)).apply(plan)

    # Operations campus and data centres (guarded buildings: trusted nodes allowed).
    site("toc", "Terminal operations centre (TOS)", "terminal_ops", 980, 760, relay=True)
    site("tdc", "Terminal data centre", "data_centre", 1120, 800, relay=True)
    site("pa-dc", "Port authority data centre", "data_centre", 2850, 6900, relay=True)
    site("cus-hq", "Customs headquarters server room", "customs", -6150, 9900, relay=True)
    site("colo", "Colocation data centre (port community system)", "data_centre", 14_500, 21_800, relay=True,
         cost=180_000.0)
    site("exch-n", "Municipal telecom exchange (north)", "relay_site", 6_200, 12_400, relay=True, cost=150_000.0)
    site("relay-w", "Coast road relay hut", "relay_site", -2_900, 5_100, relay=True, cost=120_000.0)
    # Quay: one electrical house per two berths (guarded, may relay), two crane controllers per berth.
    for k, x in enumerate((350, 1050, 1750), start=1):
        site(f"ehouse-{k}", f"Quay e-house {k} (crane power and control)", "crane_control", x, 60, relay=True,
             cost=90_000.0)
    for berth in range(1, 7):
        for c in (1, 2):
            x = (berth - 1) * 350 + 115 + (c - 1) * 120
            site(f"sts-{berth}{c}", f"STS crane {2 * (berth - 1) + c:02d} control cabinet", "crane_control", x, 15)
    # Yard: a block controller per automated block.
    for blk in range(1, 10):
        x = 120 + (blk - 1) * 230
        site(f"blk-{blk}", f"Yard block {blk} controller", "yard_control", x, 420)
    # Gate, customs, bonded warehouses.
    site("gate-ctl", "Gate control building", "gate", 1700, 760, relay=True, cost=80_000.0)
    site("gate-ocr", "In-gate OCR and lane controllers", "gate", 1900, 700)
    site("cus-insp", "Customs inspection station (scanner)", "customs", 2300, 760)
    site("bond-1", "Bonded warehouse 1", "warehouse", 2300, 300)
    site("bond-2", "Bonded warehouse 2", "warehouse", 2550, 500)
    site("rail-ctl", "Rail yard controller", "yard_control", 300, 760)
    # Duct chambers (passive junctions) along the back-of-quay road, the yard spine and the gate road.
    for k, x in enumerate((0, 350, 700, 1050, 1400, 1750, 2100), start=1):
        site(f"jq-{k}", f"Quay duct chamber Q{k}", "junction", x, 100)
    for k, x in enumerate((0, 700, 1400, 2100), start=1):
        site(f"jy-{k}", f"Yard spine chamber Y{k}", "junction", x, 620)
    site("jg-1", "Port entrance chamber", "junction", 2100, 900)
    site("jn-1", "North road chamber", "junction", 2400, 3600)
    site("jc-1", "Coast road chamber", "junction", 400, 2600)

    fid = iter(range(1, 1000))

    def fiber(a, b, *bends, duct=None, env="buried", status="existing", splices=None, length=None, loss=None,
              classical=0, ground="paved", conn=None, ftype="G.652.D"):
        pts = [P(*v) for v in bends]
        if conn is None:  # a patch-panel connector at each end that is a building; chambers are spliced
            conn = sum(not plan.sites[s].is_junction for s in (a, b))
        f = Fiber(
            f"f-{next(fid):02d}", a, b, tuple(pts), duct=duct, environment=env, status=status, ground=ground,
            splices=splices if splices is not None else 2, length_m=length, loss_db=loss,
            classical_channels=classical, connectors=conn,
            fiber_type=ftype,
        )
        add("fiber", f).apply(plan)

    # Back-of-quay duct (one trench): chambers Q1..Q7.
    for k in range(1, 7):
        fiber(f"jq-{k}", f"jq-{k + 1}", duct="D-QUAY")
    # Crane cabinets: drop from the quay duct, through the crane's cable reel (quay_crane environment).
    for berth in range(1, 7):
        for c in (1, 2):
            j = f"jq-{(berth - 1) // 2 * 2 + 1 + (berth - 1) % 2}"
            fiber(f"sts-{berth}{c}", j, env="quay_crane", duct=f"D-REEL-{berth}{c}", conn=3)  # + slip ring
    # E-houses on the quay duct.
    for k, j in ((1, "jq-2"), (2, "jq-4"), (3, "jq-6")):
        fiber(f"ehouse-{k}", j, duct=f"D-EH-{k}", env="indoor")
    # Yard spine (north edge of the yard) and cross links quay <-> spine.
    for k in range(1, 4):
        fiber(f"jy-{k}", f"jy-{k + 1}", duct="D-SPINE")
    fiber("jq-1", "jy-1", duct="D-WEST")
    fiber("jq-3", "jy-2", duct="D-X2")
    fiber("jq-5", "jy-3", duct="D-X3")
    fiber("jq-7", "jy-4", duct="D-EAST")
    # Block controllers from the spine.
    for blk in range(1, 10):
        x = 120 + (blk - 1) * 230
        j = f"jy-{min(4, 1 + int(x // 700))}" if x % 700 > 350 else f"jy-{1 + int(x // 700)}"
        fiber(f"blk-{blk}", j, (x, 620), duct=f"D-BLK-{blk}")
    # Operations campus: TOC and data centre on two separate ducts (diverse entries).
    fiber("toc", "jy-2", (980, 620), duct="D-TOC-S", env="indoor")
    fiber("toc", "tdc", duct="D-CAMPUS", env="indoor", splices=0)
    fiber("tdc", "jy-3", (1400, 800), duct="D-TDC-E", splices=1)
    fiber("rail-ctl", "jy-1", (300, 620), duct="D-RAIL", env="aerial")
    # Gate and customs.
    fiber("gate-ctl", "jy-3", (1700, 620), duct="D-GATE")
    fiber("gate-ctl", "gate-ocr", duct="D-GATE-L")
    fiber("gate-ctl", "jg-1", (2100, 760), duct="D-GATE-N")
    fiber("cus-insp", "jg-1", duct="D-CUS")
    fiber("jy-4", "jg-1", (2100, 760), duct="D-GATE-ROAD")
    # Bonded zone: warehouse 2 is reached by a new trench (planned) along the bonded road.
    fiber("bond-1", "jq-7", (2300, 100), duct="D-BOND")
    fiber("bond-2", "bond-1", duct="D-BOND-2", status="planned", ground="soft")
    # Port authority: north road (existing, carries classical traffic) and coast road (partly planned).
    fiber("jg-1", "jn-1", duct="D-NORTH", splices=6, length=2_950.0, classical=8)
    fiber("jn-1", "pa-dc", (2900, 5200), duct="D-NORTH", splices=8, length=3_620.0, classical=8)
    fiber("jq-1", "jc-1", (-200, 400), (0, 1500), duct="D-COAST", splices=6, env="aerial", length=2_700.0)
    fiber("jc-1", "pa-dc", (1500, 4600), duct="D-COAST-2", status="planned", ground="soft", splices=8)
    # Customs headquarters via the coast road relay hut; colocation via the municipal exchange.
    fiber("jc-1", "relay-w", (-1200, 3900), duct="D-COAST-W", splices=10, length=4_450.0)
    fiber("relay-w", "cus-hq", (-4800, 7900), duct="D-CUS-HQ", splices=12, length=6_050.0)
    fiber("pa-dc", "cus-hq", (-1500, 8600), duct="D-CITY", splices=16, length=9_800.0, loss=7.9)
    fiber("pa-dc", "exch-n", (4800, 9800), duct="D-METRO-N", splices=12, length=6_900.0, classical=16)
    fiber("exch-n", "colo", (10_500, 17_000), duct="D-METRO-N2", splices=20, length=12_600.0, classical=16,
          ftype="G.654.E")
    fiber("jn-1", "exch-n", (4000, 8000), duct="D-RING-E", splices=18, length=9_900.0)

    did = iter(range(1, 1000))

    def demand(a, b, *, bps=None, profile=None, prio=1, paths=1, name=""):
        add("demand", Demand(f"d-{next(did):02d}", a, b, required_bps=bps, profile=profile, priority=prio,
                             disjoint_paths=paths, name=name)).apply(plan)

    duplex_1s = KeyProfile("aes256", streams=2, interval_s=1.0)  # 512 bit/s
    # Crane control: each STS cabinet to the TOS, AES-256 rekeyed every second both ways.
    for berth in range(1, 7):
        for c in (1, 2):
            demand(f"sts-{berth}{c}", "toc", profile=duplex_1s, prio=5,
                   name=f"STS crane {2 * (berth - 1) + c:02d} control <-> TOS")
    # Yard automation: block controllers rekeyed every 2 s.
    for blk in (1, 4, 7):
        demand(f"blk-{blk}", "toc", profile=KeyProfile("aes256", 2, 2.0), prio=4,
               name=f"Yard block {blk} controller <-> TOS")
    demand("gate-ocr", "toc", profile=duplex_1s, prio=4, name="Gate lanes <-> TOS")
    demand("gate-ctl", "cus-insp", bps=1024.0, prio=3, name="Gate <-> customs inspection")
    demand("cus-insp", "cus-hq", profile=KeyProfile("otp", data_rate_bps=2048.0), prio=3,
           name="Scanner images to customs HQ (one-time pad, 2 kbit/s control channel)")
    demand("toc", "tdc", profile=KeyProfile("otp", data_rate_bps=128_000.0), prio=5,
           name="TOS <-> data centre (one-time pad, 128 kbit/s)")
    demand("tdc", "pa-dc", bps=8192.0, prio=5, paths=2, name="Data centre <-> port authority (two routes)")
    demand("tdc", "colo", bps=4096.0, prio=3, name="Data centre <-> port community system")
    demand("bond-2", "cus-hq", profile=KeyProfile("aes256", 2, 10.0), prio=2, name="Bonded warehouse 2 <-> customs")
    demand("pa-dc", "cus-hq", bps=2048.0, prio=3, name="Port authority <-> customs HQ")
    demand("rail-ctl", "toc", profile=KeyProfile("aes256", 2, 5.0), prio=2, name="Rail yard <-> TOS")
    return plan


def main() -> None:
    here = Path(__file__).resolve().parent
    plan = build()
    save_plan(plan, here / "harbor.qkdplan", backup=False)
    save_geojson(plan, here / "harbor.geojson", backup=False)
    print(f"{len(plan.sites)} sites, {len(plan.sections)} sections, {len(plan.fibers)} fibers, "
          f"{len(plan.demands)} demands")


if __name__ == "__main__":
    main()
