"""IAU WGSN star names keyed by HIP number."""

from __future__ import annotations

from perijove.catalogs.star_names import star_names
from perijove.catalogs.stars import StarCatalog


def test_the_names_are_the_iau_wgsn_list() -> None:
    names = star_names()
    # IAU-CSN 2018-09-07: 336 names, of which one (Lich, the pulsar PSR B1257+12) has no HIP.
    assert len(names) == 335
    assert names[32349] == "Sirius" and names[91262] == "Vega"
    assert names[27989] == "Betelgeuse" and names[11767] == "Polaris"
    assert names[71683] == "Rigil Kentaurus" and names[71681] == "Toliman"
    assert names[87937] == "Barnard's Star"  # the apostrophe survives the CSV


def test_the_callers_copy_is_their_own() -> None:
    star_names()[32349] = "Dog Star"
    assert star_names()[32349] == "Sirius"


def test_every_named_star_but_one_is_in_the_catalogue(stars: StarCatalog) -> None:
    missing = [name for hip, name in star_names().items() if stars.index_of_hip(hip) is None]
    # Alula Australis (xi UMa, HIP 55203) has no entry in Hipparcos-2 (van Leeuwen 2007).
    assert missing == ["Alula Australis"]
    # The brightest stars have names: at least 20 named stars are brighter than V = 1.7.
    named_bright = [hip for hip in star_names() if (i := stars.index_of_hip(hip)) is not None
                    and stars.v_mag[i] <= 1.7]
    assert len(named_bright) >= 20
