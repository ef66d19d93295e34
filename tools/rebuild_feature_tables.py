"""Rebuild Perijove's named-feature tables (assets/features/<body>.csv) from Gazetteer downloads.

The tables list the IAU-named surface features of Io, Europa, Ganymede and Callisto from the
IAU/USGS Gazetteer of Planetary Nomenclature. A maintainer runs this script by hand; the app never
downloads anything. Two input formats are read, both as published:

1. The Gazetteer's own KMZ "center points" files (preferred: they carry the approval status and
   date). Download them by hand from the Gazetteer's GIS downloads page
   https://planetarynames.wr.usgs.gov/GIS_Downloads ; the files are served as
       https://asc-planetarynames-data.s3.us-west-2.amazonaws.com/IO_nomenclature_center_pts.kmz
       .../EUROPA_nomenclature_center_pts.kmz, .../GANYMEDE_..., .../CALLISTO_...
   (the MOON_nomenclature_center_pts.kmz address of that pattern is the one seen in public code;
   check the page for the current names). A KMZ is a zip holding one KML 2.2 document whose
   Placemarks carry <name>, a <Point><coordinates>lon,lat</coordinates> (east-positive) and
   ExtendedData/SchemaData/SimpleData fields named clean_name, link, diameter, center_lat,
   center_lon, code, type, approval and approvaldt ("2014/07/03 00:00:00").

2. Stellarium's nomenclature.fab (github.com/Stellarium/stellarium-data, nomenclature/), which
   Stellarium generates from the Gazetteer's shapefile DBF tables
   (https://planetarynames.wr.usgs.gov/shapefiles/IO_nomenclature.zip and the other bodies).
   It has no approval status or date. The shipped tables were built from an excerpt of it,
   assets/features/sources/stellarium_nomenclature_galilean.fab.

Usage:
    python tools/rebuild_feature_tables.py --kmz IO_nomenclature_center_pts.kmz [...more.kmz]
    python tools/rebuild_feature_tables.py \
        --fab assets/features/sources/stellarium_nomenclature_galilean.fab
Options: --out DIR (default assets/features), --source-note TEXT (added to every row's source).

Coordinates written: latitude in degrees on the IAU reference sphere (the Gazetteer defines these
moons as spheres, so planetocentric and planetographic latitude are the same) and east longitude
in [0, 360). Each table is written to a temporary name and renamed when complete. Exit code 2 and
one sentence on a bad input file.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

BODIES = ("io", "europa", "ganymede", "callisto")

# Gazetteer descriptor terms (https://planetarynames.wr.usgs.gov/DescriptorTerms), the codes that
# occur on the four Galilean moons; names in the singular, lower case.
FEATURE_TYPE_BY_CODE = {
    "AA": "crater", "CA": "catena", "CB": "cavus", "CH": "chaos", "DO": "dorsum",
    "ER": "eruptive center", "FA": "facula", "FE": "flexus", "FL": "fluctus", "FO": "fossa",
    "LE": "lenticula", "LG": "large ringed feature", "LI": "linea", "MA": "macula",
    "MN": "mensa", "MO": "mons", "PE": "patera", "PM": "planum", "RE": "regio",
    "SU": "sulcus", "TH": "tholus", "VA": "vallis",
}

# Approval statuses that mean the name is not in use (the Gazetteer's status 6 and 7).
NOT_IN_USE = ("dropped", "never approved")

COLUMNS = ("feature_id", "name", "feature_type", "type_code", "lat_deg", "lon_east_deg",
           "diameter_km", "approval_status", "approval_date", "source_coordinates", "source")

KML_NS = "{http://www.opengis.net/kml/2.2}"
GAZETTEER_FEATURE_URL = "https://planetarynames.wr.usgs.gov/Feature/"


class InputError(ValueError):
    """A downloaded file that cannot be read as the format it claims; one sentence."""


@dataclass(frozen=True)
class FeatureRecord:
    body: str
    feature_id: int
    name: str
    type_code: str
    lat_deg: float
    lon_east_deg: float
    diameter_km: float | None
    approval_status: str
    approval_date: str
    source_coordinates: str
    source: str


def normalise_lon_east_deg(lon_deg: float) -> float:
    """East longitude folded into [0, 360)."""
    lon = lon_deg % 360.0
    return 0.0 if lon >= 360.0 else lon


def _diameter_km(text: str) -> float | None:
    value = float(text) if text.strip() else 0.0
    return value if value > 0 else None  # the Gazetteer writes 0 where no size is published


def _approval_date(text: str | None) -> str:
    """'2014/07/03 00:00:00' -> '2014-07-03'; a bare year stays a year; empty stays empty."""
    text = (text or "").strip()
    match = re.match(r"^(\d{4})(?:[/-](\d{1,2})[/-](\d{1,2}))?", text)
    if not match:
        return ""
    year, month, day = match.groups()
    return year if month is None else f"{year}-{int(month):02d}-{int(day):02d}"


def _feature_id(link: str) -> int:
    match = re.search(r"/Feature/(\d+)", link or "")
    if not match:
        raise InputError(f"a Placemark's link '{link}' has no /Feature/<id>")
    return int(match.group(1))


def read_kmz(path: Path) -> list[FeatureRecord]:
    """Features of one Gazetteer center-points KMZ (or a bare .kml); the body from its file name."""
    body = path.name.split("_")[0].lower()
    if body not in BODIES:
        raise InputError(f"{path.name}: the file name should start with one of "
                         f"{', '.join(b.upper() for b in BODIES)} followed by '_'")
    try:
        if path.suffix.lower() == ".kml":
            kml_bytes = path.read_bytes()
        else:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
                if not names:
                    raise InputError(f"{path}: the archive holds no .kml document")
                kml_bytes = archive.read(names[0])
        root = ET.fromstring(kml_bytes)
    except (OSError, zipfile.BadZipFile, ET.ParseError) as exc:
        raise InputError(f"{path}: not a readable KMZ/KML file ({exc})") from None
    records = []
    source = (f"IAU/USGS Gazetteer of Planetary Nomenclature, {{url}}; from {path.name}")
    for placemark in root.iter(f"{KML_NS}Placemark"):
        fields = {node.attrib.get("name", ""): (node.text or "").strip()
                  for node in placemark.iter(f"{KML_NS}SimpleData")}
        name = (placemark.findtext(f"{KML_NS}name") or "").strip()
        status = fields.get("approval", "")
        if not name or status.lower().startswith(NOT_IN_USE):
            continue
        try:
            fid = _feature_id(fields.get("link", ""))
            if fields.get("center_lat") and fields.get("center_lon"):
                lat, lon = float(fields["center_lat"]), float(fields["center_lon"])
            else:
                coords = placemark.findtext(f"{KML_NS}Point/{KML_NS}coordinates") or ""
                lon, lat = (float(v) for v in coords.strip().split(",")[:2])
            diameter = _diameter_km(fields.get("diameter", ""))
        except (ValueError, KeyError) as exc:
            raise InputError(f"{path}: Placemark '{name}' has an unreadable value ({exc})"
                             ) from None
        code = fields.get("code", "").strip().upper()
        if code not in FEATURE_TYPE_BY_CODE:
            raise InputError(f"{path}: Placemark '{name}' has an unknown type code '{code}'")
        records.append(FeatureRecord(
            body=body, feature_id=fid, name=name, type_code=code, lat_deg=lat,
            lon_east_deg=normalise_lon_east_deg(lon), diameter_km=diameter,
            approval_status=status, approval_date=_approval_date(fields.get("approvaldt")),
            source_coordinates="Gazetteer KMZ center_lat/center_lon: planetocentric, +East",
            source=source.format(url=f"{GAZETTEER_FEATURE_URL}{fid}"),
        ))
    return records


_FAB_LINE = re.compile(r'^(\w+)\t(\d+)\t_\("(.+?)","[^"]*"\)\t([A-Z]{2})\t(\S+)\t(\S+)\t(\S*)$')


def read_fab(path: Path, source_note: str) -> list[FeatureRecord]:
    """The Galilean-moon lines of a Stellarium nomenclature.fab (comments, other bodies skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable UTF-8 text file ({exc})") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _FAB_LINE.match(line)
        if not match:
            raise InputError(f"{path}:{number}: not a nomenclature.fab line: {line[:60]!r}")
        body, fid, name, code, lat, lon, diameter = match.groups()
        if body.lower() not in BODIES:
            continue
        if code not in FEATURE_TYPE_BY_CODE:
            raise InputError(f"{path}:{number}: unknown type code '{code}'")
        records.append(FeatureRecord(
            body=body.lower(), feature_id=int(fid), name=name, type_code=code,
            lat_deg=float(lat), lon_east_deg=normalise_lon_east_deg(float(lon)),
            diameter_km=_diameter_km(diameter), approval_status="", approval_date="",
            source_coordinates=("Gazetteer shapefile center_lat/center_lon: planetocentric, "
                                "+East, 0-360"),
            source=(f"IAU/USGS Gazetteer of Planetary Nomenclature, {GAZETTEER_FEATURE_URL}{fid}; "
                    f"{source_note}"),
        ))
    return records


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def table_header(body: str) -> str:
    return (
        f"# Named surface features of {body.capitalize()}, IAU/USGS Gazetteer of Planetary "
        "Nomenclature (https://planetarynames.wr.usgs.gov). "
        "Built by tools/rebuild_feature_tables.py.\n"
        "# Coordinates: lat_deg = latitude on the IAU reference sphere (planetocentric = "
        "planetographic on a sphere, Gazetteer 'Website' page); lon_east_deg = east longitude "
        "0-360 (+East). The Gazetteer's web pages list these moons as 'Planetographic, +West, "
        "0 - 360': west longitude = 360 - lon_east_deg.\n"
        "# diameter_km empty where the Gazetteer gives 0 (no size published). approval_status and "
        "approval_date empty where the input (Stellarium's shapefile-derived copy) does not carry "
        "them; a rebuild from the Gazetteer KMZ fills them.\n"
    )


def write_tables(records: list[FeatureRecord], out_dir: Path) -> dict[str, int]:
    """One CSV per body, rows sorted by name; written to a temporary name, then renamed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for body in BODIES:
        rows = sorted((r for r in records if r.body == body), key=lambda r: r.name.casefold())
        if not rows:
            continue
        names = [r.name.casefold() for r in rows]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise InputError(f"{body}: the input names these features twice: "
                             f"{', '.join(duplicates)}")
        buffer = io.StringIO()
        buffer.write(table_header(body))
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([r.feature_id, r.name, FEATURE_TYPE_BY_CODE[r.type_code], r.type_code,
                             _number(r.lat_deg), _number(r.lon_east_deg), _number(r.diameter_km),
                             r.approval_status, r.approval_date, r.source_coordinates, r.source])
        target = out_dir / f"{body}.csv"
        temporary = target.with_name(target.name + ".partial")
        temporary.write_text(buffer.getvalue(), encoding="utf-8")
        temporary.replace(target)
        counts[body] = len(rows)
    return counts


DEFAULT_FAB_NOTE = ("via Stellarium/stellarium-data nomenclature/nomenclature.fab @ "
                    "00b99d15d9b9e1b4a7a2d8fc3860d5c7a2441fc4 (from the Gazetteer shapefiles)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--kmz", nargs="+", type=Path,
                       help="Gazetteer *_nomenclature_center_pts.kmz")
    group.add_argument("--fab", type=Path, help="Stellarium nomenclature.fab (or an excerpt of it)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1]
                        / "assets" / "features")
    parser.add_argument("--source-note", default=DEFAULT_FAB_NOTE,
                        help="provenance added to every row read from --fab")
    args = parser.parse_args(argv)
    try:
        if args.kmz:
            records = [r for path in args.kmz for r in read_kmz(path)]
        else:
            records = read_fab(args.fab, args.source_note)
        if not records:
            raise InputError("the input holds no feature of Io, Europa, Ganymede or Callisto")
        counts = write_tables(records, args.out)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for body, count in counts.items():
        print(f"{body}: {count} features -> {args.out / (body + '.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
