"""Public addresses carry opaque slugs: no sequence to walk, no gap that betrays a withheld record."""

import re
from datetime import date

from tracker.prisoners.models import EventKind

DETAINED = [(EventKind.DETENTION, date(2022, 3, 1))]


def test_no_public_link_or_api_field_carries_a_sequential_id(client, make_prisoner, slug_of):
    ids = [make_prisoner(f"Person {n}", timeline=DETAINED) for n in range(3)]
    listing = client.get("/prisoners").get_data(as_text=True)
    linked = re.findall(r'href="/prisoners/([^"/?#]+)"', listing)
    assert sorted(linked) == sorted(slug_of(prisoner_id) for prisoner_id in ids)
    assert not any(slug.isdigit() for slug in linked)
    items = client.get("/api/v1/prisoners").get_json()["items"]
    assert all(isinstance(item["id"], str) and not item["id"].isdigit() for item in items)
    assert all(f"/prisoners/{item['id']}" in item["url"] for item in items)
    for row in client.get("/api/v1/export/prisoners.json").get_json()["items"]:
        assert not str(row["id"]).isdigit()


def test_old_numbered_addresses_of_public_records_move_to_their_slug(client, make_prisoner, slug_of):
    prisoner_id = make_prisoner("Ales Public", timeline=DETAINED)
    page = client.get(f"/prisoners/{prisoner_id}")
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/prisoners/{slug_of(prisoner_id)}")
    api = client.get(f"/api/v1/prisoners/{prisoner_id}")
    assert api.status_code == 301 and api.headers["Location"].endswith(f"/api/v1/prisoners/{slug_of(prisoner_id)}")


def test_a_record_entered_after_slugs_has_no_numbered_address(client, make_prisoner):
    # Its number would only tell a crawler which numbers are public: it answers like any unknown one.
    prisoner_id = make_prisoner("Entered later", numbered_address=False, timeline=DETAINED)
    assert client.get(f"/prisoners/{prisoner_id}").status_code == 404
    assert client.get(f"/api/v1/prisoners/{prisoner_id}").status_code == 404


def test_a_crawler_cannot_tell_a_withheld_record_from_one_that_never_existed(
    client, make_prisoner, slug_of, without_own_address
):
    make_prisoner("Before", timeline=DETAINED)
    withheld = make_prisoner("Withheld Person", name_withheld=True, timeline=DETAINED)
    make_prisoner("After", timeline=DETAINED)
    never = withheld + 1000
    for template in ("/prisoners/{}", "/prisoners/{}/photo", "/api/v1/prisoners/{}"):
        for pair in ((withheld, never), (slug_of(withheld), "zz9zz9zz9zz9")):
            answers = []
            for value in pair:
                response = client.get(template.format(value))
                # The page repeats its own address (the language switcher's return link); nothing else differs.
                answers.append((response.status_code, without_own_address(response.get_data(as_text=True), value)))
            assert answers[0] == answers[1] and answers[0][0] == 404
