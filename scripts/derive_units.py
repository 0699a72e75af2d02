#!/usr/bin/env python3
"""Derive ketnoi's built-in administrative-unit data from the PyPI package
`vietnamadminunits` (MIT licence, https://pypi.org/project/vietnamadminunits/).

Writes two tab-separated files that `crates/units` embeds:

  units.tsv        id, code, name, kind, level, parent_id, valid_from, valid_to
  successions.tsv  predecessor_id, successor_id, coverage (full|partial), is_default

Identity: a unit's `id` is its official statistics-office code while it is
valid today; a unit that ceased to exist on 2025-06-30 gets the id
`CODE@2025-06-30`, because the 2025 reform reused old codes for new units
(new Phường Ba Đình is 00004, the code of old Phường Trúc Bạch). A province
that was not merged (Thanh Hóa, Hà Nội, ...) is one continuous unit.

Usage:
  pip install vietnamadminunits==1.0.4
  python3 scripts/derive_units.py [--package-dir DIR] [--out crates/units/data]

The central level (Government, ministries, agencies) is not in that package;
it is curated by hand in crates/units/data/central.tsv.
"""
import argparse
import json
import sqlite3
import sys
from pathlib import Path

REFORM_LAST_DAY = "2025-06-30"
REFORM_FIRST_DAY = "2025-07-01"


def package_dir():
    import vietnamadminunits  # noqa: imported only to locate its data

    return Path(vietnamadminunits.__file__).parent


def province_kind(name):
    return "thanh_pho_truc_thuoc_tw" if name.startswith("Thành phố") else "tinh"


DISTRICT_KINDS = {
    "Huyện": "huyen",
    "Quận": "quan",
    "Thị xã": "thi_xa",
    "Thành phố": "thanh_pho_thuoc_tinh",
}
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package-dir", type=Path, help="directory of the installed vietnamadminunits package")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "crates/units/data")
    args = ap.parse_args()
    pkg = args.package_dir or package_dir()
    db = sqlite3.connect(pkg / "data" / "dataset.db")
    conv = json.loads((pkg / "data" / "converter_2025.json").read_text(encoding="utf-8"))

    units = []  # (id, code, name, kind, level, parent_id, valid_from, valid_to)
    successions = set()  # (old_id, new_id, coverage, is_default)

    # Provinces: a new province built from exactly itself is continuous.
    new_provinces = {}  # key -> (code, name)
    for key, code, name in db.execute("SELECT DISTINCT provinceKey, provinceCode, province FROM admin_units"):
        new_provinces[key] = (code, name)
    old_provinces = {}
    for key, code, name in db.execute("SELECT DISTINCT provinceKey, provinceCode, province FROM admin_units_legacy"):
        old_provinces[key] = (code, name)
    continuous = {k for k, olds in conv["DICT_PROVINCE"].items() if olds == [k]}
    old_province_id = {}
    new_province_id = {}
    for key, (code, name) in sorted(new_provinces.items(), key=lambda kv: kv[1][0]):
        if key in continuous:
            units.append((code, code, name, province_kind(name), "province", "", "", ""))
        else:
            units.append((code, code, name, province_kind(name), "province", "", REFORM_FIRST_DAY, ""))
        new_province_id[key] = code
    for key, (code, name) in sorted(old_provinces.items(), key=lambda kv: kv[1][0]):
        if key in continuous:
            old_province_id[key] = code
            continue
        uid = f"{code}@{REFORM_LAST_DAY}"
        units.append((uid, code, name, province_kind(name), "province", "", "", REFORM_LAST_DAY))
        old_province_id[key] = uid
    for new_key, olds in conv["DICT_PROVINCE"].items():
        for old_key in olds:
            if old_key != new_key or new_key not in continuous:
                coverage = "full"
                successions.add((old_province_id[old_key], new_province_id[new_key], coverage, 1))

    # Legacy districts and communes: all ceased on 2025-06-30.
    old_commune_id = {}  # "prov_district_ward" key -> id
    seen_districts = set()
    for row in db.execute(
        "SELECT provinceKey, districtKey, wardKey, districtCode, district, districtType, wardCode, ward, wardType "
        "FROM admin_units_legacy ORDER BY districtCode, wardCode"
    ):
        pkey, dkey, wkey, dcode, dname, dtype, wcode, wname, wtype = row
        did = f"{dcode}@{REFORM_LAST_DAY}"
        if dcode not in seen_districts:
            seen_districts.add(dcode)
            units.append((did, dcode, dname, DISTRICT_KINDS[dtype], "district", old_province_id[pkey], "", REFORM_LAST_DAY))
        if wcode is None:
            # island districts without communes: they map straight to a special zone
            old_commune_id[f"{pkey}_{dkey}_"] = did
            continue
        wid = f"{wcode}@{REFORM_LAST_DAY}"
        units.append((wid, wcode, wname, COMMUNE_KINDS[wtype], "commune", did, "", REFORM_LAST_DAY))
        old_commune_id[f"{pkey}_{dkey}_{wkey}"] = wid

    # Current communes.
    new_commune_id = {}  # (province key, ward key) -> id
    for pkey, wkey, wcode, wname, wtype in db.execute(
        "SELECT provinceKey, wardKey, wardCode, ward, wardType FROM admin_units ORDER BY wardCode"
    ):
        units.append((wcode, wcode, wname, COMMUNE_KINDS[wtype], "commune", new_province_id[pkey], REFORM_FIRST_DAY, ""))
        new_commune_id[(pkey, wkey)] = wcode

    # Old -> new communes. NO_DIVIDED: each old commune went whole into one new
    # commune. DIVIDED: an old commune was split over several new ones.
    missing = 0
    for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                if old_key not in old_commune_id or (pkey, new_wkey) not in new_commune_id:
                    missing += 1
                    continue
                successions.add((old_commune_id[old_key], new_commune_id[(pkey, new_wkey)], "full", 1))
    for pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for new in news:
                if old_key not in old_commune_id or (pkey, new["newWardKey"]) not in new_commune_id:
                    missing += 1
                    continue
                successions.add(
                    (old_commune_id[old_key], new_commune_id[(pkey, new["newWardKey"])], "partial", int(new["isDefaultNewWard"]))
                )
    if missing:
        print(f"warning: {missing} mapping entries name a unit the dataset lacks", file=sys.stderr)

    ids = [u[0] for u in units]
    assert len(ids) == len(set(ids)), "unit ids must be unique"
    args.out.mkdir(parents=True, exist_ok=True)
    header = "# derived from vietnamadminunits (MIT) by scripts/derive_units.py; do not edit by hand\n"
    with open(args.out / "units.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        f.write("id\tcode\tname\tkind\tlevel\tparent_id\tvalid_from\tvalid_to\n")
        for u in units:
            f.write("\t".join(u) + "\n")
    with open(args.out / "successions.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        f.write("predecessor_id\tsuccessor_id\tcoverage\tis_default\n")
        for s in sorted(successions):
            f.write(f"{s[0]}\t{s[1]}\t{s[2]}\t{s[3]}\n")
    print(f"{len(units)} units, {len(successions)} successions -> {args.out}")


if __name__ == "__main__":
    main()
