"""ONS Postcode Directory import: .csv, .csv.gz or the .zip ONS publishes, either column layout.

The file is streamed into a new table (COPY on PostgreSQL, large executemany transactions on
SQLite), indexed, then swapped in for the live table in one short transaction, so lookups keep
working throughout. Only the columns routing needs are kept.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from kinship.geography.codes import clean_code
from kinship.geography.models import DataImport, Postcode
from kinship.geography.postcodes import normalise_postcode
from kinship.geography.selectors import retry_if_locked

TABLE = Postcode._meta.db_table
NEW_TABLE = f"{TABLE}_new"
OLD_TABLE = f"{TABLE}_old"
COLUMNS = (
    "postcode",
    "country",
    "county",
    "district",
    "ward",
    "constituency",
    "lat",
    "lng",
    "terminated",
    "division",
)

Progress = Callable[[str], None]


class OnspdLayoutError(ValueError):
    """The file's header is not an ONSPD layout we understand."""


class OnspdFileError(ValueError):
    """The file cannot be opened or holds no ONSPD CSV."""


# What a corrupt, truncated or wrongly encoded file raises while it is read.
_READ_ERRORS = (OSError, UnicodeDecodeError, EOFError, zipfile.BadZipFile, zlib.error, csv.Error)


@dataclass(frozen=True)
class Layout:
    name: str
    postcode: str
    county: str
    district: str
    ward: str
    constituency: str
    country: str
    lat: str = "lat"
    lng: str = "long"
    terminated: str = "doterm"
    division: str = ""  # county electoral division (classic `ced`, year-coded `cedYYcd`), if present


CLASSIC = Layout(
    name="classic",
    postcode="pcds",
    county="oscty",
    district="oslaua",
    ward="osward",
    constituency="pcon",
    country="ctry",
)


def detect_layout(header: list[str]) -> tuple[Layout, dict[str, int]]:
    """The layout and column positions from a header row; OnspdLayoutError if unknown.

    Classic (to August 2025): pcds, oscty, oslaua, osward, pcon, ctry, lat, long, doterm.
    Year-coded (November 2025 on): pcds, ctyYYcd, ladYYcd, wdYYcd, pconYYcd, ctryYYcd, ...:
    the year in each name changes with boundary years, so it is matched as a pattern."""
    names = [name.strip().strip('"').lower() for name in header]
    position = {name: index for index, name in enumerate(names)}
    layout: Layout | None = None
    if all(name in position for name in ("pcds", "oscty", "oslaua", "osward", "pcon", "ctry")):
        layout = replace(CLASSIC, division="ced" if "ced" in position else "")
    else:
        found = {}
        for key, prefix in (
            ("county", "cty"),
            ("district", "lad"),
            ("ward", "wd"),
            ("constituency", "pcon"),
            ("country", "ctry"),
        ):
            matches = [name for name in names if re.fullmatch(rf"{prefix}\d\dcd", name)]
            if matches:
                found[key] = max(matches)  # the newest year if several are present
        if len(found) == 5 and "pcds" in position:
            years = sorted({found[k][-4:-2] for k in found})
            divisions = [name for name in names if re.fullmatch(r"ced\d\dcd", name)]
            layout = Layout(
                name=f"yearcoded-{'/'.join(years)}",
                postcode="pcds",
                division=max(divisions) if divisions else "",
                **found,
            )
    if layout is None or not all(c in position for c in (layout.lat, layout.lng, layout.terminated)):
        shown = ", ".join(names[:15]) + ("…" if len(names) > 15 else "")
        raise OnspdLayoutError(
            "Not an ONS Postcode Directory layout this importer understands. Expected either the "
            "classic columns (pcds, oscty, oslaua, osward, pcon, ctry, lat, long, doterm) or the "
            "November 2025 columns (pcds, cty25cd, lad25cd, wd25cd, pcon24cd, ctry25cd, lat, long, "
            f"doterm). The file's header starts: {shown}"
        )
    # An absent optional column (the division) reads as position -1: always None.
    positions = {key: position.get(getattr(layout, key), -1) for key in COLUMNS}
    return layout, positions


