"""Package list for setuptools (metadata lives in pyproject.toml).

``resources/`` and ``examples/`` stay at the top of the repository; they ship inside the package as
``planner/_resources`` and ``planner/_examples`` so installed wheels and bundles find them through
``planner.resources``.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["planner", "planner.*"]), "planner._resources", "planner._examples"],
    package_dir={"planner._resources": "resources", "planner._examples": "examples"},
)
