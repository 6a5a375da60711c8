"""Every string of the PDF report, in English and Chinese (``--lang en|zh``).

``Translator(lang)("key", **fields)`` returns the text with ``str.format`` fields filled in. A key
missing from a language falls back to English, so a new string never breaks a report; the tests
check that both languages have the same keys. Chinese text is set in reportlab's built-in CID font
``STSong-Light`` (Adobe-GB1), which every PDF viewer has: nothing is downloaded or embedded.
"""

from __future__ import annotations

from planner.network.reasons import REASONS, shown_args

LANGUAGES = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        # document
        "report_title": "QKD feasibility and rollout report",
        "report_subtitle": "Quantum key distribution for the port's critical links",
        "cover_plan": "Plan",
        "cover_port": "Port",
        "cover_author": "Prepared by",
        "cover_date": "Date",
        "cover_version": "Software",
        "cover_version_value": "QKD Rollout Planner {version}",
        "cover_crs": "Coordinate system",
        "cover_note": "All figures in this report are computed from the plan file by the planner's engine; "
                      "the assumptions behind them are listed in the section \u201cAssumptions and parameters\u201d.",
        "page_of": "page {page} of {pages}",
        "contents": "Contents",
        "not_available": "Not available: {what}.",
        "missing_links": "the network engine of this version computes no QKD links yet",
        "missing_costs": "the cost model of this version gives no cost figures yet",
        "missing_rollout": "the rollout engine of this version gives no phases yet",
        "missing_resilience": "the network engine of this version gives no failure analysis yet",
        "missing_devices": "the device catalogue could not be loaded",
        "none": "none",
        "yes": "yes",
        "no": "no",
        "total": "Total",
        "dash": "\u2013",
        # section titles
        "sec_summary": "Executive summary",
        "sec_map": "Map of the terminal",
        "sec_links": "QKD links and loss budgets",
        "sec_demands": "Key demands",
        "sec_nodes": "Trusted nodes and resilience",
        "sec_bom": "Bill of materials",
        "sec_interfaces": "Interface inventory",
        "sec_rollout": "Rollout",
        "sec_costs": "Costs",
        "sec_assumptions": "Assumptions and parameters",
        "sec_methods": "Method notes and references",
        # summary
        "verdict": "Verdict",
        "verdict_ok_direct": "Feasible: all {n} key demands are met with direct QKD links, without trusted nodes.",
        "verdict_ok_nodes": "Feasible with {k} trusted node(s): all {n} key demands are met.",
        "verdict_partial": "{m} of {n} key demands cannot be met; the other {ok} are feasible"
                           " (with {k} trusted node(s)).",
        "verdict_pending": "No verdict: {what}.",
        "kf_demands": "Key demands met",
        "kf_demands_value": "{ok} of {n}",
        "kf_nodes": "Trusted nodes",
        "kf_links": "QKD links",
        "kf_capex": "Total CAPEX",
        "kf_opex": "OPEX per year",
        "kf_tco": "Total cost of ownership ({years} years, {rate} discount rate)",
        "kf_timeline": "Coverage timeline",
        "kf_solver": "Optimisation",
        "kf_solver_value": "{method}, {status}, gap {gap}, {seconds} s",
        "sum_capex": "Building the network costs {capex} up front (devices, trusted nodes, key management, "
                     "new fiber, engineering).",
        "sum_opex": "Running it costs {opex} per year (maintenance, power, fiber leases, staff).",
        "sum_timeline": "Protection starts in {year} (phase {index}: {cov1} of the priority-weighted key "
                        "demand); {last_cov} is reached in {last_year} after {phases} phases.",
        "sum_infeasible_intro": "Demands that cannot be met, and why:",
        "sum_failures": "{n} single failures (a fiber, duct or trusted node) interrupt some key supply; the most "
                        "urgent ({element}) leaves demands on stored key for {time}.",
        "sum_drill_ok": "All {total} QKD links detect an intercept-resend attack and stop (breach-detection drill).",
        "sum_drill_hidden": "{n} of {total} QKD links would not detect an intercept-resend attack: {ids}.",
        "sum_scope": "The plan covers {sites} sites ({endpoints} key endpoints), {fibers} fiber runs "
                     "({km} km) and {demands} key demands totalling {bps} of secure key.",
        # map
        "map_overview": "Overview: the terminal and its remote sites",
        "map_detail": "Terminal detail",
        "map_single": "Terminal and connected sites",
        "map_detail_area": "terminal (see detail)",
        "map_grid_north": "N",
        "map_legend_sites": "Sites",
        "map_legend_lines": "Fibers",
        "map_fiber_existing": "existing fiber",
        "map_fiber_planned": "planned fiber (to build)",
        "map_margin_good": "link rate at least 2\u00d7 load",
        "map_margin_ok": "link rate 1\u20132\u00d7 load",
        "map_margin_bad": "link rate below load",
        "map_fiber_unused": "fiber without QKD link",
        "map_trusted": "trusted node",
        "map_caption": "Coordinates: {crs} (grid north up). Sites are drawn by role; labels give site ids "
                       "(names in the tables).",
        "map_unlabelled": "Not labelled for lack of space: {ids}.",
        # roles
        "role_data_centre": "data centre",
        "role_terminal_ops": "terminal operations",
        "role_crane_control": "crane control",
        "role_yard_control": "yard control",
        "role_customs": "customs",
        "role_gate": "gate",
        "role_warehouse": "warehouse",
        "role_control_centre": "control centre",
        "role_port_authority": "port authority",
        "role_office": "office",
        "role_junction": "junction (passive)",
        "role_relay_site": "relay site",
        # links
        "links_intro": "A QKD link joins two QKD devices over one optical path, which may pass several fiber "
                       "runs through passive junctions. Loss = fibers + patch panels + link margin (+ device "
                       "insertion loss). Load is the key demand routed over the link; margin is the key rate "
                       "divided by the load.",
        "col_link": "Link",
        "col_path": "Fiber path",
        "col_length_km": "Length km",
        "col_loss_db": "Loss dB",
        "col_device": "Device",
        "col_qber": "QBER %",
        "col_rate": "Key rate",
        "col_load": "Load",
        "col_margin": "Margin",
        "col_limited": "Limited by",
        "fibers_title": "Loss budget per fiber run",
        "fibers_intro": "Loss of each fiber run: attenuation \u00d7 length, splices, connectors, and margins for the "
                        "environment zone and ageing. A measured loss replaces the budget (marked *).",
        "col_fiber": "Fiber",
        "col_from": "From",
        "col_to": "To",
        "col_status": "Status",
        "col_env": "Environment",
        "col_atten": "Fiber dB",
        "col_splice": "Splices dB",
        "col_conn": "Conn. dB",
        "col_margin_db": "Margins dB",
        "col_total_db": "Total dB",
        "chart_rate_title": "Secure key rate against distance",
        "chart_rate_caption": "Curves: secure key rate of the devices the plan uses over standard fiber "
                              "({alpha} dB/km); dashed: PLOB bound (the most any repeaterless link can give, "
                              "Pirandola et al. 2017) at the same pulse rate. Points: the plan's QKD links at "
                              "their equivalent length (loss / {alpha} dB/km).",
        "chart_distance": "equivalent distance (km)",
        "chart_rate_axis": "secure key rate (bit/s)",
        "chart_plob": "PLOB bound",
        "chart_links": "plan's links",
        # demands
        "demands_intro": "Each demand is a pair of sites that need shared keys at a required rate. "
                         "Delivered is the end-to-end rate after relaying through trusted nodes.",
        "col_demand": "Demand",
        "col_name": "Name",
        "col_required": "Required",
        "col_delivered": "Delivered",
        "col_route": "Route",
        "col_relays": "Relays",
        "col_feasible": "Met",
        "col_prio": "Prio.",
        "col_reason": "Reason",
        # trusted nodes / resilience
        "nodes_intro": "Trusted nodes are guarded sites where keys are relayed hop by hop; a node must be "
                       "as secure as the data it protects.",
        "nodes_none": "The plan needs no trusted node.",
        "col_site": "Site",
        "col_role": "Role",
        "col_cost": "Cost",
        "col_demands_served": "Demands relayed",
        "res_title": "Resilience",
        "res_intro": "What a single failure breaks: for each fiber run, duct and trusted node whose loss "
                     "interrupts key supply, the demands that lose service and how long their key store lasts "
                     "(the most urgent first).",
        "res_none": "No single fiber, duct or trusted-node failure interrupts any demand.",
        "col_failure": "Failure",
        "res_kind_duct": "duct",
        "res_kind_fiber": "fiber",
        "res_kind_node": "trusted node",
        "col_kind": "Kind",
        "col_lost": "Demands losing service",
        "col_buffer": "Key store lasts",
        "res_disjoint_ok": "Demands with two disjoint paths that survive every single failure: {ids}.",
        "res_disjoint_bad": "Demands with two disjoint paths that a single failure breaks: {ids}.",
        # breach-detection drill
        "missing_drill": "the network engine of this version runs no attack drill yet",
        "drill_title": "Breach-detection drill",
        "drill_intro": "An eavesdropper who intercepts and resends the pulses of a link raises its QBER by a "
                       "quarter of the share of pulses attacked (Bennett et al. 1992). Above the device's abort "
                       "threshold (11% for BB84-type protocols, Shor\u2013Preskill 2000) the link detects the "
                       "attack and stops producing key: no key leaks, but the demands over the link live on the "
                       "key stored at their ends ({store} bit per node) until the link is secured again. CV-QKD "
                       "devices see the attack as excess noise and abort as well. Drill: every pulse of one link "
                       "attacked, one link at a time.",
        "drill_detected": "{aborts} of {total} QKD links detect the attack and abort.",
        "drill_undetected": "Not detected on: {ids}. An attack there would go unnoticed; a device with a "
                            "lower abort threshold or a shorter link is needed.",
        "drill_shortest": "Most urgent: demand {demand} over link {link} runs out of stored key after {time}.",
        "drill_rerouted": "On {n} link(s) an abort takes no demand out of service (other routes carry the key).",
        "drill_more": "The table shows the most critical links; the other {n} of {total} are in the "
                      "evaluate --json output (attack_drill).",
        "drill_none": "The design has no QKD link to attack.",
        "drill_excess_noise": "excess noise",
        "drill_any": "any",
        "drill_not_detected": "attack not detected",
        "col_qber_attack": "QBER % now / attacked",
        "col_abort_above": "Abort above",
        "col_detect_from": "Detected from",
        "col_aborts": "Aborts",
        "col_on_store": "Demands on stored key",
        "drill_qber_value": "{now} / {attacked}",
        "dur_s": "s",
        "dur_min": "min",
        "dur_h": "h",
        "dur_d": "d",
        "drill_caption": "QBER % now / attacked: the link's error rate now and with every pulse intercepted. "
                         "Detected from: the smallest share of pulses an attacker can intercept before the link "
                         "aborts. Key store lasts: until the first demand over the link runs out of stored key.",
        # words from the plan and the engine (status, zones, solver)
        "status_existing": "existing",
        "status_planned": "planned",
        "env_indoor": "indoor",
        "env_buried": "buried",
        "env_aerial": "aerial",
        "env_quay_crane": "quay crane",
        "ground_duct": "in duct",
        "ground_soft": "soft ground",
        "ground_paved": "paved",
        "ground_quay": "quay apron",
        "strategy_contiguous": "contiguous",
        "strategy_priority": "by priority",
        "strategy_greedy": "greedy (coverage per cost)",
        "strategy_manual": "manual order",
        "solver_exact": "exact (MILP)",
        "solver_heuristic": "heuristic",
        "solver_status_optimal": "proven optimal",
        "solver_status_feasible": "feasible",
        "solver_status_time_limit": "time limit reached",
        "solver_status_infeasible": "infeasible",
        "solver_status_unbounded": "unbounded",
        "solver_status_error": "solver error",
        # bom
        "bom_intro": "Quantities come from the optimised network; unit prices from the cost book "
                     "(see \u201cAssumptions and parameters\u201d for each price's source).",
        "col_item": "Item",
        "col_qty": "Qty",
        "col_unit": "Unit",
        "col_unit_price": "Unit price",
        "col_total_price": "Total",
        "bom_device": "QKD system {name} (pair of devices)",
        "bom_node": "Trusted-node fit-out at {site}",
        "bom_fiber": "New fiber {fiber} ({ground})",
        "unit_pair": "pair",
        "unit_node": "node",
        "unit_m": "m",
        "unit_each": "each",
        # interfaces
        "if_intro": "Terms of the ITU-T Y.3800 series (QKD network overview Y.3800, functional architecture "
                    "Y.3802, key management Y.3803) and ETSI key delivery interfaces (GS QKD 004: application "
                    "interface; GS QKD 014: REST-based key delivery API). One key manager (KM) per QKD node; "
                    "applications fetch keys from the KM of their site.",
        "col_node": "QKD node",
        "col_functions": "Functions",
        "col_qkd_links": "QKD links (Y.3800)",
        "col_km_links": "Key relay (KM links)",
        "col_apps": "Applications served (ETSI GS QKD 014/004)",
        "if_endpoint": "QKD node, key manager",
        "if_trusted": "trusted QKD node, key manager, key relay",
        # rollout
        "rollout_intro": "The rollout adds terminal sections phase by phase; nothing built earlier is bought again.",
        "col_phase": "Phase",
        "col_year": "Year",
        "col_sections": "Sections added",
        "col_new_demands": "Demands",
        "col_new_nodes": "Trusted nodes",
        "col_capex": "CAPEX",
        "col_cum_capex": "Cumulative",
        "col_coverage": "Coverage",
        "chart_rollout_title": "Coverage and cumulative cost by phase",
        "chart_rollout_caption": "Bars: cumulative CAPEX; line: priority-weighted share of key demand protected.",
        "rollout_availability": "Estimated availability of key supply: {value}.",
        # costs
        "costs_intro": "CAPEX by category, yearly OPEX and total cost of ownership. Prices are in {currency} "
                       "({year} prices).",
        "col_category": "Category",
        "col_amount": "Amount",
        "col_share": "Share",
        "chart_costs_title": "CAPEX by category",
        "cost_opex": "OPEX per year",
        "cost_tco": "Total cost of ownership",
        # assumptions
        "as_loss": "Loss budget settings",
        "as_loss_env": "Environment margin, {env}",
        "as_loss_ageing": "Ageing and repair margin",
        "as_loss_link": "Link margin",
        "as_loss_patch": "Patch panel loss",
        "as_devices": "QKD devices used",
        "as_devices_intro": "Parameters of each device model the plan uses, with the source of each figure.",
        "as_costbook": "Cost book",
        "as_costbook_intro": "Every price is a default of the cost book or an override in the plan; a source of "
                             "\u201cassumption\u201d means no published figure was found.",
        "as_rollout": "Rollout settings",
        "as_plan_override": "plan override",
        "as_plan_setting": "plan setting (loss budget)",
        "as_devices_common": "Source of the figures marked \u201c{same}\u201d: {source}",
        "as_same_source": "as above",
        "col_parameter": "Parameter",
        "col_value": "Value",
        "col_source": "Source",
        "as_seed": "Seed section",
        "as_strategy": "Strategy",
        "as_budget": "Budget per year",
        "as_start": "Start year",
        "as_years": "Years considered",
        "as_discount": "Discount rate",
        "as_keystore": "Key store per node",
        # methods
        "methods_intro": "How the figures are computed, with the published sources of each model.",
    },
    "zh": {
        "report_title": "量子密钥分发可行性与部署报告",
        "report_subtitle": "港口关键链路的量子密钥分发",
        "cover_plan": "方案",
        "cover_port": "港口",
        "cover_author": "编制",
        "cover_date": "日期",
        "cover_version": "软件",
        "cover_version_value": "QKD 部署规划工具 {version}",
        "cover_crs": "坐标系",
        "cover_note": "本报告中的所有数字均由规划工具的计算引擎根据方案文件计算得出；所依据的假设列于“假设与参数”一节。",
        "page_of": "第 {page} 页，共 {pages} 页",
        "contents": "目录",
        "not_available": "暂缺：{what}。",
        "missing_links": "本版本的网络引擎尚未计算 QKD 链路",
        "missing_costs": "本版本的成本模型尚未给出成本数字",
        "missing_rollout": "本版本的部署引擎尚未给出分期",
        "missing_resilience": "本版本的网络引擎尚未给出故障分析",
        "missing_devices": "无法加载设备目录",
        "none": "无",
        "yes": "是",
        "no": "否",
        "total": "合计",
        "dash": "\u2013",
        "sec_summary": "摘要",
        "sec_map": "码头地图",
        "sec_links": "QKD 链路与损耗预算",
        "sec_demands": "密钥需求",
        "sec_nodes": "可信节点与韧性",
        "sec_bom": "物料清单",
        "sec_interfaces": "接口清单",
        "sec_rollout": "分期部署",
        "sec_costs": "成本",
        "sec_assumptions": "假设与参数",
        "sec_methods": "方法说明与参考文献",
        "verdict": "结论",
        "verdict_ok_direct": "可行：全部 {n} 项密钥需求均由直连 QKD 链路满足，无需可信节点。",
        "verdict_ok_nodes": "可行（需 {k} 个可信节点）：全部 {n} 项密钥需求均可满足。",
        "verdict_partial": "{n} 项密钥需求中有 {m} 项无法满足；其余 {ok} 项可行（需 {k} 个可信节点）。",
        "verdict_pending": "暂无结论：{what}。",
        "kf_demands": "满足的密钥需求",
        "kf_demands_value": "{ok} / {n}",
        "kf_nodes": "可信节点",
        "kf_links": "QKD 链路",
        "kf_capex": "资本支出合计",
        "kf_opex": "年运营支出",
        "kf_tco": "总拥有成本（{years} 年，折现率 {rate}）",
        "kf_timeline": "覆盖进度",
        "kf_solver": "优化",
        "kf_solver_value": "{method}，{status}，间隙 {gap}，{seconds} 秒",
        "sum_capex": "建设网络的一次性投入为 {capex}（设备、可信节点、密钥管理、新建光纤、工程）。",
        "sum_opex": "运行费用为每年 {opex}（维护、电力、光纤租赁、人员）。",
        "sum_timeline": "保护自 {year} 年开始（第 {index} 期：按优先级加权的 {cov1} 密钥需求）；经过 {phases} 期，于 {last_year} 年达到 {last_cov}。",
        "sum_infeasible_intro": "无法满足的需求及原因：",
        "sum_failures": "共有 {n} 种单点故障（光纤、管道或可信节点）会中断部分密钥供应；最紧迫的（{element}）使相关需求依靠存储密钥维持 {time}。",
        "sum_drill_ok": "全部 {total} 条 QKD 链路都能检测到截获重发攻击并停止（入侵检测演练）。",
        "sum_drill_hidden": "{total} 条 QKD 链路中有 {n} 条无法检测到截获重发攻击：{ids}。",
        "sum_scope": "方案包括 {sites} 个站点（{endpoints} 个密钥端点）、{fibers} 段光纤（{km} 公里）和 {demands} 项密钥需求，"
                     "合计需要 {bps} 的安全密钥。",
        "map_overview": "总览：码头及远端站点",
        "map_detail": "码头详图",
        "map_single": "码头及相连站点",
        "map_detail_area": "码头（见详图）",
        "map_grid_north": "北",
        "map_legend_sites": "站点",
        "map_legend_lines": "光纤",
        "map_fiber_existing": "现有光纤",
        "map_fiber_planned": "规划光纤（待建）",
        "map_margin_good": "链路速率至少为负载的 2 倍",
        "map_margin_ok": "链路速率为负载的 1\u20132 倍",
        "map_margin_bad": "链路速率低于负载",
        "map_fiber_unused": "无 QKD 链路的光纤",
        "map_trusted": "可信节点",
        "map_caption": "坐标：{crs}（上为坐标北）。站点按角色绘制；标注为站点编号（名称见各表）。",
        "map_unlabelled": "因空间不足未标注：{ids}。",
        "role_data_centre": "数据中心",
        "role_terminal_ops": "码头操作中心",
        "role_crane_control": "岸桥控制",
        "role_yard_control": "堆场控制",
        "role_customs": "海关",
        "role_gate": "闸口",
        "role_warehouse": "仓库",
        "role_control_centre": "控制中心",
        "role_port_authority": "港务局",
        "role_office": "办公楼",
        "role_junction": "接头（无源）",
        "role_relay_site": "中继站",
        "links_intro": "QKD 链路通过一条光路连接两台 QKD 设备，光路可经无源接头跨越多段光纤。损耗 = 光纤 + 配线架 + 链路余量（+ 设备插入损耗）。负载为经该链路路由的密钥需求；余量为密钥速率与负载之比。",
        "col_link": "链路",
        "col_path": "光纤路径",
        "col_length_km": "长度 km",
        "col_loss_db": "损耗 dB",
        "col_device": "设备",
        "col_qber": "误码率 %",
        "col_rate": "密钥速率",
        "col_load": "负载",
        "col_margin": "余量",
        "col_limited": "受限于",
        "fibers_title": "各段光纤的损耗预算",
        "fibers_intro": "每段光纤的损耗：衰减 \u00d7 长度、熔接、连接器，以及环境区与老化余量。实测损耗取代预算（标 *）。",
        "col_fiber": "光纤",
        "col_from": "起点",
        "col_to": "终点",
        "col_status": "状态",
        "col_env": "环境",
        "col_atten": "光纤 dB",
        "col_splice": "熔接 dB",
        "col_conn": "连接器 dB",
        "col_margin_db": "余量 dB",
        "col_total_db": "合计 dB",
        "chart_rate_title": "安全密钥速率与距离",
        "chart_rate_caption": "曲线：方案所用设备在标准光纤（{alpha} dB/km）上的安全密钥速率；虚线：相同脉冲速率下的 PLOB 界"
                              "（无中继链路的上限，Pirandola 等 2017）。点：方案中的 QKD 链路，按等效长度（损耗 / {alpha} dB/km）绘制。",
        "chart_distance": "等效距离（km）",
        "chart_rate_axis": "安全密钥速率（bit/s）",
        "chart_plob": "PLOB 界",
        "chart_links": "方案链路",
        "demands_intro": "每项需求是一对需要共享密钥的站点及其所需速率。交付速率为经可信节点中继后的端到端速率。",
        "col_demand": "需求",
        "col_name": "名称",
        "col_required": "所需",
        "col_delivered": "交付",
        "col_route": "路由",
        "col_relays": "中继",
        "col_feasible": "满足",
        "col_prio": "优先级",
        "col_reason": "原因",
        "nodes_intro": "可信节点是有警卫的站点，在此逐跳中继密钥；节点的安全等级必须与其保护的数据相当。",
        "nodes_none": "本方案不需要可信节点。",
        "col_site": "站点",
        "col_role": "角色",
        "col_cost": "成本",
        "col_demands_served": "中继的需求",
        "res_title": "韧性",
        "res_intro": "单点故障的影响：列出其失效会中断密钥供应的光纤、管道和可信节点，受影响的需求，以及密钥存储可维持的时间（最紧迫的在前）。",
        "res_none": "任何单一光纤、管道或可信节点故障都不会中断需求。",
        "col_failure": "故障",
        "res_kind_duct": "管道",
        "res_kind_fiber": "光纤",
        "res_kind_node": "可信节点",
        "col_kind": "类型",
        "col_lost": "中断的需求",
        "col_buffer": "密钥存储可维持",
        "res_disjoint_ok": "具备两条不相交路径且能承受任何单点故障的需求：{ids}。",
        "res_disjoint_bad": "具备两条不相交路径但会因单点故障中断的需求：{ids}。",
        "missing_drill": "本版本的网络引擎尚未进行攻击演练",
        "drill_title": "入侵检测演练",
        "drill_intro": "窃听者对一条链路的光脉冲进行截获重发攻击时，其误码率（QBER）约升高被攻击脉冲比例的四分之一"
                       "（Bennett 等 1992）。超过设备的中止阈值（BB84 类协议为 11%，Shor\u2013Preskill 2000）时，"
                       "链路即检测到攻击并停止产生密钥：密钥不会泄露，但经过该链路的需求只能依靠两端存储的密钥"
                       "（每节点 {store} bit），直到链路恢复安全。CV-QKD 设备将攻击视为过量噪声，同样中止。"
                       "演练方式：每次攻击一条链路的全部脉冲。",
        "drill_detected": "{total} 条 QKD 链路中有 {aborts} 条检测到攻击并中止。",
        "drill_undetected": "未能检测到攻击的链路：{ids}。在这些链路上的攻击不会被发现，需要中止阈值更低的设备或更短的链路。",
        "drill_shortest": "最紧迫：需求 {demand} 经链路 {link}，存储密钥可维持 {time}。",
        "drill_rerouted": "有 {n} 条链路中止后没有需求中断（其他路由承载密钥）。",
        "drill_more": "表中列出最关键的链路；其余 {n} 条（共 {total} 条）见 evaluate --json 输出（attack_drill）。",
        "drill_none": "该设计没有可供攻击的 QKD 链路。",
        "drill_excess_noise": "过量噪声",
        "drill_any": "任意",
        "drill_not_detected": "未检测到攻击",
        "col_qber_attack": "误码率 %（平时 / 受攻击）",
        "col_abort_above": "中止阈值",
        "col_detect_from": "检测起点",
        "col_aborts": "中止",
        "col_on_store": "依靠存储密钥的需求",
        "drill_qber_value": "{now} 升至 {attacked}",
        "dur_s": "秒",
        "dur_min": "分钟",
        "dur_h": "小时",
        "dur_d": "天",
        "drill_caption": "误码率 %（平时 / 受攻击）：链路当前的误码率及全部脉冲被截获时的误码率。检测起点：攻击者在链路中止前"
                         "最多可截获的脉冲比例。密钥存储可维持：直到经该链路的第一项需求耗尽存储密钥。",
        "status_existing": "现有",
        "status_planned": "规划",
        "env_indoor": "室内",
        "env_buried": "直埋",
        "env_aerial": "架空",
        "env_quay_crane": "岸桥",
        "ground_duct": "管道内",
        "ground_soft": "软土",
        "ground_paved": "铺装地面",
        "ground_quay": "码头前沿",
        "strategy_contiguous": "相邻区域优先",
        "strategy_priority": "按优先级",
        "strategy_greedy": "贪心（单位成本覆盖率）",
        "strategy_manual": "人工顺序",
        "solver_exact": "精确求解（混合整数规划）",
        "solver_heuristic": "启发式",
        "solver_status_optimal": "已证明最优",
        "solver_status_feasible": "可行",
        "solver_status_time_limit": "达到时间上限",
        "solver_status_infeasible": "不可行",
        "solver_status_unbounded": "无界",
        "solver_status_error": "求解器错误",
        # why a demand is not served (planner.network.reasons: the English texts are the engine's own)
        "reason_no_fiber_path": "{a} 与 {b} 之间没有光纤路径",
        "reason_out_of_reach": "中继站点不在可达范围内：{a} 到 {b} 的最低损耗光纤路径损耗 {loss_db} dB，"
                               "超出可用设备的最大可达损耗 {reach_db} dB，且没有可中继站点构成的链路能够跨越",
        "reason_rate_too_low": "即使在最佳条件下速率也过低：经可用设备和中继站点，端到端最多 {best_bps}，"
                               "而需要 {required_bps}",
        "reason_not_resilient_proven": "不具备冗余：在候选链路中，任何设计都无法为其提供与第一条路由不共用光纤、"
                                       "管道或可信节点的第二条路由（经精确求解器证明）",
        "reason_not_resilient": "不具备冗余：在候选链路中未找到与第一条路由不共用光纤、管道或可信节点的第二条路由",
        "reason_saturated": "所需的跳段已被其他需求占满（密钥在每一跳都被消耗）；单独使用时可获得 {best_bps}",
        "bom_intro": "数量来自优化后的网络；单价来自成本手册（各价格来源见“假设与参数”）。",
        "col_item": "项目",
        "col_qty": "数量",
        "col_unit": "单位",
        "col_unit_price": "单价",
        "col_total_price": "总价",
        "bom_device": "QKD 系统 {name}（一对设备）",
        "bom_node": "{site} 可信节点改造",
        "bom_fiber": "新建光纤 {fiber}（{ground}）",
        "unit_pair": "对",
        "unit_node": "个",
        "unit_m": "米",
        "unit_each": "个",
        "if_intro": "采用 ITU-T Y.3800 系列术语（QKD 网络概述 Y.3800、功能架构 Y.3802、密钥管理 Y.3803）以及 ETSI 密钥交付接口"
                    "（GS QKD 004：应用接口；GS QKD 014：基于 REST 的密钥交付 API）。每个 QKD 节点一个密钥管理器（KM）；应用从本站点的 KM 获取密钥。",
        "col_node": "QKD 节点",
        "col_functions": "功能",
        "col_qkd_links": "QKD 链路（Y.3800）",
        "col_km_links": "密钥中继（KM 链路）",
        "col_apps": "服务的应用（ETSI GS QKD 014/004）",
        "if_endpoint": "QKD 节点、密钥管理器",
        "if_trusted": "可信 QKD 节点、密钥管理器、密钥中继",
        "rollout_intro": "分期逐步加入码头区域；先期已建设施不重复购置。",
        "col_phase": "分期",
        "col_year": "年份",
        "col_sections": "新增区域",
        "col_new_demands": "需求",
        "col_new_nodes": "可信节点",
        "col_capex": "资本支出",
        "col_cum_capex": "累计",
        "col_coverage": "覆盖率",
        "chart_rollout_title": "各期覆盖率与累计成本",
        "chart_rollout_caption": "柱：累计资本支出；折线：按优先级加权的受保护密钥需求比例。",
        "rollout_availability": "密钥供应的估计可用性：{value}。",
        "costs_intro": "按类别的资本支出、年运营支出和总拥有成本。价格单位为 {currency}（{year} 年价格）。",
        "col_category": "类别",
        "col_amount": "金额",
        "col_share": "占比",
        "chart_costs_title": "按类别的资本支出",
        "cost_opex": "年运营支出",
        "cost_tco": "总拥有成本",
        "as_loss": "损耗预算设置",
        "as_loss_env": "环境余量，{env}",
        "as_loss_ageing": "老化与维修余量",
        "as_loss_link": "链路余量",
        "as_loss_patch": "配线架损耗",
        "as_devices": "所用 QKD 设备",
        "as_devices_intro": "方案所用各设备型号的参数及每个数字的来源。参数名为设备目录的键名；来源说明保留其原文（英文）。",
        "as_costbook": "成本手册",
        "as_costbook_intro": "每个价格均为成本手册的默认值或方案中的覆盖值；来源为“assumption”表示未找到公开数据。"
                             "参数名为成本手册的键名；来源说明保留其原文（英文），以便核对出处。",
        "as_rollout": "部署设置",
        "as_plan_override": "方案覆盖值",
        "as_plan_setting": "方案设置（损耗预算）",
        "as_devices_common": "标注“{same}”的数字来源：{source}",
        "as_same_source": "同上",
        "col_parameter": "参数",
        "col_value": "数值",
        "col_source": "来源",
        "as_seed": "起始区域",
        "as_strategy": "策略",
        "as_budget": "年度预算",
        "as_start": "起始年份",
        "as_years": "考虑年数",
        "as_discount": "折现率",
        "as_keystore": "每节点密钥存储",
        "methods_intro": "各数字的计算方法及所依据的公开文献。",
    },
}


