#!/usr/bin/env python3
"""Writes policy/min_wage/<county>.yaml for the tier-1 and tier-2 areas of 桂政发〔2018〕6号.

Tier 1 (1680): city districts of 南宁 柳州 桂林 梧州 北海 防城港 钦州, and 东兴市 (450681).
Tier 2 (1450): city districts of 贵港 玉林 百色 贺州 河池 来宾 崇左.
Tier 3 (1300): every county, county-level city and autonomous county — the 自治区 default (450000.yaml).
A "city district" is a code whose name ends in 区 in the civil-affairs list of 2019-04 (the notice predates
the 2020 changes: 田阳县 became 田阳区 only in 2019-2020, so 451003 is left at tier 3 and said so).
From 2020-03-01 new tiers (1810 / 1580 / 1430) took effect; those amounts are unconfirmed (FACTS.md).
Run from the repo root: python3 tools/gen_min_wage_files.py
"""
import csv

TIER1 = {"4501", "4502", "4503", "4504", "4505", "4506", "4507"}
TIER2 = {"4508", "4509", "4510", "4511", "4512", "4513", "4514"}
rows = list(csv.DictReader(open("data/regions/gb2260-mca-201904-guangxi.tsv"), delimiter="\t"))
for r in rows:
    code, name = r["Code"], r["Name"]
    if code.endswith("00"):
        continue
    city = code[:4]
    district = name.endswith("区") or code == "450681"
    if not district or (city not in TIER1 and city not in TIER2):
        continue
    t1 = city in TIER1
    old, new = (1680, 1810) if t1 else (1450, 1580)
    tier = "一类" if t1 else "二类"
    with open(f"policy/min_wage/{code}.yaml", "w") as f:
        f.write(f"""name: min_wage
unit: yuan_per_month
rule: R3.2
description: "最低工资标准（月）：{name}，{tier}地区"
values:
  2018-01-01: {{value: {old}, reference: "2018年1月无核实值：沿用桂政发〔2018〕6号{tier}标准作标注的替代值", status: stand-in}}
  2018-02-01: {{value: {old}, reference: "桂政发〔2018〕6号 {tier}地区 {old}（已核实）", status: verified}}
  2020-03-01: {{value: {new}, reference: "2020-03-01起新标准{tier}{new}（未核实）", status: unconfirmed}}
""")
