"""sync_mps over all 650 real constituency names, against a fake Members API built from the
open-data MP list: every seat must end up with the MP the list names. Our areas carry the ONS
names ("Montgomeryshire and Glyndwr"), the API Parliament's ("Montgomeryshire and Glyndŵr"),
and the API's search is literal (case-insensitive, accent-sensitive), as the real one is."""

from __future__ import annotations

import csv

import pytest

from kinship.geography.models import Area, AreaType
from kinship.representatives.clients.parliament import ParliamentClient
from kinship.representatives.models import Office, Role
from kinship.representatives.mps import mps_sync
from kinship.representatives.tests import parliament_shapes as shapes
from kinship.representatives.tests.fake_http import Reply, fake_server

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_real_constituency_gets_the_right_mp(shared_data):
    with (shared_data / "constituencies" / "current-MPs.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    with (shared_data / "constituencies" / "pcon24_constituencies_uk.csv").open(encoding="utf-8-sig") as f:
        ons_names = {r["PCON24CD"]: r["PCON24NM"] for r in csv.DictReader(f)}
    Area.objects.bulk_create(
        [Area(code=r["PCON24CD"], name=ons_names[r["PCON24CD"]], type=AreaType.CONSTITUENCY) for r in rows]
    )
    members = {
        int(r["ID"]): shapes.member(int(r["ID"]), r["MP"], r["PCON24NM"], party=r["Party name"]) for r in rows
    }
    constituencies = [
        shapes.constituency(10000 + i, r["PCON24NM"], members[int(r["ID"])]) for i, r in enumerate(rows)
    ]

    def search(path, query):
        # Like the real API: a literal "contains" search, paged with skip/take.
        text = query["searchText"][0].lower()
        hits = [c for c in constituencies if text in c["value"]["name"].lower()]
        skip, take = int(query["skip"][0]), int(query["take"][0])
        return Reply(body=shapes.search(hits[skip : skip + take], total=len(hits), skip=skip, take=take))

    def member(path, query):
        member_id = int(path.split("/")[3])
        if path.endswith("/Contact"):
            return Reply(body=shapes.contact(email=f"mp{member_id}@parliament.uk"))
        return Reply(body=shapes.member_item(members[member_id]))

    with fake_server() as server:
        server.route("/api/Location/Constituency/Search", search)
        for member_id in members:
            server.route(f"/api/Members/{member_id}", member)
            server.route(f"/api/Members/{member_id}/Contact", member)
        with ParliamentClient(server.url, timeout=5, max_retries=0, backoff=0) as client:
            report = mps_sync(client=client)

    assert report.unmatched == [] and report.errors == []
    assert len(report.created) == len(rows) == 650
    got = dict(
        Office.objects.filter(role=Role.MP, end_date__isnull=True).values_list("area__code", "person__name")
    )
    assert got == {r["PCON24CD"]: r["MP"] for r in rows}
