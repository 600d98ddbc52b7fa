from setuptools import find_packages, setup

setup(
    name="acme-weather",
    version="0.3.1",
    packages=find_packages("src"),
    package_dir={"": "src"},
    install_requires=[
        "reqeusts>=2.31",
        "python-dateutil>=2.8",
        "colourama",
    ],
    python_requires=">=3.9",
)
