import tarfile
import zipfile
from pathlib import Path


def install_theme(archive: Path, themes_dir: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(themes_dir)


def unpack_upload(upload: Path, dest: Path) -> list[str]:
    names = []
    with zipfile.ZipFile(upload) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            names.append(info.filename)
    return names