@contextmanager
def open_onspd(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream of the ONSPD CSV inside `path` (.csv, .csv.gz or the ONS .zip)."""
    path = Path(path)
    if not path.is_file():
        raise OnspdFileError(f"{path}: file not found")
    name = path.name.lower()
    if name.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise OnspdFileError(f"{path}: not a readable zip file") from exc
        with archive:
            member = _zip_member(archive)
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    elif name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield handle


def _zip_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    # ONS zips hold Data/ONSPD_<MON>_<YEAR>_UK.csv beside Data/multi_csv/, Documents/ and User Guide.
    csvs = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
    preferred = [
        info
        for info in csvs
        if re.search(r"(^|/)data/onspd[^/]*\.csv$", info.filename, re.IGNORECASE)
        and "multi_csv" not in info.filename.lower()
    ]
    candidates = preferred or [info for info in csvs if "onspd" in info.filename.lower()] or csvs
    if not candidates:
        raise OnspdFileError("the zip holds no CSV file (expected Data/ONSPD_*.csv)")
    return max(candidates, key=lambda info: info.file_size)


def read_header(path: Path) -> list[str]:
    with open_onspd(path) as handle:
        return next(csv.reader(handle), [])


def file_layout(path: Path) -> Layout | None:
    """The layout of a file, or None if it is not ONSPD."""
    try:
        return detect_layout(read_header(path))[0]
    except (OnspdLayoutError, OnspdFileError, *_READ_ERRORS):
        return None


def fingerprint(path: Path) -> str:
    stat = Path(path).stat()
    return f"{Path(path).name}:{stat.st_size}:{int(stat.st_mtime)}"


class _CodeMemo(dict[str, str | None]):
    """codes.clean_code, remembered per raw text."""

    def __missing__(self, raw: str) -> str | None:
        value = self[raw] = clean_code(raw)
        return value


_PCDS_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
_FLOAT_RE = re.compile(r"^-?[0-9]{1,3}(\.[0-9]+)?$")
_DOTERM_RE = re.compile(r"^([12][0-9]{3})(0[1-9]|1[0-2])$")


def iter_rows(reader: Iterator[list[str]], positions: dict[str, int]) -> Iterator[tuple[str | None, ...]]:
    """The CSV rows after the header as (postcode, country, county, district, ward, constituency,
    lat, lng, terminated) text, None for missing; pseudo codes (E99999999 …) and 'no location'
    (lat 99.999999) become None."""
    i_pc, i_cty, i_cnty, i_lad, i_wd, i_pcon, i_lat, i_lng, i_term, i_ced = (positions[k] for k in COLUMNS)
    width = max(positions.values()) + 1
    code = _CodeMemo().__getitem__  # a few thousand distinct codes in 1.7 million rows

    for row in reader:
        if len(row) < width:
            continue
        postcode = row[i_pc]
        if not _PCDS_RE.match(postcode):
            postcode = normalise_postcode(postcode)  # type: ignore[assignment]
            if postcode is None:
                continue
        lat, lng = row[i_lat], row[i_lng]
        if not lat or lat.startswith("99.99") or not _FLOAT_RE.match(lat) or not _FLOAT_RE.match(lng):
            lat = lng = None  # type: ignore[assignment]
        term = row[i_term]
        terminated = None
        if term:
            match = _DOTERM_RE.match(term.strip())
            terminated = f"{match.group(1)}-{match.group(2)}-01" if match else None
        yield (
            postcode,
            code(row[i_cty]),
            code(row[i_cnty]),
            code(row[i_lad]),
            code(row[i_wd]),
            code(row[i_pcon]),
            lat,
            lng,
            terminated,
            code(row[i_ced]) if i_ced >= 0 else None,
        )


@dataclass
class ImportResult:
    rows: int
    seconds: float
    layout: str
    skipped: bool = False


def import_onspd(
    path: Path, *, progress: Progress | None = None, every: int = 200_000, force: bool = True
) -> ImportResult:
    """Load an ONSPD file into a new table and swap it in. Returns rows loaded and seconds taken."""
    path = Path(path)
    try:
        with open_onspd(path) as handle:
            return _import(
                path, csv.reader(handle), say=progress or (lambda _message: None), every=every, force=force
            )
    except _READ_ERRORS as exc:
        raise OnspdFileError(f"{path.name}: cannot be read as an ONSPD CSV file ({exc})") from exc


def _import(
    path: Path, reader: Iterator[list[str]], *, say: Progress, every: int, force: bool
) -> ImportResult:
    started = time.monotonic()
    header = next(reader, None)
    if not header:
        raise OnspdLayoutError(f"{path.name}: the file is empty")
    layout, positions = detect_layout(header)
    print_ = fingerprint(path)
    if not force and DataImport.objects.filter(kind=DataImport.Kind.POSTCODES, fingerprint=print_).exists():
        say(f"{path.name} was already imported; skipping")
        return ImportResult(rows=Postcode.objects.count(), seconds=0.0, layout=layout.name, skipped=True)
    say(f"{path.name}: {layout.name} ONSPD layout")
    rows = iter_rows(reader, positions)
    if connection.vendor == "postgresql":
        count = _load_postgresql(rows, say, every, started)
    elif connection.vendor == "sqlite":
        count = _load_sqlite(rows, say, every, started)
    else:  # pragma: no cover - only the two supported databases
        raise OnspdFileError(f"unsupported database {connection.vendor}")
    seconds = time.monotonic() - started
    DataImport.objects.create(
        kind=DataImport.Kind.POSTCODES,
        source=str(path)[-300:],
        fingerprint=print_,
        layout=layout.name,
        rows=count,
        seconds=round(seconds, 2),
    )
    say(f"Imported {count:,} postcodes in {seconds:.1f} s")
    return ImportResult(rows=count, seconds=seconds, layout=layout.name)


def _report(say: Progress, count: int, started: float) -> None:
    elapsed = time.monotonic() - started
    say(f"  {count:,} rows, {elapsed:.0f} s ({count / max(elapsed, 0.001):,.0f} rows/s)")


def _load_postgresql(
    rows: Iterator[tuple[str | None, ...]], say: Progress, every: int, started: float
) -> int:
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {NEW_TABLE}")
        cursor.execute(
            f"CREATE TABLE {NEW_TABLE} (postcode varchar(8) NOT NULL, country varchar(9), "
            "county varchar(9), district varchar(9), ward varchar(9), constituency varchar(9), "
            "lat double precision, lng double precision, terminated date, division varchar(9))"
        )
        raw = cursor.cursor  # the psycopg cursor: COPY streams text straight to the server
        buffer: list[str] = []
        with raw.copy(f"COPY {NEW_TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                # Values are checked in iter_rows: codes, postcodes, numbers, dates; no tabs or escapes.
                buffer.append("\t".join("\\N" if value is None else value for value in row))
                count += 1
                if len(buffer) >= 20_000:
                    copy.write("\n".join(buffer) + "\n")
                    buffer.clear()
                    if count % every == 0:
                        _report(say, count, started)
            if buffer:
                copy.write("\n".join(buffer) + "\n")
        _report(say, count, started)
        say("Building the index…")
        try:
            with transaction.atomic():
                cursor.execute(
                    f"ALTER TABLE {NEW_TABLE} ADD CONSTRAINT {NEW_TABLE}_pkey PRIMARY KEY (postcode)"
                )
        except IntegrityError as exc:
            raise OnspdFileError(
                "the file lists the same postcode twice; the live table is unchanged"
            ) from exc
        cursor.execute(f"ANALYZE {NEW_TABLE}")
    say("Swapping the new table in…")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '30s'")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD_TABLE}")
        cursor.execute(f"ALTER TABLE {NEW_TABLE} RENAME TO {TABLE}")
        cursor.execute(f"DROP TABLE {OLD_TABLE}")
        cursor.execute(f"ALTER INDEX {NEW_TABLE}_pkey RENAME TO {TABLE}_pkey")
    return count


def _load_sqlite(rows: Iterator[tuple[str | None, ...]], say: Progress, every: int, started: float) -> int:
    count = 0
    batch_size = 100_000
    with connection.cursor() as cursor:
        retry_if_locked(lambda: cursor.execute(f"DROP TABLE IF EXISTS {NEW_TABLE}"))
        create = (
            f'CREATE TABLE {NEW_TABLE} ("postcode" varchar(8) NOT NULL, "country" varchar(9) NULL, '
            '"county" varchar(9) NULL, "district" varchar(9) NULL, "ward" varchar(9) NULL, '
            '"constituency" varchar(9) NULL, "lat" real NULL, "lng" real NULL, "terminated" date NULL, '
            '"division" varchar(9) NULL)'
        )
        retry_if_locked(lambda: cursor.execute(create))
        sql = f"INSERT INTO {NEW_TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
        batch: list[tuple[str | None, ...]] = []
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= batch_size:
                with transaction.atomic():
                    retry_if_locked(lambda: cursor.executemany(sql, batch))
                batch.clear()
                if count % every == 0:
                    _report(say, count, started)
        if batch:
            with transaction.atomic():
                retry_if_locked(lambda: cursor.executemany(sql, batch))
        _report(say, count, started)
        say("Building the index…")
        index = f"{TABLE}_pk_{int(time.time() * 1000)}"
        try:
            with transaction.atomic():
                retry_if_locked(
                    lambda: cursor.execute(f"CREATE UNIQUE INDEX {index} ON {NEW_TABLE} (postcode)")
                )
        except IntegrityError as exc:
            raise OnspdFileError(
                "the file lists the same postcode twice; the live table is unchanged"
            ) from exc
    say("Swapping the new table in…")
    with transaction.atomic(), connection.cursor() as cursor:
        retry_if_locked(lambda: cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD_TABLE}"))
        retry_if_locked(lambda: cursor.execute(f"ALTER TABLE {NEW_TABLE} RENAME TO {TABLE}"))
    with transaction.atomic(), connection.cursor() as cursor:
        retry_if_locked(lambda: cursor.execute(f"DROP TABLE {OLD_TABLE}"))
    return count
