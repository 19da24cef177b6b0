"""Form fields (templates/macros/forms.html): every hint a field points at is on the page, required
fields say so, and a box sits in one element with its label."""

import re


def html_of(client, path: str) -> str:
    """The page's HTML."""
    return client.get(path).get_data(as_text=True)


def test_every_hint_a_field_points_at_is_rendered(client):
    html = html_of(client, "/events/submit")
    described = [ident for value in re.findall(r'aria-describedby="([^"]+)"', html) for ident in value.split()]
    assert "city_only-hint" in described
    assert [ident for ident in described if f'id="{ident}"' not in html] == []


def test_a_checkbox_its_label_and_its_hint_share_one_field(client):
    html = html_of(client, "/events/submit")
    wrapper = re.search(r'<div class="field field-check">(.*?)</div>', html[html.index('id="city_only"') - 200 :], re.S)
    assert 'id="city_only"' in wrapper.group(1)
    assert '<label for="city_only">' in wrapper.group(1)
    assert re.search(r'<p class="hint" id="city_only-hint">\s*\S', wrapper.group(1))


def test_required_fields_are_marked_and_optional_ones_are_not(client):
    html = html_of(client, "/events/submit")
    labels = dict(re.findall(r'<label for="(\w+)">(.*?)</label>', html, re.S))
    assert '<span class="required">(required)</span>' in labels["title"]
    assert "required" not in labels["venue"]


def test_choices_are_boxes_beside_their_labels_not_a_bulleted_list(client):
    html = html_of(client, "/subscribe")
    boxes = re.findall(r'<input[^>]*type="(?:checkbox|radio)"[^>]*>', html)
    assert boxes
    for box in boxes:
        ident = re.search(r'id="([^"]+)"', box).group(1)
        # The label follows its box inside the same element, nothing between them but a space.
        assert re.search(re.escape(box) + r'\s*<label for="' + re.escape(ident) + '"', html), box
