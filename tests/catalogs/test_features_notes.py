"""Sourced notes on features Juno observed (assets/feature_notes.csv)."""

from __future__ import annotations

import pytest

from perijove.catalogs import features
from perijove.catalogs.feature_notes import feature_note, load_feature_notes
from perijove.flybys.catalog import perijove


def test_every_note_has_a_source_and_an_address() -> None:
    loaded = load_feature_notes()
    assert loaded.warning is None and len(loaded) >= 10
    for note in loaded:
        assert note.source and note.source_url.startswith("https://"), note.feature
        assert note.note.endswith((".", ")")), note.feature


def test_gazetteer_named_notes_point_at_real_features() -> None:
    for note in load_feature_notes():
        if note.gazetteer_name:
            assert features.find_feature(note.body, note.feature) is not None, note.feature
        else:
            assert features.find_feature(note.body, note.feature) is None, note.feature


def test_perijoves_named_in_notes_are_real_perijoves_on_their_dates() -> None:
    for note in load_feature_notes():
        for number in note.perijoves:
            assert perijove(number) is not None, (note.feature, number)
    # PJ60 = 9 April 2024 and PJ68 = 27 December 2024 (assets/perijoves.csv, from mission tables)
    (south,) = feature_note("io", "south polar region")
    assert south.perijoves == (60,) and perijove(60).utc.startswith(south.date)
    (pj68,) = feature_note("io", "PJ68 southern hot spot")
    assert perijove(68).utc.startswith(pj68.date)


def test_loki_patera_notes_include_the_juno_islands() -> None:
    notes = feature_note("IO", "loki patera")
    assert len(notes) == 3
    assert [n.date for n in notes] == sorted(n.date for n in notes)
    assert any(57 in n.perijoves and "islands" in n.note for n in notes)
    assert feature_note("io", "Pele") == ()  # no Juno-era note on Pele was found


def test_unknown_body_is_a_value_error_and_bad_file_a_warning(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown body 'vesta'; choose one of"):
        feature_note("vesta", "Marcia")
    missing = load_feature_notes(tmp_path / "feature_notes.csv")
    assert missing.items == () and "missing" in missing.warning
    bad = tmp_path / "bad.csv"
    bad.write_text("body,feature,gazetteer_name,perijoves,instrument,date,note,source,source_url\n"
                   "io,Loki Patera,maybe,PJ57,JunoCam,2024,x.,y,https://example.org\n",
                   encoding="utf-8")
    loaded = load_feature_notes(bad)
    assert loaded.items == () and "gazetteer_name" in loaded.warning
    assert feature_note("io", "Loki Patera", path=bad) == ()