# the English reasons are the engine's own texts, one table for both
TEXT["en"].update({f"reason_{code}": text for code, text in REASONS.items()})

#: Words of the cost book's units, longest first (applied in order).
UNIT_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "zh": (
        (" per QKD link sharing fiber with classical channels", "/与经典信道共纤的 QKD 链路"),
        (" per link (device pair)", "/链路（一对设备）"),
        ("W per QKD device (two per link)", "W/QKD 设备（每链路两台）"),
        (" per fiber km per year", "/光纤公里/年"),
        (" per switched link end", "/切换链路端"),
        (" per equipped site", "/装备站点"),
        (" per endpoint site", "/端点站点"),
        (" per trusted node", "/可信节点"),
        (" per fusion splice", "/熔接点"),
        (" once per network", "/网络（一次性）"),
        (" per QKD link", "/QKD 链路"),
        ("fraction of CAPEX per year", "资本支出的年比例"),
        ("fraction of the other CAPEX", "其他资本支出的比例"),
        ("cuts per km per year", "次断纤/公里/年"),
        ("m between splice closures", "米（接头盒间距）"),
        ("splices per new fiber", "熔接点/新建光纤"),
    ),
}


class Translator:
    """``tr("key", **fields)``: the text of ``key`` in the report language, fields filled in."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown report language {lang!r} (expected one of: {', '.join(LANGUAGES)})")
        self.lang = lang
        self._table = TEXT[lang]

    def __call__(self, key: str, **fields) -> str:
        text = self._table.get(key)
        if text is None:
            text = TEXT["en"][key]
        return text.format(**fields) if fields else text

    def word(self, kind: str, value) -> str:
        """A word from the plan or the engine (fiber status, zone, ground, strategy, solver method and
        status) in the report language; an unknown value is shown as given."""
        key = f"{kind}_{value}"
        return self(key) if key in TEXT["en"] else str(value).replace("_", " ")

    def unit(self, text: str) -> str:
        """A cost-book unit (``EUR per QKD link``) in the report language: known words are translated,
        currency codes and symbols stay."""
        if self.lang == "en" or not text:
            return text
        out = text
        for en, local in UNIT_WORDS.get(self.lang, ()):
            out = out.replace(en, local)
        return out

    def reason(self, demand: dict) -> str:
        """Why a demand (an evaluate ``demands`` item) is not served, in the report language: made
        from its ``reason_code`` and ``reason_args``; a reason without a known code is shown as given."""
        key = f"reason_{demand.get('reason_code')}"
        if key in TEXT["en"]:
            try:
                return self(key).format(**shown_args(demand.get("reason_args") or {}))
            except (KeyError, ValueError, TypeError):  # figures missing or not numbers: the text as given
                pass
        return demand.get("reason") or ""

    def role(self, role: str) -> str:
        key = f"role_{role}"
        return self(key) if key in TEXT["en"] else role.replace("_", " ")
