"""Method notes of the report: how each figure is computed, with the published sources.

``method_notes(lang)`` gives (title, text, references) per topic. The references are the ones the
engine's docstrings cite; keep both in step when a model changes.
"""

from __future__ import annotations

_REFS = {
    "loss": ["Fiber Optic Association, loss budget guidance (connector pair 0.3 dB typical, 0.75 dB maximum per "
             "TIA-568; fusion splice below 0.1 dB).",
             "ITU-T G.652 and G.654 fiber attenuation; field spans of 0.18\u20131.05 dB/km effective (MadQCI, Madrid)."],
    "rates": ["H.-K. Lo, X. Ma, K. Chen, Decoy state quantum key distribution, PRL 94, 230504 (2005).",
              "X. Ma, B. Qi, Y. Zhao, H.-K. Lo, Practical decoy state for QKD, PRA 72, 012326 (2005).",
              "D. Gottesman, H.-K. Lo, N. L\u00fctkenhaus, J. Preskill, QIC 4, 325 (2004) (GLLP).",
              "C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, PRA 89, 022307 (2014) (finite key).",
              "X. Ma, C.-H. F. Fung, H.-K. Lo, PRA 76, 012307 (2007) (BBM92).",
              "F. Grosshans, P. Grangier, PRL 88, 057902 (2002); F. Laudenbach et al., Adv. Quantum Technol. 1, "
              "1800011 (2018) (CV-QKD).",
              "M. Lucamarini, Z. L. Yuan, J. F. Dynes, A. J. Shields, Nature 557, 400 (2018); X.-B. Wang, Z.-W. Yu, "
              "X.-L. Hu, PRA 98, 062323 (2018) (twin-field)."],
    "bounds": ["S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017) (PLOB).",
               "M. Takeoka, S. Guha, M. M. Wilde, Nat. Commun. 5, 5235 (2014) (TGW)."],
    "noise": ["P. Eraerds et al., NJP 12, 063027 (2010); K. A. Patel et al., PRX 2, 041010 (2012) (Raman noise)."],
    "network": ["M. Peev et al., The SECOQC QKD network in Vienna, NJP 11, 075001 (2009) (trusted-node relaying).",
                "ITU-T Y.3800 (2019), Y.3802 (2020), Y.3803 (2020): QKD network overview, functional architecture, "
                "key management.",
                "ETSI GS QKD 004 V2.1.1 (2020) application interface; ETSI GS QKD 014 V1.1.1 (2019) REST-based key "
                "delivery API."],
    "costs": ["Fiber Broadband Association, fiber deployment cost reports 2024 and 2025 (US medians).",
              "Analysys Mason (2011, 2016) fiber and duct costs; R. A. Brealey, S. C. Myers, F. Allen, Principles "
              "of Corporate Finance, ch. 2 (present value)."],
}

_NOTES = {
    "en": [
        ("Loss budget",
         "Each fiber run's loss is attenuation \u00d7 length (by fiber type and wavelength) plus splices, connectors "
         "and margins for its environment zone (aerial and quay-side runs get more) and for ageing and repairs. A "
         "measured end-to-end loss replaces the budget. A QKD link's loss is the sum over its path plus patch panels "
         "and the link margin.", "loss"),
        ("Secure key rate",
         "Each device model's secure key rate and QBER are computed from its parameters at the link's loss: "
         "decoy-state BB84 (asymptotic and finite key), entanglement-based BBM92, Gaussian-modulated CV-QKD and "
         "twin-field QKD. At port distances the detectors' dead time limits the rate; such links are marked as "
         "detector-limited.", "rates"),
        ("Bounds",
         "The PLOB bound, \u2212log2(1\u2212\u03b7) secret bits per channel use, is the most any point-to-point "
         "link without repeaters can deliver at transmittance \u03b7; it is shown beside the rates as a sanity "
         "check.", "bounds"),
        ("Coexistence with classical traffic",
         "Classical channels sharing a fiber scatter Raman light into the quantum channel; the planner adds it to "
         "the background counts (discrete variables) or the excess noise (CV-QKD). The Raman coefficient is an "
         "estimate with a documented default.", "noise"),
        ("Trusted nodes and routing",
         "Keys are relayed hop by hop through trusted nodes; a hop carrying several demands needs the sum of their "
         "rates. Relay sites and links are chosen by a mixed-integer optimisation (HiGHS) minimising devices, "
         "trusted nodes and new fiber, or by a fast heuristic for very large plans; the report states which solved "
         "the plan and the optimality gap.", "network"),
        ("Costs",
         "CAPEX sums device pairs, installation, coexistence filters, trusted-node fit-outs, key management, new "
         "fiber, training and an engineering share. OPEX covers maintenance, power and leases. The total cost of "
         "ownership discounts yearly OPEX to present value.", "costs"),
    ],
    "zh": [
        ("损耗预算",
         "每段光纤的损耗为衰减 \u00d7 长度（按光纤类型和波长）加上熔接、连接器以及环境区（架空和岸边线路更高）与老化维修余量。"
         "实测端到端损耗取代预算。QKD 链路的损耗为其路径上各段之和，加上配线架损耗和链路余量。", "loss"),
        ("安全密钥速率",
         "根据设备参数在链路损耗下计算各型号的安全密钥速率和误码率：诱骗态 BB84（渐近与有限密钥）、基于纠缠的 BBM92、"
         "高斯调制连续变量 QKD 以及双场 QKD。在港口距离上，探测器死时间限制速率，此类链路标为探测器受限。", "rates"),
        ("界限",
         "PLOB 界（每次信道使用 \u2212log2(1\u2212\u03b7) 比特）是无中继点对点链路在透过率 \u03b7 下可达到的上限，"
         "与速率并列显示以供核对。", "bounds"),
        ("与经典业务共纤",
         "共纤的经典信道会将拉曼散射光引入量子信道；规划工具将其计入背景计数（离散变量）或额外噪声（连续变量）。拉曼系数为估计值，默认值有文档说明。",
         "noise"),
        ("可信节点与路由",
         "密钥经可信节点逐跳中继；承载多项需求的一跳需要其速率之和。中继站点和链路由混合整数优化（HiGHS）选择，"
         "使设备、可信节点和新建光纤成本最小；超大方案使用快速启发式算法。报告注明求解方法和最优性间隙。", "network"),
        ("成本",
         "资本支出包括设备对、安装、共纤滤波器、可信节点改造、密钥管理、新建光纤、培训和工程费用。运营支出包括维护、电力和租赁。"
         "总拥有成本将每年运营支出折现为现值。", "costs"),
    ],
}


def method_notes(lang: str) -> list[tuple[str, str, list[str]]]:
    notes = _NOTES.get(lang, _NOTES["en"])
    return [(title, body, _REFS[key]) for title, body, key in notes]
