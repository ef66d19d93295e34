"""Which packages the wheel holds, found at build time rather than listed by hand.

The rest of the build configuration is in pyproject.toml. Every folder under app/perijove is a
package (modules move between subpackages as the code grows). The data folders at the
repository's top are mapped into the package by pyproject.toml's package-dir, and so are their
subfolders (assets/features/ -> perijove.assets.features, scenes/shows/ ->
perijove.scenes_shipped.shows); pyproject.toml's package-data globs take every file in them.
"""

from setuptools import find_namespace_packages, setup

# Each top-level data folder and the package it becomes (as in pyproject.toml's package-dir).
DATA_FOLDERS = {"assets": "perijove.assets", "scenes": "perijove.scenes_shipped"}

code = find_namespace_packages("app", include=["perijove", "perijove.*"],
                               exclude=["*.__pycache__"])
data = [
    f"{package}.{sub}" if sub else package
    for folder, package in DATA_FOLDERS.items()
    for sub in ["", *find_namespace_packages(folder, exclude=["__pycache__", "*.__pycache__"])]
]

setup(packages=code + data)
