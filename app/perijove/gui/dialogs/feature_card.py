"""The card a click on a named feature or a hot spot opens: what it is, where it is (with the
coordinate convention), how big, how powerful where a catalogue says, what Juno saw there, and
a link to every source. Also the About box's lines for these tables."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from perijove.catalogs.feature_notes import FeatureNote, feature_note
from perijove.catalogs.features import COORDINATE_CONVENTION, Feature, find_feature
from perijove.catalogs.hotspots import Hotspot, load_hotspots

QUALIFIERS = {"~": "about ", ">": "more than ", "": ""}
GAZETTEER = "IAU/USGS Gazetteer of Planetary Nomenclature"
GAZETTEER_URL = "https://planetarynames.wr.usgs.gov"


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


def position_text(lat_deg: float, lon_east_deg: float) -> str:
    """'13.01° N, 51.21° E (308.79° W)'."""
    ns = "N" if lat_deg >= 0 else "S"
    return (f"{abs(lat_deg):.2f}° {ns}, {lon_east_deg:.2f}° E "
            f"({(-lon_east_deg) % 360.0:.2f}° W)")


def value_text(h: Hotspot) -> str:
    """The hot spot's quantity in words and units, never mixing total and spectral values."""
    number = f"{QUALIFIERS.get(h.value_qualifier, '')}{h.value:,g} {h.unit}"
    if h.uncertainty:
        number += f" ± {h.uncertainty:,g} {h.unit}"
    if h.quantity == "total_power":
        return f"{number} total radiant power"
    kind = h.quantity.replace("_", " ")
    return (f"{number} {kind} at {h.wavelength_um:g} µm (a value at one wavelength, not a "
            "total power)")


def _notes_html(body: str, name: str) -> str:
    notes: tuple[FeatureNote, ...] = feature_note(body, name)
    if not notes:
        return ""
    items = []
    for n in notes:
        when = ", ".join(f"PJ{p}" for p in n.perijoves) or n.date
        items.append(f"<li><b>{html.escape(when)}</b> ({html.escape(n.instrument)}): "
                     f"{html.escape(n.note)} Source: {_link(n.source_url, n.source)}</li>")
    return "<h4>What Juno (and others) saw</h4><ul>" + "".join(items) + "</ul>"


def _hotspot_items(rows: list[Hotspot]) -> str:
    items = []
    for h in rows:
        extra = f", {html.escape(h.epoch)}" if h.epoch else ""
        items.append(f"<li>{html.escape(value_text(h))} ({html.escape(h.catalogue)}{extra}; "
                     f"{html.escape(h.instrument)}). {html.escape(h.notes)} Source: "
                     f"{_link(h.source_url, h.source)}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def feature_card_html(body: str, name: str) -> str:
    """The card of a named feature; a one-line paragraph if the name is not in the table."""
    f: Feature | None = find_feature(body, name)
    if f is None:
        return f"<p>No feature called {html.escape(name)} on {html.escape(body.title())}.</p>"
    size = (f"{f.diameter_km:,.0f} km across" if f.diameter_km is not None
            else "no size published in the Gazetteer")
    out = [f"<h3>{html.escape(f.name)}</h3>",
           f"<p>{html.escape(f.feature_type.capitalize())} on {html.escape(body.title())}"
           f"<br>Position: {position_text(f.lat_deg, f.lon_east_deg)}"
           f"<br><small>{html.escape(COORDINATE_CONVENTION)}</small>"
           f"<br>Size: {html.escape(size)}</p>"]
    rows = [h for h in load_hotspots().items if h.gazetteer_feature == f.name] \
        if body == "io" else []
    if rows:
        out.append("<h4>Thermal output</h4>" + _hotspot_items(rows))
    out.append(_notes_html(body, f.name))
    out.append(f"<p>Source: {_link(f.gazetteer_url, GAZETTEER)} (feature {f.feature_id})</p>")
    return "".join(out)


def hotspot_card_html(hotspot_id: str) -> str:
    """The card of one hot-spot row, with the feature it belongs to and the rows of other
    catalogues for the same volcano."""
    by_id = {h.hotspot_id: h for h in load_hotspots().items}
    h = by_id.get(hotspot_id)
    if h is None:
        return f"<p>No hot spot {html.escape(hotspot_id)} in the table.</p>"
    out = [f"<h3>{html.escape(h.volcano)}</h3>",
           f"<p>Volcanic hot spot on Io<br>Position: {position_text(h.lat_deg, h.lon_east_deg)}"
           f" ({html.escape(h.position_source)})"
           f"<br><small>{html.escape(COORDINATE_CONVENTION)}</small></p>",
           "<h4>Thermal output</h4>", _hotspot_items([h])]
    others = [by_id[k] for k in h.same_volcano_rows if k in by_id]
    if others:
        out.append("<h4>The same volcano in other catalogues</h4>" + _hotspot_items(others))
    if h.gazetteer_feature:
        f = find_feature("io", h.gazetteer_feature)
        if f is not None:
            out.append(f"<p>On {html.escape(f.name)} ({html.escape(f.feature_type)}, "
                       f"{_link(f.gazetteer_url, 'Gazetteer')})</p>")
        out.append(_notes_html("io", h.gazetteer_feature))
    return "".join(out)


def surface_sources_html() -> str:
    """About / Data sources: the Gazetteer and every hot-spot catalogue, with links."""
    seen: dict[str, Hotspot] = {}
    for h in load_hotspots().items:
        seen.setdefault(h.catalogue, h)
    catalogues = "".join(f"<li><b>Io hot spots</b>, {html.escape(name)}: "
                         f"{_link(h.source_url, h.source)}</li>"
                         for name, h in sorted(seen.items()))
    return ("<h4>Named features and hot spots</h4><ul>"
            "<li><b>Feature names and positions</b>: "
            f"{_link(GAZETTEER_URL, GAZETTEER)}"
            " (assets/features; tools/rebuild_feature_tables.py rebuilds them)</li>"
            f"{catalogues}</ul>")


class FeatureCard(QDialog):
    """A small window with one card; links open in the browser."""

    def __init__(self, title: str, card_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureCard")
        self.setWindowTitle(title)
        self.label = QLabel(card_html)
        self.label.setObjectName("featureCardText")
        self.label.setTextFormat(Qt.RichText)
        self.label.setWordWrap(True)
        self.label.setOpenExternalLinks(True)
        self.label.setTextInteractionFlags(Qt.TextBrowserInteraction)
        self.label.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)


def card_for(kind: str, key: str, parent: QWidget | None = None) -> FeatureCard:
    """The card of a pick from the viewport: ("feature", "feature:BODY:NAME") or
    ("hotspot", hotspot_id)."""
    if kind == "feature":
        _, body, name = key.split(":", 2)
        return FeatureCard(name, feature_card_html(body, name), parent)
    return FeatureCard("Hot spot", hotspot_card_html(key), parent)
